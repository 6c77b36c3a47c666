// SPDX-License-Identifier: MIT
#pragma once

#include "engine/broker.h"
#include "httprequest.h"
#include "reply.h"
#include "router.h"

#include <functional>

namespace Relay {

class Hub;
class RestPresenter;
struct AppState;

/// The HTTP API of relay-api.txt and Pusher's REST API on the same routes: routing, authentication (Bearer
/// or Pusher's query signature, which also picks the presenter that shapes the answer), CORS preflight, and
/// the endpoints only the relay has (history, events log, dev signer, stats). Works on requests the
/// connection guard parsed; never reads a socket.
class HttpApi {
public:
    explicit HttpApi(Hub &hub);

    /// GET /metrics answers with what `source` renders; without a source it is 404 (metrics turned off).
    void setMetricsSource(std::function<QByteArray()> source) { m_metricsSource = std::move(source); }

    /// Answers the request, counts it in the hub's metrics (route, status, time, app) and reports it to the
    /// inspector's feed.
    Reply handle(const HttpRequest &request);

private:
    /// `routeName` gets the matched route's metrics label, `app` the id of the known app addressed, if any.
    Reply dispatch(const HttpRequest &request, QByteArrayView &routeName, QString &app);
    Reply route(const HttpRequest &request, const RouteMatch &match);
    /// A Bearer header, or with `pusher` Pusher's query signature (a failure is reported to the feed).
    Status authenticate(AppState &app, const HttpRequest &request, const QUrlQuery &query, bool pusher);
    Reply serve(AppState &app, const HttpRequest &request, const RouteMatch &match, const RestPresenter &presenter);
    Reply publish(AppState &app, const HttpRequest &request, const RestPresenter &presenter, bool batch);
    Reply history(const AppState &app, const QString &name, const HttpRequest &request) const;
    Reply eventsLog(const AppState &app) const;
    Reply auth(const AppState &app, const HttpRequest &request) const;
    Reply stats() const;
    Reply health() const;
    static QJsonObject clusterJson(const BrokerStatus &cluster);

    Hub &m_hub;
    std::function<QByteArray()> m_metricsSource;
};

} // namespace Relay
