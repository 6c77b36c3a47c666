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

bool matchesPattern(const char *pattern, const QStringList &segments, QStringList &params)
{
    const QList<QByteArray> parts = QByteArray(pattern).split('/');
    if (parts.size() != segments.size())
        return false;
    params.clear();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (parts[i] == "{}") {
            if (segments[i].isEmpty())
                return false;
            params.append(segments[i]);
        } else if (segments[i] != QLatin1String(parts[i])) {
            return false;
        }
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
        if (!matchesPattern(spec.pattern, segments, params))
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

} // namespace Relay
