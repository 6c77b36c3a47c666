// SPDX-License-Identifier: MIT
#include "relaysnapshot.h"

#include "service/hub.h"
#include "transport/session.h"

#include <algorithm>
#include <tuple>

namespace Relay {

QList<ChannelInfo> channelListOf(const Hub &hub)
{
    QList<ChannelInfo> list;
    for (const auto &app : hub.apps()) {
        for (const Channel &channel : app->channels.channels()) {
            const bool presence = channel.type == ChannelType::Presence;
            list.append(ChannelInfo { app->config.id,
                channel.name,
                channelTypeName(channel.type),
                int(channel.subscribers.size()),
                presence ? int(channel.roster.count()) : 0,
                channel.eventsSeen,
                channel.lastEventMs });
        }
    }
    return list;
}

QList<MemberInfo> memberListOf(const Hub &hub, const QList<Session *> &sessions)
{
    QList<MemberInfo> list;
    QHash<SessionId, QString> socketIds;
    for (const auto &app : hub.apps()) {
        for (const Channel &channel : app->channels.channels()) {
            if (channel.type != ChannelType::Presence)
                continue;
            if (socketIds.isEmpty()) {
                socketIds.reserve(sessions.size());
                for (const Session *session : sessions)
                    socketIds.insert(session->id(), session->socketId());
            }
            QHash<QString, QStringList> socketsOfUser;
            for (auto it = channel.userOfSession.cbegin(); it != channel.userOfSession.cend(); ++it)
                socketsOfUser[it.value()].append(socketIds.value(it.key()));
            for (const PresenceMember &member : channel.roster.members()) {
                QStringList sockets = socketsOfUser.value(member.key);
                sockets.sort();
                list.append(MemberInfo { app->config.id,
                    channel.name,
                    member.key,
                    member.userId,
                    member.userInfo,
                    member.sockets,
                    member.joinedAt.toMSecsSinceEpoch(),
                    sockets });
            }
        }
    }
    return list;
}

RelayCounters countersOf(const Hub &hub)
{
    RelayCounters counters;
    for (const auto &app : hub.apps()) {
        counters.connections += app->counters.connections;
        counters.channels += int(app->channels.count());
        counters.eventsPublished += app->counters.eventsPublished;
        counters.messagesDelivered += app->counters.messagesDelivered;
    }
    return counters;
}

QList<ConnectionInfo> connectionListOf(Hub &hub, const QList<Session *> &sessions)
{
    QList<ConnectionInfo> list;
    list.reserve(sessions.size());
    for (const Session *session : sessions) {
        const AppState *app = hub.appOf(*session);
        if (!app)
            continue; // closing: the hub has already forgotten it
        list.append(ConnectionInfo { session->socketId(),
            app->config.id,
            session->remoteAddress(),
            dialectName(session->dialect()),
            session->connectedMs(),
            hub.channelsOf(*session),
            session->framesIn(),
            session->framesOut(),
            hub.userOf(*session),
            session->origin(),
            session->userAgent() });
    }
    std::sort(list.begin(), list.end(), [](const ConnectionInfo &a, const ConnectionInfo &b) {
        return std::tie(a.connectedMs, a.socketId) < std::tie(b.connectedMs, b.socketId);
    });
    return list;
}

ClusterInfo clusterOf(Hub &hub)
{
    const BrokerStatus status = hub.broker().status();
    ClusterInfo info { status.clustered, status.reachable, status.roundTripMs, status.error, status.dropped, {} };
    for (const NodeInfo &node : hub.store().nodes()) {
        int connections = 0;
        for (int count : node.connections)
            connections += count;
        info.nodes.append(ClusterNodeInfo { node.name, connections, node.self });
    }
    return info;
}

} // namespace Relay
