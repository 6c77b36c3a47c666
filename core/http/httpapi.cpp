// SPDX-License-Identifier: MIT
// Routing, authentication and the REST endpoints both dialects share; the relay-only endpoints live in
// queryhandlers.cpp and authhandler.cpp beside this file.
#include "httpapi.h"

#include "auth/pushersignature.h"
#include "auth/signer.h"
#include "jsonbody.h"
#include "resthandlers.h"
#include "restpresenter.h"
#include "service/hub.h"
#include "stats/metricstext.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace Relay {

namespace {
Reply preflight(const RouteMatch &match)
{
    Reply reply { 204, {}, {} };
    reply.headers = { { "Access-Control-Allow-Methods", match.allowedMethods },
        { "Access-Control-Allow-Headers", "Authorization, Content-Type, X-Requested-With, X-Socket-ID" },
        { "Access-Control-Max-Age", "86400" } };
    return reply;
}

/// The `route` label of the HTTP metrics: stable names, never the path (paths hold ids and channel names).
QByteArrayView routeLabel(Route route)
{
    switch (route) {
    case Route::Health:
        return "health";
    case Route::Stats:
        return "stats";
    case Route::Metrics:
        return "metrics";
    case Route::Publish:
        return "events";
    case Route::Batch:
        return "events_batch";
    case Route::Channels:
        return "channels";
    case Route::Channel:
        return "channel";
    case Route::ChannelUsers:
        return "channel_users";
    case Route::ChannelHistory:
        return "channel_events";
    case Route::EventsLog:
        return "events_log";
    case Route::Auth:
        return "auth";
    case Route::PusherBatch:
        return "batch_events";
    case Route::TerminateUser:
        return "terminate_connections";
    case Route::WebSocket:
        return "websocket";
    }
    return "unmatched";
}

/// Pusher's server SDKs sign the query instead of sending a Bearer header.
bool isPusherRequest(const HttpRequest &request, const QUrlQuery &query)
{
    return !request.header("Authorization").startsWith("Bearer ")
        && query.hasQueryItem(QStringLiteral("auth_signature"));
}
} // namespace

HttpApi::HttpApi(Hub &hub)
    : m_hub(hub)
{
}

Reply HttpApi::handle(const HttpRequest &request)
{
    QElapsedTimer timer;
    timer.start();
    QByteArrayView route = "unmatched";
    QString app;
    Reply reply = dispatch(request, route, app);
    m_hub.metrics().httpRequest(route, reply.status, timer.nsecsElapsed(), app, request.body.size(), reply.body.size());
    m_hub.noteApiCall(QString::fromLatin1(request.method), QString::fromUtf8(request.path()), reply.status, reply.body);
    return reply;
}

Reply HttpApi::dispatch(const HttpRequest &request, QByteArrayView &routeName, QString &app)
{
    const QByteArrayView method = request.method;
    const Result<RouteMatch> match = Router::match(method, request.path());
    if (!match) {
        if (match.error().code != ErrorCode::MethodNotAllowed)
            return Reply::error(match.error());
        Reply reply = Reply::error(ErrorCode::MethodNotAllowed,
            QStringLiteral("method %1 is not allowed here; allowed: %2")
                .arg(QString::fromLatin1(method.first(qMin<qsizetype>(method.size(), 20))), match.error().message));
        reply.headers.append(qMakePair(QByteArray("Allow"), match.error().message.toLatin1()));
        return reply;
    }
    routeName = routeLabel(match->route);
    if (match->route != Route::WebSocket && !match->params.isEmpty() && m_hub.appById(match->params.first()))
        app = match->params.first();
    if (method == "OPTIONS")
        return preflight(*match);
    return route(request, *match);
}

