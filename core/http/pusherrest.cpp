// SPDX-License-Identifier: MIT
// Pusher's REST API beside the Bearer API: a request that carries auth_signature in its query (and no Bearer
// header) is authenticated by Pusher's query signature and answered in Pusher's shapes.
#include "httpapi.h"

#include "auth/pushersignature.h"
#include "service/hub.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QUrlQuery>

namespace Relay {

namespace {
QByteArray methodOf(const QHttpServerRequest &request)
{
    return request.method() == QHttpServerRequest::Method::Post ? QByteArray("POST") : QByteArray("GET");
}
} // namespace

bool HttpApi::isPusherRequest(const QHttpServerRequest &request)
{
    if (request.value("Authorization").startsWith("Bearer "))
        return false;
    return QUrlQuery(request.url()).hasQueryItem(QStringLiteral("auth_signature"));
}

Reply HttpApi::pusherRoute(AppState &app, const QHttpServerRequest &request, const RouteMatch &match)
{
    const QString path = request.url().path(QUrl::FullyEncoded);
    const PusherSignature::QueryItems query = QUrlQuery(request.url()).queryItems(QUrl::FullyDecoded);
    SignatureFailure failure;
    const Status verified = PusherSignature::verify(methodOf(request), path, query, request.body(), app.config.key,
        app.config.secret, QDateTime::currentSecsSinceEpoch(), &failure);
    if (!verified) {
        m_hub.noteAuthFailure(app, {}, QStringLiteral("%1 %2").arg(QString::fromLatin1(methodOf(request)), path), {},
            verified.error().message, failure);
        return Reply::text(verified.error());
    }
    switch (match.route) {
    case Route::Publish:
        return pusherTrigger(app, request);
    case Route::PusherBatch:
        return pusherBatch(app, request);
    case Route::Channels:
        return pusherChannels(app, request);
    case Route::Channel:
        return pusherChannel(app, match.params.value(1), request);
    case Route::ChannelUsers:
        return pusherUsers(app, match.params.value(1));
    case Route::TerminateUser:
        m_hub.terminateUserConnections(app, match.params.value(1));
        return Reply::json({});
    default:
        // History, the events log and the relay's own batch: a Pusher signature authenticates them as well.
        return serve(app, request, match);
    }
}

} // namespace Relay
