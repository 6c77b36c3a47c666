// SPDX-License-Identifier: MIT
// Routing, authentication and response writing; the handlers live in *handlers.cpp beside this file.
#include "httpapi.h"

#include "auth/signer.h"
#include "service/hub.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace Relay {

namespace {
QByteArrayView methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "UNKNOWN";
    }
}

bool requiresBearer(Route route)
{
    return route != Route::Auth && route != Route::Health && route != Route::Stats && route != Route::WebSocket;
}

Reply preflight(const RouteMatch &match)
{
    Reply reply { 204, {}, {} };
    reply.headers = { { "Access-Control-Allow-Methods", match.allowedMethods },
        { "Access-Control-Allow-Headers", "Authorization, Content-Type, X-Requested-With, X-Socket-ID" },
        { "Access-Control-Max-Age", "86400" } };
    return reply;
}
} // namespace

HttpApi::HttpApi(Hub &hub)
    : m_hub(hub)
{
}

void HttpApi::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const Reply reply = dispatch(request);
    m_hub.noteApiCall(QString::fromLatin1(methodName(request.method())), request.url().path(), reply.status, reply.body);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
    responder.writeHeader("Access-Control-Allow-Origin", "*");
    for (const auto &[name, value] : reply.headers)
        responder.writeHeader(name, value);
    if (reply.status == 204) {
        responder.writeHeader("Content-Length", "0");
        responder.writeBody(QByteArray());
        return;
    }
    responder.writeHeader("Content-Type", reply.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    responder.writeBody(reply.body);
}

Reply HttpApi::dispatch(const QHttpServerRequest &request)
{
    const QByteArrayView method = methodName(request.method());
    const Result<RouteMatch> match = Router::match(method, request.url().path(QUrl::FullyEncoded).toUtf8());
    if (!match) {
        if (match.error().code != ErrorCode::MethodNotAllowed)
            return Reply::error(match.error());
        Reply reply = Reply::error(ErrorCode::MethodNotAllowed,
            QStringLiteral("method %1 is not allowed here; allowed: %2")
                .arg(QString::fromLatin1(method), match.error().message));
        reply.headers.append(qMakePair(QByteArray("Allow"), match.error().message.toLatin1()));
        return reply;
    }
    if (method == "OPTIONS")
        return preflight(*match);
    return route(request, *match);
}

Reply HttpApi::route(const QHttpServerRequest &request, const RouteMatch &match)
{
    switch (match.route) {
    case Route::Health:
        return Reply::json({ { QStringLiteral("status"), QStringLiteral("ok") } });
    case Route::Stats:
        return stats();
    case Route::WebSocket: {
        Reply reply = Reply::error(ErrorCode::BadRequest,
            QStringLiteral("this is the WebSocket endpoint: connect with ws:// and a WebSocket client"));
        reply.status = 426; // Upgrade Required
        reply.headers.append(qMakePair(QByteArray("Upgrade"), QByteArray("websocket")));
        return reply;
    }
    default:
        break;
    }
    AppState *app = m_hub.appById(match.params.value(0));
    if (!app)
        return Reply::error(ErrorCode::NotFound, QStringLiteral("unknown app \"%1\"").arg(match.params.value(0).left(100)));
    if (requiresBearer(match.route) && isPusherRequest(request))
        return pusherRoute(*app, request, match);
    if (requiresBearer(match.route)) {
        const QByteArray header = request.value("Authorization");
        if (!header.startsWith("Bearer "))
            return Reply::error(ErrorCode::Unauthenticated,
                QStringLiteral("missing \"Authorization: Bearer <app secret>\" header"));
        if (!constantTimeEquals(header.mid(7).trimmed(), app->config.secret.toUtf8()))
            return Reply::error(ErrorCode::Unauthenticated, QStringLiteral("wrong app secret in Authorization header"));
    }
    return serve(*app, request, match);
}

Reply HttpApi::serve(AppState &app, const QHttpServerRequest &request, const RouteMatch &match)
{
    const QString channelName = match.params.value(1);
    switch (match.route) {
    case Route::Publish:
        return publish(app, request);
    case Route::Batch:
        return batch(app, request);
    case Route::Channels:
        return channels(app);
    case Route::Channel:
        return channel(app, channelName);
    case Route::ChannelUsers:
        return users(app, channelName);
    case Route::ChannelHistory:
        return history(app, channelName, request);
    case Route::EventsLog:
        return eventsLog(app);
    case Route::Auth:
        return auth(app, request);
    case Route::TerminateUser:
        return Reply::json({ { QStringLiteral("ok"), true },
            { QStringLiteral("terminated"), m_hub.terminateUserConnections(app, match.params.value(1)) } });
    case Route::PusherBatch:
        return Reply::error(ErrorCode::NotFound,
            QStringLiteral("batch_events is Pusher's endpoint and takes Pusher-signed requests; use /events/batch"));
    default:
        return Reply::error(ErrorCode::NotFound, QStringLiteral("no such endpoint"));
    }
}

} // namespace Relay
