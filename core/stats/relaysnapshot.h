// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace Relay {

/// The relay's state at one moment, as plain values an observer on another thread may keep and compare.
/// Built in the relay's thread, only while someone observes (see RelayHost::setObserved).
struct ChannelInfo {
    QString appId;
    QString name;
    QString type; ///< "public", "private" or "presence"
    int subscribers = 0;
    int members = 0; ///< presence only
    quint64 eventsSeen = 0;
    qint64 lastEventMs = 0; ///< 0 before the first event

    friend bool operator==(const ChannelInfo &, const ChannelInfo &) = default;
};

struct MemberInfo {
    QString appId;
    QString channel;
    QString id; ///< user_id as text
    QJsonValue userId;
    QJsonValue userInfo;
    int sockets = 0;
    qint64 joinedMs = 0;
    QStringList socketIds; ///< the member's sockets in this channel, sorted

    friend bool operator==(const MemberInfo &, const MemberInfo &) = default;
};

/// A member whose member_removed webhook the hold-back keeps (webhook_hold_back_ms): it is sent at dueMs
/// unless the user rejoins the channel first.
struct LeavingMember {
    QString appId;
    QString channel;
    QString id; ///< user_id as text, as MemberInfo::id
    qint64 dueMs = 0; ///< UTC milliseconds since the epoch

    friend bool operator==(const LeavingMember &, const LeavingMember &) = default;
};

struct ConnectionInfo {
    QString socketId;
    QString appId;
    QString remoteAddress;
    QString dialect;
    qint64 connectedMs = 0;
    QStringList channels;
    quint64 framesIn = 0;
    quint64 framesOut = 0;
    QString userId; ///< signed in (pusher:signin), else the presence user id; empty when neither
    QString origin; ///< from the upgrade request; empty when the client sent none
    QString userAgent; ///< from the upgrade request

    friend bool operator==(const ConnectionInfo &, const ConnectionInfo &) = default;
};

struct RelayCounters {
    int connections = 0;
    int channels = 0;
    quint64 eventsPublished = 0;
    quint64 messagesDelivered = 0;
};

/// One node of the cluster and its open connections (all apps).
struct ClusterNodeInfo {
    QString name;
    int connections = 0;
    bool self = false;

    friend bool operator==(const ClusterNodeInfo &, const ClusterNodeInfo &) = default;
};

/// The cluster as this node sees it; `clustered` is false for a node alone (no --redis).
struct ClusterInfo {
    bool clustered = false;
    bool reachable = true; ///< Redis answers
    double roundTripMs = -1; ///< the last PING to Redis and back; -1 before the first
    QString error;
    quint64 dropped = 0; ///< messages for the other nodes lost while Redis was away or slow
    QList<ClusterNodeInfo> nodes; ///< this node first

    friend bool operator==(const ClusterInfo &, const ClusterInfo &) = default;
};

/// The optional lists of a snapshot: an observer asks only for what it shows (counters and channels always come).
enum SnapshotPart : unsigned {
    NoParts = 0,
    MembersPart = 1,
    ConnectionsPart = 2,
    AllParts = MembersPart | ConnectionsPart,
};

struct RelaySnapshot {
    qint64 takenMs = 0;
    quint64 serial = 0; ///< grows by one per snapshot
    /// Grows when any list below was built anew; a snapshot with the same stateSerial shares the previous
    /// one's lists and differs only in takenMs, counters and cluster, so observers can skip their models.
    quint64 stateSerial = 0;
    /// Grow when that list was built anew (each list is shared with the previous snapshot otherwise): a publish
    /// rebuilds only the channels (their event counts), so the members and connections models stay untouched.
    quint64 channelsSerial = 0;
    quint64 membersSerial = 0;
    quint64 connectionsSerial = 0;
    unsigned parts = AllParts; ///< which optional lists were built (the others are empty)
    QList<ChannelInfo> channels; ///< by app, then name
    QList<MemberInfo> members; ///< every presence channel's members, in join order per channel
    QList<LeavingMember> leaving; ///< built with the members; an entry past its dueMs has been sent
    QList<ConnectionInfo> connections; ///< oldest first
    RelayCounters counters;
    ClusterInfo cluster; ///< refreshed with the counters
};

class Hub;
class Session;

/// The snapshot's lists, read from the hub and the sessions; call in the relay's thread.
QList<ChannelInfo> channelListOf(const Hub &hub);
QList<MemberInfo> memberListOf(const Hub &hub, const QList<Session *> &sessions);
QList<ConnectionInfo> connectionListOf(Hub &hub, const QList<Session *> &sessions);
/// Only the counters; cheap at any number of connections.
RelayCounters countersOf(const Hub &hub);
/// The cluster's nodes and the link to Redis; cheap.
ClusterInfo clusterOf(Hub &hub);

} // namespace Relay