Reply HttpApi::route(const HttpRequest &request, const RouteMatch &match)
{
    switch (match.route) {
    case Route::Health:
        return health();
    case Route::Stats:
        return stats();
    case Route::Metrics: {
        if (!m_metricsSource)
            return Reply::error(ErrorCode::NotFound, QStringLiteral("metrics are turned off (--no-metrics)"));
        Reply reply { 200, m_metricsSource(), {} };
        reply.contentType = metricsContentType.toByteArray();
        return reply;
    }
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
    if (match.route == Route::Auth)
        return auth(*app, request);
    const QUrlQuery query = request.urlQuery();
    const bool pusher = isPusherRequest(request, query);
    const RestPresenter &presenter = pusher ? RestPresenter::pusher() : RestPresenter::relay();
    if (Status authenticated = authenticate(*app, request, query, pusher); !authenticated)
        return presenter.error(authenticated.error());
    return serve(*app, request, match, presenter);
}

Status HttpApi::authenticate(AppState &app, const HttpRequest &request, const QUrlQuery &query, bool pusher)
{
    if (pusher) {
        const QString path = QString::fromUtf8(request.path());
        SignatureFailure failure;
        const Status verified = PusherSignature::verify(request.method, path, query.queryItems(QUrl::FullyDecoded),
            request.body, app.config.key, app.config.secret, QDateTime::currentSecsSinceEpoch(), &failure);
        if (!verified) {
            m_hub.noteAuthFailure(app, {}, QStringLiteral("%1 %2").arg(QString::fromLatin1(request.method), path), {},
                verified.error().message, failure);
            return verified;
        }
        return Ok {};
    }
    const QByteArray header = request.header("Authorization");
    if (!header.startsWith("Bearer "))
        return Error { ErrorCode::Unauthenticated, QStringLiteral("missing \"Authorization: Bearer <app secret>\" header") };
    if (!constantTimeEquals(header.mid(7).trimmed(), app.config.secret.toUtf8()))
        return Error { ErrorCode::Unauthenticated, QStringLiteral("wrong app secret in Authorization header") };
    return Ok {};
}

Reply HttpApi::serve(AppState &app, const HttpRequest &request, const RouteMatch &match, const RestPresenter &presenter)
{
    const QString channelName = match.params.value(1);
    switch (match.route) {
    case Route::Publish:
        return publish(app, request, presenter, false);
    case Route::Batch:
        return publish(app, request, RestPresenter::relay(), true);
    case Route::PusherBatch:
        if (&presenter != &RestPresenter::pusher())
            return Reply::error(ErrorCode::NotFound,
                QStringLiteral("batch_events is Pusher's endpoint and takes Pusher-signed requests; use /events/batch"));
        return publish(app, request, presenter, true);
    case Route::Channels: {
        const Result<ChannelsQuery> query = presenter.readChannelsQuery(request);
        if (!query)
            return presenter.error(query.error());
        return presenter.channels(app, RestHandlers::channels(m_hub, app, *query), query->info);
    }
    case Route::Channel: {
        const Result<ChannelView> channel = RestHandlers::channel(m_hub, app, channelName);
        if (!channel)
            return presenter.error(channel.error());
        const Result<InfoFields> info = presenter.readChannelInfo(request, channel->type);
        if (!info)
            return presenter.error(info.error());
        return presenter.channel(app, *channel, *info);
    }
    case Route::ChannelUsers: {
        const Result<QList<PresenceMember>> users = RestHandlers::users(m_hub, app, channelName);
        return users ? presenter.users(*users) : presenter.error(users.error());
    }
    case Route::TerminateUser:
        return presenter.terminated(m_hub.terminateUserConnections(app, channelName));
    case Route::ChannelHistory:
        return history(app, channelName, request);
    case Route::EventsLog:
        return eventsLog(app);
    default:
        return Reply::error(ErrorCode::NotFound, QStringLiteral("no such endpoint"));
    }
}

Reply HttpApi::publish(AppState &app, const HttpRequest &request, const RestPresenter &presenter, bool batch)
{
    const Result<QJsonObject> body = parseJsonObject(request.body);
    if (!body)
        return presenter.error(body.error());
    const Result<QList<EventInput>> events = presenter.readEvents(*body, batch, app.config.maxBatchSize);
    if (!events)
        return presenter.error(events.error());
    if (Status published = RestHandlers::publish(m_hub, app, *events, batch); !published)
        return presenter.error(published.error());
    return presenter.published(
        *events, batch, [&](const QString &channel) { return RestHandlers::channelView(m_hub, app, channel); });
}

} // namespace Relay
