// SPDX-License-Identifier: MIT
// The relay's own read-only endpoints: a channel's history, the events log, /stats.
#include "httpapi.h"

#include "service/hub.h"

#include <QJsonArray>
#include <QUrlQuery>

#include <algorithm>
#include <limits>

namespace Relay {

namespace {
QJsonObject webhookCountersJson(const WebhookCounters &counters)
{
    return { { QStringLiteral("sent"), qint64(counters.sent) }, { QStringLiteral("failed"), qint64(counters.failed) },
        { QStringLiteral("retried"), qint64(counters.retried) }, { QStringLiteral("dropped"), qint64(counters.dropped) } };
}

QJsonArray eventsJson(const QList<EventRecord> &events)
{
    QJsonArray array;
    for (const EventRecord &event : events)
        array.append(event.toJson());
    return array;
}
} // namespace

Reply HttpApi::history(const AppState &app, const QString &name, const HttpRequest &request) const
{
    if (Status valid = validateChannelName(name, app.config.maxChannelNameLength); !valid)
        return Reply::error(ErrorCode::BadRequest, valid.error().message);
    int limit = 50;
    const QUrlQuery query = request.urlQuery();
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        const QString text = query.queryItemValue(QStringLiteral("limit"));
        limit = text.toInt(&ok);
        if (!ok && !text.isEmpty()
            && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; })) {
            ok = true; // positive but past int: asks for everything kept, which the cap below gives
            limit = std::numeric_limits<int>::max();
        }
        if (!ok || limit <= 0)
            return Reply::error(ErrorCode::BadRequest,
                QStringLiteral("limit must be a positive whole number, not \"%1\"").arg(text.left(40)));
    }
    limit = qMin(limit, app.history.perChannelCapacity());
    return Reply::json({ { QStringLiteral("channel"), name },
        { QStringLiteral("events"), eventsJson(app.history.channelEvents(name, limit)) } });
}

Reply HttpApi::eventsLog(const AppState &app) const
{
    return Reply::json({ { QStringLiteral("events"), eventsJson(app.history.recent()) } });
}

Reply HttpApi::stats() const
{
    QJsonObject apps;
    qsizetype channels = 0;
    for (const auto &app : m_hub.apps()) {
        channels += app->channels.count();
        apps.insert(app->config.id,
            QJsonObject { { QStringLiteral("connections"), app->counters.connections },
                { QStringLiteral("channels"), app->channels.count() },
                { QStringLiteral("events_published"), qint64(app->counters.eventsPublished) },
                { QStringLiteral("messages_delivered"), qint64(app->counters.messagesDelivered) },
                { QStringLiteral("webhooks"), webhookCountersJson(app->counters.webhooks) } });
    }
    QJsonObject body { { QStringLiteral("uptime_seconds"), m_hub.uptimeSeconds() },
        { QStringLiteral("connections"), m_hub.connectionCount() }, { QStringLiteral("channels"), channels },
        { QStringLiteral("apps"), apps } };
    if (const BrokerStatus cluster = m_hub.broker().status(); cluster.clustered) {
        QJsonObject clusterObject = clusterJson(cluster);
        QJsonArray nodes;
        for (const NodeInfo &node : m_hub.store().nodes()) {
            QJsonObject perApp;
            for (auto it = node.connections.cbegin(); it != node.connections.cend(); ++it)
                perApp.insert(it.key(), it.value());
            nodes.append(QJsonObject { { QStringLiteral("name"), node.name }, { QStringLiteral("self"), node.self },
                { QStringLiteral("apps"), perApp }, { QStringLiteral("silent_ms"), node.silentMs } });
        }
        clusterObject.insert(QStringLiteral("nodes"), nodes);
        body.insert(QStringLiteral("cluster"), clusterObject);
    }
    return Reply::json(body);
}

QJsonObject HttpApi::clusterJson(const BrokerStatus &cluster)
{
    QJsonObject object { { QStringLiteral("node"), cluster.node },
        { QStringLiteral("redis"), cluster.reachable ? QStringLiteral("connected") : QStringLiteral("unreachable") },
        { QStringLiteral("messages_dropped"), qint64(cluster.dropped) },
        { QStringLiteral("messages_received"), qint64(cluster.received) },
        { QStringLiteral("redis_round_trip_ms"), cluster.roundTripMs } };
    if (!cluster.error.isEmpty())
        object.insert(QStringLiteral("error"), cluster.error);
    return object;
}

Reply HttpApi::health() const
{
    const BrokerStatus cluster = m_hub.broker().status();
    if (cluster.reachable)
        return Reply::json({ { QStringLiteral("status"), QStringLiteral("ok") } });
    // 503 so that a load balancer steers new clients to nodes that still see the cluster.
    return Reply::json({ { QStringLiteral("status"), QStringLiteral("degraded") },
                           { QStringLiteral("cluster"), clusterJson(cluster) } },
        503);
}

} // namespace Relay
