// SPDX-License-Identifier: MIT
#pragma once

#include "channels/presenceroster.h"

#include <QHash>
#include <QStringList>

#include <functional>

namespace Relay {

/// One node as this node sees it.
struct NodeInfo {
    QString name;
    QHash<QString, int> connections; ///< per app id
    qint64 silentMs = 0; ///< since its last message
    bool self = false;
};

/// Told when the other nodes' part of the cluster changes, in the relay's thread.
class StoreSink {
public:
    virtual ~StoreSink() = default;
    /// A user's first socket on the other nodes in `channel` (`member.sockets` is theirs), or its last one gone;
    /// `nodeGone`: because its node went silent or away (its node sent no webhook for it).
    virtual void remoteMemberJoined(const QString &appId, const QString &channel, const PresenceMember &member) = 0;
    virtual void remoteMemberLeft(
        const QString &appId, const QString &channel, const PresenceMember &member, bool nodeGone)
        = 0;
    /// The other nodes' subscriber count of `channel` changed.
    virtual void remoteSubscribersChanged(const QString &appId, const QString &channel, bool nodeGone) = 0;
    /// This node's history and cache channels' last events, for a node that (re)joined; empty when there are none.
    virtual QByteArray snapshot() const = 0;
    /// Another node's snapshot() for this node, which (re)joined: what this node lacks is added.
    virtual void adoptSnapshot(const QByteArray &snapshot) = 0;
};

/// The cluster's shared state as one node needs it: this node reports its own connections, subscriber counts
/// and presence members; the store answers for the other nodes. A node alone has no others. Single-threaded.
class Store {
public:
    virtual ~Store() = default;
    virtual bool clustered() const = 0;

    virtual void setConnections(const QString &appId, int count) = 0;
    virtual void setSubscribers(const QString &appId, const QString &channel, int count) = 0;
    /// `member.sockets` is this node's socket count for the user; 0 removes the user from this node.
    virtual void setMember(const QString &appId, const QString &channel, const PresenceMember &member) = 0;

    virtual int otherConnections(const QString &appId) const = 0;
    virtual int otherSubscribers(const QString &appId, const QString &channel) const = 0;
    /// The other nodes' members of a presence channel, each once however many nodes hold it, in join order.
    virtual QList<PresenceMember> otherMembers(const QString &appId, const QString &channel) const = 0;
    virtual bool otherHasMember(const QString &appId, const QString &channel, const QString &key) const = 0;
    /// Channels with subscribers on other nodes.
    virtual QStringList otherChannels(const QString &appId) const = 0;

    /// Decides once for the whole cluster whether this node's first subscriber of `channel` occupies it (`present`)
    /// or its last one leaving vacates it: of nodes that race, `decided(true)` on exactly one. On a cluster the answer
    /// comes a Redis round trip later (from this node's view of the others while Redis is away); a node alone
    /// decides at once. Never called back when the answer is lost with the connection.
    virtual void claimChannel(
        const QString &appId, const QString &channel, bool present, std::function<void(bool decisive)> decided)
        = 0;

    /// The same decision for a presence member (`memberKey`) of `channel`: of nodes that gain this user's first
    /// connection (or lose its last) at the same moment, `decided(true)` on exactly one, so that member_added and
    /// member_removed webhooks go out once per cluster. Claims are decided in the order they were asked, so a
    /// member's webhook follows its channel's occupied.
    virtual void claimMember(const QString &appId,
        const QString &channel,
        const QString &memberKey,
        bool present,
        std::function<void(bool decisive)> decided)
        = 0;

    /// This node first, then the others by name; empty for a node alone.
    virtual QList<NodeInfo> nodes() const = 0;
    /// The one live node that speaks for a gone node (its webhooks); a node alone always does.
    virtual bool leads() const = 0;

    void setSink(StoreSink *sink) { m_sink = sink; }

protected:
    StoreSink *sink() const { return m_sink; }

private:
    StoreSink *m_sink = nullptr;
};

} // namespace Relay
