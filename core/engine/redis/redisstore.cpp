// SPDX-License-Identifier: MIT
#include "redisstore.h"

#include "protocol/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <memory>

namespace Relay {

namespace {
    constexpr int snapshotLifetimeMs = 60000; // the addressee fetches it at once; this only bounds leftovers
} // namespace

RedisStore::RedisStore(RedisBroker &broker, int nodeTimeoutSeconds, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_timeoutMs(qint64(nodeTimeoutSeconds) * 1000)
{
    m_broker.setStateSink(this);
    connect(&m_broker, &RedisBroker::disconnected, this, &RedisStore::settleSteps);
    connect(&m_broker, &RedisBroker::connected, this, [this] {
        // Nobody could be heard while Redis was away: every node gets a whole timeout to speak up again.
        for (Share &share : m_others)
            share.lastHeard.start();
        send(BrokerMessage { BrokerMessage::Kind::Hello, {}, {}, {}, {}, {}, {}, {}, {}, 0, {} });
        rewriteClaims();
        announceAll();
        send(BrokerMessage { BrokerMessage::Kind::Synced, {}, {}, {}, {}, {}, {}, {}, {}, 0, {} });
    });
    // A third of the timeout: two beats may be lost before a live node is taken as gone.
    m_heartbeat.setInterval(int(std::max<qint64>(m_timeoutMs / 3, 100)));
    connect(&m_heartbeat, &QTimer::timeout, this, &RedisStore::beat);
    m_heartbeat.start();
}

RedisStore::~RedisStore()
{
    m_broker.setStateSink(nullptr);
}

void RedisStore::send(BrokerMessage message)
{
    m_broker.publish(message);
}

void RedisStore::setConnections(const QString &appId, int count)
{
    m_own.connections.insert(appId, count);
    send(BrokerMessage { BrokerMessage::Kind::Connections, {}, appId, {}, {}, {}, {}, {}, {}, count, {} });
}

void RedisStore::setSubscribers(const QString &appId, const QString &channel, int count)
{
    if (count > 0)
        m_own.subscribers.insert({ appId, channel }, count);
    else
        m_own.subscribers.remove({ appId, channel });
    send(BrokerMessage { BrokerMessage::Kind::Subscribers, {}, appId, channel, {}, {}, {}, {}, {}, count, {} });
}

BrokerMessage RedisStore::memberMessage(const QString &appId, const QString &channel, const PresenceMember &member)
{
    return BrokerMessage { BrokerMessage::Kind::Member,
        {},
        appId,
        channel,
        {},
        member.userInfoJson,
        member.userIdJson,
        {},
        {},
        member.sockets,
        {} };
}

void RedisStore::setMember(const QString &appId, const QString &channel, const PresenceMember &member)
{
    auto &members = m_own.members[{ appId, channel }];
    if (member.sockets > 0)
        members.insert(member.key, member);
    else
        members.remove(member.key);
    if (members.isEmpty())
        m_own.members.remove({ appId, channel });
    send(memberMessage(appId, channel, member));
}

void RedisStore::announceAll()
{
    for (auto it = m_own.connections.cbegin(); it != m_own.connections.cend(); ++it)
        send(BrokerMessage { BrokerMessage::Kind::Connections, {}, it.key(), {}, {}, {}, {}, {}, {}, it.value(), {} });
    for (auto it = m_own.subscribers.cbegin(); it != m_own.subscribers.cend(); ++it)
        send(BrokerMessage { BrokerMessage::Kind::Subscribers,
            {},
            it.key().first,
            it.key().second,
            {},
            {},
            {},
            {},
            {},
            it.value(),
            {} });
    for (auto it = m_own.members.cbegin(); it != m_own.members.cend(); ++it) {
        for (const PresenceMember &member : it.value())
            send(memberMessage(it.key().first, it.key().second, member));
    }
}

void RedisStore::beat()
{
    int total = 0;
    for (int count : std::as_const(m_own.connections))
        total += count;
    send(BrokerMessage { BrokerMessage::Kind::Heartbeat, {}, {}, {}, {}, {}, {}, {}, {}, total, {} });
    QStringList gone;
    for (auto it = m_others.cbegin(); it != m_others.cend(); ++it) {
        if (it.value().lastHeard.hasExpired(m_timeoutMs))
            gone.append(it.key());
    }
    // While Redis is away nobody is heard; the others are judged again once it is back.
    if (!m_broker.isUp())
        return;
    for (const QString &node : gone)
        forget(node);
}

void RedisStore::leave()
{
    send(BrokerMessage { BrokerMessage::Kind::Goodbye, {}, {}, {}, {}, {}, {}, {}, {}, 0, {} });
}

void RedisStore::afterPending(int waitMs, std::function<void()> done)
{
    auto once = std::make_shared<std::function<void()>>(std::move(done));
    const auto finish = [once] {
        if (*once)
            std::exchange(*once, {})();
    };
    // Answers come in order on the link: PING's comes after every earlier one.
    // A null answer (the link torn down, this store with it) leaves it to the timer, which dies with the store.
    if (!m_broker.commands().command({ "PING" }, [finish](redisReply *reply) {
            if (reply)
                finish();
        })) {
        finish();
        return;
    }
    QTimer::singleShot(waitMs, this, finish);
}

void RedisStore::received(const BrokerMessage &message)
{
    if (message.kind == BrokerMessage::Kind::Goodbye) {
        forget(message.node);
        return;
    }
    const bool known = m_others.contains(message.node);
    Share &share = m_others[message.node];
    share.lastHeard.start();
    // A node back after an outage (hello), or one not heard before, may have missed our state: it gets all of
    // it, framed so that it can drop what we no longer hold. A resync answers a hello and is never answered.
    if (message.kind == BrokerMessage::Kind::Hello || !known) {
        send(BrokerMessage { BrokerMessage::Kind::Resync, {}, {}, {}, {}, {}, {}, {}, {}, 0, {} });
        announceAll();
        send(BrokerMessage { BrokerMessage::Kind::Synced, {}, {}, {}, {}, {}, {}, {}, {}, 0, {} });
    }
    if (message.kind == BrokerMessage::Kind::Hello && answersHelloOf(message.node))
        sendSnapshot(message.node);
    if (message.kind == BrokerMessage::Kind::Snapshot) {
        if (message.userId == m_broker.node())
            fetchSnapshot(message.data.toUtf8());
        return;
    }
    if (message.kind == BrokerMessage::Kind::Hello || message.kind == BrokerMessage::Kind::Resync) {
        share.unconfirmedSubscribers.clear();
        share.unconfirmedMembers.clear();
        for (auto it = share.subscribers.cbegin(); it != share.subscribers.cend(); ++it)
            share.unconfirmedSubscribers.insert(it.key());
        for (auto it = share.members.cbegin(); it != share.members.cend(); ++it) {
            for (const QString &memberKey : it.value().keys())
                share.unconfirmedMembers.insert({ it.key(), memberKey });
        }
        return;
    }
    if (message.kind == BrokerMessage::Kind::Synced) {
        pruneUnconfirmed(share);
        return;
    }
    apply(share, message.node, message);
}

bool RedisStore::answersHelloOf(const QString &node) const
{
    for (auto it = m_others.cbegin(); it != m_others.cend(); ++it) {
        if (it.key() != node && it.key() < m_broker.node())
            return false;
    }
    return true;
}

void RedisStore::sendSnapshot(const QString &node)
{
    const QByteArray snapshot = sink() ? sink()->snapshot() : QByteArray();
    if (snapshot.isEmpty())
        return;
    const QByteArray key = m_broker.keyPrefix() + "snapshot:" + node.toUtf8() + ':' + m_broker.node().toUtf8();
    // Sent on the same link as the message that follows, so the key is there when the addressee asks.
    if (!m_broker.commands().command({ "SET", key, snapshot, "PX", QByteArray::number(snapshotLifetimeMs) }))
        return;
    send(BrokerMessage { BrokerMessage::Kind::Snapshot, {}, {}, {}, {}, QString::fromUtf8(key), {}, {}, node, 0, {} });
}

void RedisStore::fetchSnapshot(const QByteArray &key)
{
    m_broker.commands().command({ "GET", key }, [this, key](redisReply *reply) {
        if (!reply) // the link is torn down: nothing here may be touched then
            return;
        if (reply->type == REDIS_REPLY_STRING && sink())
            sink()->adoptSnapshot(QByteArray(reply->str, qsizetype(reply->len)));
        m_broker.commands().command({ "DEL", key });
    });
}

void RedisStore::pruneUnconfirmed(Share &share)
{
    const auto subscribers = std::exchange(share.unconfirmedSubscribers, {});
    const auto members = std::exchange(share.unconfirmedMembers, {});
    for (const auto &[key, memberKey] : members) {
        auto channelMembers = share.members.find(key);
        if (channelMembers == share.members.end())
            continue;
        const PresenceMember member = channelMembers->take(memberKey);
        if (channelMembers->isEmpty())
            share.members.erase(channelMembers);
        if (sink() && !member.key.isEmpty() && !otherHasMember(key.first, key.second, memberKey))
            sink()->remoteMemberLeft(key.first, key.second, member, false);
    }
    for (const ChannelKey &key : subscribers) {
        share.subscribers.remove(key);
        if (sink())
            sink()->remoteSubscribersChanged(key.first, key.second, false);
    }
}

void RedisStore::apply(Share &share, const QString &, const BrokerMessage &message)
{
    const ChannelKey key { message.appId, message.channel };
    switch (message.kind) {
    case BrokerMessage::Kind::Connections:
        share.connections.insert(message.appId, message.count);
        return;
    case BrokerMessage::Kind::Subscribers:
        share.unconfirmedSubscribers.remove(key);
        if (message.count > 0)
            share.subscribers.insert(key, message.count);
        else
            share.subscribers.remove(key);
        if (sink())
            sink()->remoteSubscribersChanged(message.appId, message.channel, false);
        return;
    case BrokerMessage::Kind::Member: {
        const QJsonValue userId = QJsonDocument::fromJson("[" + message.userIdJson.toUtf8() + "]").array().at(0);
        const QString memberKey = PresenceRoster::keyOf(userId);
        share.unconfirmedMembers.remove({ key, memberKey });
        const bool before = otherHasMember(message.appId, message.channel, memberKey);
        auto &members = share.members[key];
        PresenceMember member;
        if (message.count > 0) {
            member = members.value(memberKey);
            const bool fresh = member.key.isEmpty();
            member.key = memberKey;
            member.userId = userId;
            member.userIdJson = message.userIdJson;
            member.userInfoJson = message.data;
            member.userInfo = QJsonDocument::fromJson("[" + message.data.toUtf8() + "]").array().at(0);
            member.sockets = message.count;
            if (fresh)
                member.joinedAt = QDateTime::currentDateTimeUtc();
            members.insert(memberKey, member);
        } else {
            member = members.take(memberKey);
            if (members.isEmpty())
                share.members.remove(key);
        }
        const bool after = otherHasMember(message.appId, message.channel, memberKey);
        if (sink() && !before && after)
            sink()->remoteMemberJoined(message.appId, message.channel, member);
        else if (sink() && before && !after)
            sink()->remoteMemberLeft(message.appId, message.channel, member, false);
        return;
    }
    default:
        return;
    }
}

void RedisStore::forget(const QString &node)
{
    auto found = m_others.find(node);
    if (found == m_others.end())
        return;
    const Share share = *found;
    m_others.erase(found);
    if (leads()) {
        for (auto it = share.subscribers.cbegin(); it != share.subscribers.cend(); ++it)
            m_broker.commands().command({ "SREM", occupancyKey(it.key().first, it.key().second), node.toUtf8() });
        for (auto it = share.members.cbegin(); it != share.members.cend(); ++it) {
            for (const QString &memberKey : it.value().keys())
                m_broker.commands().command(
                    { "SREM", membershipKey(it.key().first, it.key().second, memberKey), node.toUtf8() });
        }
    }
    if (!sink())
        return;
    for (auto it = share.members.cbegin(); it != share.members.cend(); ++it) {
        for (const PresenceMember &member : it.value()) {
            if (!otherHasMember(it.key().first, it.key().second, member.key))
                sink()->remoteMemberLeft(it.key().first, it.key().second, member, true);
        }
    }
    for (auto it = share.subscribers.cbegin(); it != share.subscribers.cend(); ++it)
        sink()->remoteSubscribersChanged(it.key().first, it.key().second, true);
}

int RedisStore::otherConnections(const QString &appId) const
{
    int total = 0;
    for (const Share &share : m_others)
        total += share.connections.value(appId);
    return total;
}

int RedisStore::otherSubscribers(const QString &appId, const QString &channel) const
{
    int total = 0;
    for (const Share &share : m_others)
        total += share.subscribers.value({ appId, channel });
    return total;
}

QList<PresenceMember> RedisStore::otherMembers(const QString &appId, const QString &channel) const
{
    QMap<QString, PresenceMember> byKey;
    for (const Share &share : m_others) {
        for (const PresenceMember &member : share.members.value({ appId, channel })) {
            auto existing = byKey.find(member.key);
            if (existing == byKey.end())
                byKey.insert(member.key, member);
            else
                existing->sockets += member.sockets;
        }
    }
    QList<PresenceMember> out = byKey.values();
    std::stable_sort(out.begin(), out.end(), [](const PresenceMember &a, const PresenceMember &b) {
        return a.joinedAt < b.joinedAt;
    });
    return out;
}

bool RedisStore::otherHasMember(const QString &appId, const QString &channel, const QString &key) const
{
    for (const Share &share : m_others) {
        const auto members = share.members.constFind({ appId, channel });
        if (members != share.members.cend() && members->contains(key))
            return true;
    }
    return false;
}

QStringList RedisStore::otherChannels(const QString &appId) const
{
    QStringList out;
    for (const Share &share : m_others) {
        for (auto it = share.subscribers.cbegin(); it != share.subscribers.cend(); ++it) {
            if (it.key().first == appId && !out.contains(it.key().second))
                out.append(it.key().second);
        }
    }
    out.sort();
    return out;
}

bool RedisStore::leads() const
{
    for (auto it = m_others.cbegin(); it != m_others.cend(); ++it) {
        if (it.key() < m_broker.node())
            return false;
    }
    return true;
}

QList<NodeInfo> RedisStore::nodes() const
{
    QList<NodeInfo> out { NodeInfo { m_broker.node(), m_own.connections, 0, true } };
    QStringList names = m_others.keys();
    names.sort();
    for (const QString &name : names) {
        const Share &share = m_others[name];
        out.append(NodeInfo { name, share.connections, share.lastHeard.elapsed(), false });
    }
    return out;
}

} // namespace Relay
