// SPDX-License-Identifier: MIT
#pragma once

#include "reply.h"
#include "router.h"

#include <functional>

class QHttpServerRequest;
class QHttpServerResponder;
class QJsonObject;

namespace Relay {

class Hub;
struct AppState;
struct Publication;

/// The HTTP API of relay-api.txt: routing, Bearer authentication, CORS, and thin handlers that parse,
/// call the hub and serialise. Every answer is JSON; every error is `{"error": ...}` with its status.
class HttpApi {
public:
    explicit HttpApi(Hub &hub);

    /// GET /metrics answers with what `source` renders; without a source it is 404 (metrics turned off).
    void setMetricsSource(std::function<QByteArray()> source) { m_metricsSource = std::move(source); }

    /// Answers the request and counts it in the hub's metrics (route, status, time, app).
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    /// `app` receives the id of the known app the request addresses, if any.
    Reply dispatch(const QHttpServerRequest &request, QByteArrayView *routeName = nullptr, QString *app = nullptr);

private:
    Reply route(const QHttpServerRequest &request, const RouteMatch &match);
    /// An authenticated request to an app endpoint, answered in the relay's shapes.
    Reply serve(AppState &app, const QHttpServerRequest &request, const RouteMatch &match);
    Reply publish(AppState &app, const QHttpServerRequest &request);
    Reply batch(AppState &app, const QHttpServerRequest &request);
    Reply channels(const AppState &app) const;
    Reply channel(const AppState &app, const QString &name) const;
    Reply users(const AppState &app, const QString &name) const;
    Reply history(const AppState &app, const QString &name, const QHttpServerRequest &request) const;
    Reply eventsLog(const AppState &app) const;
    Reply auth(const AppState &app, const QHttpServerRequest &request) const;
    Reply stats() const;

    Result<Publication> readPublication(const AppState &app, const QJsonObject &object) const;

    // Pusher's REST API for the server SDKs (pusherrest*.cpp): query-signature auth, Pusher's shapes.
    static bool isPusherRequest(const QHttpServerRequest &request);
    Reply pusherRoute(AppState &app, const QHttpServerRequest &request, const RouteMatch &match);
    Reply pusherTrigger(AppState &app, const QHttpServerRequest &request);
    Reply pusherBatch(AppState &app, const QHttpServerRequest &request);
    Reply pusherChannels(const AppState &app, const QHttpServerRequest &request) const;
    Reply pusherChannel(const AppState &app, const QString &name, const QHttpServerRequest &request) const;
    Reply pusherUsers(const AppState &app, const QString &name) const;

    Hub &m_hub;
    std::function<QByteArray()> m_metricsSource;
};

} // namespace Relay
