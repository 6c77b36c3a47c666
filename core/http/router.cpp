// SPDX-License-Identifier: MIT
#include "router.h"

#include <QUrl>

#include <array>

namespace Relay {

namespace {
struct RouteSpec {
    Route route;
    const char *method;
    const char *pattern; ///< '/'-separated; "{}" is a parameter
};

constexpr std::array routeTable {
    RouteSpec { Route::Health, "GET", "health" },
    RouteSpec { Route::Stats, "GET", "stats" },
    RouteSpec { Route::Metrics, "GET", "metrics" },
    RouteSpec { Route::Publish, "POST", "apps/{}/events" },
    RouteSpec { Route::Batch, "POST", "apps/{}/events/batch" },
    RouteSpec { Route::EventsLog, "GET", "apps/{}/events/log" },
    RouteSpec { Route::Channels, "GET", "apps/{}/channels" },
    RouteSpec { Route::Channel, "GET", "apps/{}/channels/{}" },
    RouteSpec { Route::ChannelUsers, "GET", "apps/{}/channels/{}/users" },
    RouteSpec { Route::ChannelHistory, "GET", "apps/{}/channels/{}/events" },
    RouteSpec { Route::Auth, "POST", "apps/{}/auth" },
    RouteSpec { Route::PusherBatch, "POST", "apps/{}/batch_events" },
    RouteSpec { Route::TerminateUser, "POST", "apps/{}/users/{}/terminate_connections" },
    RouteSpec { Route::WebSocket, "GET", "app/{}" },
};

/// Compares segment by segment without allocating; fills `params` only on a match.
bool matchesPattern(QLatin1StringView pattern, const QStringList &segments, QStringList &params)
{
    qsizetype index = 0;
    qsizetype start = 0;
    while (start <= pattern.size()) {
        qsizetype end = pattern.indexOf(QLatin1Char('/'), start);
        if (end < 0)
            end = pattern.size();
        if (index >= segments.size())
            return false;
        const QLatin1StringView part = pattern.sliced(start, end - start);
        const bool parameter = part == QLatin1StringView("{}");
        if (parameter ? segments[index].isEmpty() : segments[index] != part)
            return false;
        ++index;
        start = end + 1;
    }
    if (index != segments.size())
        return false;
    params.clear();
    start = 0;
    for (const QString &segment : segments) {
        const qsizetype end = pattern.indexOf(QLatin1Char('/'), start);
        if (pattern.sliced(start, (end < 0 ? pattern.size() : end) - start) == QLatin1StringView("{}"))
            params.append(segment);
        start = end + 1;
    }
    return true;
}
} // namespace

QStringList Router::splitPath(QByteArrayView encodedPath)
{
    QStringList segments;
    const QList<QByteArray> raw = encodedPath.toByteArray().split('/');
    for (qsizetype i = 1; i < raw.size(); ++i) // the path starts with '/'
        segments.append(QUrl::fromPercentEncoding(raw[i]));
    return segments;
}

Result<RouteMatch> Router::match(QByteArrayView method, QByteArrayView encodedPath)
{
    const QStringList segments = splitPath(encodedPath);
    QByteArray allowed;
    std::optional<RouteMatch> found;
    for (const RouteSpec &spec : routeTable) {
        QStringList params;
        if (!matchesPattern(QLatin1StringView(spec.pattern), segments, params))
            continue;
        allowed += (allowed.isEmpty() ? "" : ", ") + QByteArray(spec.method);
        if (!found && (method == spec.method || method == "OPTIONS"))
            found = RouteMatch { spec.route, params, {} };
    }
    if (allowed.isEmpty())
        return Error { ErrorCode::NotFound, QStringLiteral("no such endpoint: %1").arg(QString::fromUtf8(encodedPath.first(qMin<qsizetype>(200, encodedPath.size())))) };
    allowed += ", OPTIONS";
    if (!found)
        return Error { ErrorCode::MethodNotAllowed, QString::fromLatin1(allowed) };
    found->allowedMethods = allowed;
    return *found;
}

Status Router::checkUpgrade(const HttpRequest &request)
{
    const Result<RouteMatch> found = match("GET", request.path());
    if (!found || found->route != Route::WebSocket)
        return Error { ErrorCode::NotFound,
            QStringLiteral("WebSocket connections are served at /app/{key} only, not at %1")
                .arg(QString::fromUtf8(request.path().first(qMin<qsizetype>(200, request.path().size())))) };
    if (request.method != "GET")
        return Error { ErrorCode::BadRequest, QStringLiteral("a WebSocket upgrade must be a GET request") };
    if (request.header("Sec-WebSocket-Key").isEmpty())
        return Error { ErrorCode::BadRequest, QStringLiteral("the WebSocket upgrade has no Sec-WebSocket-Key") };
    if (request.header("Sec-WebSocket-Version").isEmpty())
        return Error { ErrorCode::BadRequest, QStringLiteral("the WebSocket upgrade has no Sec-WebSocket-Version") };
    return Ok {};
}

} // namespace Relay
