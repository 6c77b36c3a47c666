// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "httprequest.h"

#include <QByteArray>
#include <QStringList>

namespace Relay {

/// Every HTTP endpoint the relay answers.
enum class Route {
    Health,
    Stats,
    Metrics, ///< GET /metrics, Prometheus text
    Publish,
    Batch,
    Channels,
    Channel,
    ChannelUsers,
    ChannelHistory,
    EventsLog,
    Auth,
    PusherBatch, ///< Pusher's POST /apps/{id}/batch_events
    TerminateUser, ///< Pusher's POST /apps/{id}/users/{user_id}/terminate_connections
    WebSocket, ///< `/app/{key}` without an upgrade
};

struct RouteMatch {
    Route route;
    QStringList params; ///< the `{...}` segments in order, percent-decoded
    QByteArray allowedMethods; ///< e.g. "GET, OPTIONS", for preflight answers
};

/// Matches a method and a path against the route table. Splits the raw path on '/' before decoding each
/// segment, so `%2F` inside a channel name stays part of that segment. Errors: NotFound, or
/// MethodNotAllowed whose message lists the allowed methods. OPTIONS matches every known path.
class Router {
public:
    static Result<RouteMatch> match(QByteArrayView method, QByteArrayView encodedPath);
    static QStringList splitPath(QByteArrayView encodedPath);
    /// Whether a WebSocket upgrade may go to the WebSocket server: NotFound off `/app/{key}`, BadRequest
    /// for another method or an empty or missing Sec-WebSocket-Key or Sec-WebSocket-Version.
    static Status checkUpgrade(const HttpRequest &request);
};

} // namespace Relay
