// SPDX-License-Identifier: MIT
#pragma once

#include "engine/store.h"
#include "redisbroker.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

namespace Relay {

/// The cluster's state kept by every node: each node announces its own changes on the broker's bus and keeps
/// the others' from theirs. A node that (re)connects says hello and every node answers with its whole state,
/// so a Redis restart or a late node ends with the whole view; a node silent for the timeout (killed) is
/// forgotten, and its members leave as if they had disconnected. A node's hello is also answered by one node (the
/// one with the smallest name among the others) with its history and cache channels: it leaves them at a Redis key
/// that lives a minute and tells the node where. Occupied and vacated are decided in Redis: a set per channel of
/// the nodes holding subscribers, changed and read in one transaction.
class RedisStore final : public QObject, public Store, private BrokerSink {
    Q_OBJECT
public:
    RedisStore(RedisBroker &broker, int nodeTimeoutSeconds, QObject *parent = nullptr);
    ~RedisStore() override;

    bool clustered() const override { return true; }
    void setConnections(const QString &appId, int count) override;
    void setSubscribers(const QString &appId, const QString &channel, int count) override;
    void setMember(const QString &appId, const QString &channel, const PresenceMember &member) override;
    int otherConnections(const QString &appId) const override;
    int otherSubscribers(const QString &appId, const QString &channel) const override;
    QList<PresenceMember> otherMembers(const QString &appId, const QString &channel) const override;
    bool otherHasMember(const QString &appId, const QString &channel, const QString &key) const override;
    QStringList otherChannels(const QString &appId) const override;
    bool leads() const override;
    void claimChannel(
        const QString &appId, const QString &channel, bool present, std::function<void(bool)> decided) override;
    void claimMember(const QString &appId,
        const QString &channel,
        const QString &memberKey,
        bool present,
        std::function<void(bool)> decided) override;

    QList<NodeInfo> nodes() const override;
    /// Says goodbye, so that the others drop this node's members at once.
    void leave();
    /// Calls `done` once every answer asked for so far has come (claims decided), or after `waitMs` at most.
    void afterPending(int waitMs, std::function<void()> done);

private:
    using ChannelKey = QPair<QString, QString>; ///< app id, channel
    struct Share {
        QHash<QString, int> connections; ///< per app
        QHash<ChannelKey, int> subscribers;
        QHash<ChannelKey, QMap<QString, PresenceMember>> members; ///< by member key
        QElapsedTimer lastHeard;
        /// Between the node's hello and its synced: what it has not repeated yet, to be dropped at synced.
        QSet<ChannelKey> unconfirmedSubscribers;
        QSet<QPair<ChannelKey, QString>> unconfirmedMembers;
    };

    /// A claim's decision or a call queued behind claims; run in order once ready.
    struct Step {
        bool ready = false;
        std::function<void()> run;
    };

    void received(const BrokerMessage &message) override;
    void drainSteps();
    /// The link went down: pending claims are decided from this node's view.
    void settleSteps();
    void apply(Share &share, const QString &node, const BrokerMessage &message);
    void forget(const QString &node);
    void pruneUnconfirmed(Share &share);
    void announceAll();
    bool answersHelloOf(const QString &node) const;
    void sendSnapshot(const QString &node);
    void fetchSnapshot(const QByteArray &key);
    QByteArray occupancyKey(const QString &appId, const QString &channel) const;
    QByteArray membershipKey(const QString &appId, const QString &channel, const QString &memberKey) const;
    /// Adds (`present`) or removes this node in the set at `key` and reads the set in one transaction; decisive when
    /// no other live node is in it and this node's change made the difference. Without an answer, `fallback`.
    void claim(const QByteArray &key, bool present, std::function<bool()> fallback, std::function<void(bool)> decided);
    /// Writes this node's part of every occupancy and membership set again (they may have gone with Redis' data).
    void rewriteClaims();
    void beat();
    void send(BrokerMessage message);
    static BrokerMessage memberMessage(const QString &appId, const QString &channel, const PresenceMember &member);

    RedisBroker &m_broker;
    qint64 m_timeoutMs;
    Share m_own;
    QHash<QString, Share> m_others;
    QTimer m_heartbeat;
    std::deque<std::shared_ptr<Step>> m_steps;
};

} // namespace Relay
