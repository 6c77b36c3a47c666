// SPDX-License-Identifier: MIT
// RedisStore's cluster-wide decisions: which node speaks for a channel's occupancy or a member's presence
// (sets of holding nodes in Redis, changed and read in one transaction), decided in the order they were asked.
#include "redisstore.h"

#include <hiredis/hiredis.h>

#include <memory>

namespace Relay {

QByteArray RedisStore::occupancyKey(const QString &appId, const QString &channel) const
{
    return m_broker.keyPrefix() + "occupied:" + appId.toUtf8() + '\n' + channel.toUtf8();
}

QByteArray RedisStore::membershipKey(const QString &appId, const QString &channel, const QString &memberKey) const
{
    return m_broker.keyPrefix() + "member:" + appId.toUtf8() + '\n' + channel.toUtf8() + '\n' + memberKey.toUtf8();
}

void RedisStore::rewriteClaims()
{
    // Deciding nothing: this node's part of each set, as it holds it now.
    const QByteArray node = m_broker.node().toUtf8();
    for (auto it = m_own.subscribers.cbegin(); it != m_own.subscribers.cend(); ++it)
        m_broker.commands().command({ "SADD", occupancyKey(it.key().first, it.key().second), node });
    for (auto it = m_own.members.cbegin(); it != m_own.members.cend(); ++it) {
        for (const QString &memberKey : it.value().keys())
            m_broker.commands().command({ "SADD", membershipKey(it.key().first, it.key().second, memberKey), node });
    }
}

void RedisStore::claimChannel(
    const QString &appId, const QString &channel, bool present, std::function<void(bool)> decided)
{
    claim(
        occupancyKey(appId, channel),
        present,
        [this, appId, channel] { return otherSubscribers(appId, channel) == 0; },
        std::move(decided));
}

void RedisStore::claimMember(const QString &appId,
    const QString &channel,
    const QString &memberKey,
    bool present,
    std::function<void(bool)> decided)
{
    claim(
        membershipKey(appId, channel, memberKey),
        present,
        [this, appId, channel, memberKey] { return !otherHasMember(appId, channel, memberKey); },
        std::move(decided));
}

void RedisStore::claim(
    const QByteArray &key, bool present, std::function<bool()> fallback, std::function<void(bool)> decided)
{
    auto step = std::make_shared<Step>();
    step->run = [fallback, decided] { decided(fallback()); }; // no answer: from this node's view of the others
    const auto answer = [this, step, present, decided](redisReply *reply) {
        if (!reply) // the link is torn down: nothing here may be touched then
            return;
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 2 && reply->element[1]->type == REDIS_REPLY_ARRAY) {
            // Names of gone nodes may linger in the set: only live ones count.
            bool othersHold = false;
            const redisReply *holders = reply->element[1];
            for (size_t i = 0; i < holders->elements && !othersHold; ++i) {
                const QString name = QString::fromUtf8(holders->element[i]->str, qsizetype(holders->element[i]->len));
                othersHold = name != m_broker.node() && m_others.contains(name);
            }
            const bool added = reply->element[0]->type == REDIS_REPLY_INTEGER && reply->element[0]->integer == 1;
            // The first holder is decisive; so is the last to leave, even when Redis lost the set meanwhile.
            const bool decisive = !othersHold && (added || !present);
            step->run = [decided, decisive] { decided(decisive); };
        }
        step->ready = true;
        drainSteps();
    };
    step->ready = !m_broker.commands().transaction(
        { { present ? "SADD" : "SREM", key, m_broker.node().toUtf8() }, { "SMEMBERS", key } }, answer);
    m_steps.push_back(step);
    drainSteps();
}

void RedisStore::drainSteps()
{
    while (!m_steps.empty() && m_steps.front()->ready) {
        const std::shared_ptr<Step> step = m_steps.front();
        m_steps.pop_front();
        step->run();
    }
}

void RedisStore::settleSteps()
{
    for (const std::shared_ptr<Step> &step : m_steps)
        step->ready = true;
    drainSteps();
}

} // namespace Relay
