// SPDX-License-Identifier: MIT
#include "channelregistry.h"

namespace Relay {

ChannelRegistry::Joined ChannelRegistry::subscribe(const QString &name, SessionId session, const QJsonValue &userId,
    const QJsonValue &userInfo)
{
    auto it = m_channels.find(name);
    const bool created = it == m_channels.end();
    if (created)
        it = m_channels.insert(name, Channel { name, channelTypeOf(name), {}, {}, {}, 0, 0 });
    Channel &channel = *it;
    if (channel.subscribers.contains(session))
        return Joined { true, false, false };
    channel.subscribers.insert(session);
    if (channel.type != ChannelType::Presence)
        return Joined { false, false, created };
    channel.userOfSession.insert(session, PresenceRoster::keyOf(userId));
    return Joined { false, channel.roster.join(userId, userInfo), created };
}

ChannelRegistry::Left ChannelRegistry::unsubscribe(const QString &name, SessionId session)
{
    auto it = m_channels.find(name);
    if (it == m_channels.end() || !it->subscribers.remove(session))
        return Left {};
    Left left { true, std::nullopt, false };
    if (it->type == ChannelType::Presence)
        left.memberRemoved = it->roster.leave(it->userOfSession.take(session));
    if (it->subscribers.isEmpty()) {
        m_channels.erase(it);
        left.channelVacated = true;
    }
    return left;
}

const Channel *ChannelRegistry::find(const QString &name) const
{
    const auto it = m_channels.constFind(name);
    return it == m_channels.constEnd() ? nullptr : &*it;
}

bool ChannelRegistry::isSubscribed(const QString &name, SessionId session) const
{
    const Channel *channel = find(name);
    return channel && channel->subscribers.contains(session);
}

} // namespace Relay
