// SPDX-License-Identifier: MIT
// The hub's channel membership: subscribing (with the auth, limit and presence checks), unsubscribing, and
// leaving a channel with what that sends to the others.
#include "hub.h"

#include "hubclient.h"
#include "protocol/jsontext.h"
#include "protocol/messages.h"

#include <QDateTime>
#include <QJsonDocument>

namespace Relay {

Status Hub::subscribe(Client &client, const ClientFrame &frame)
{
    Result<QJsonObject> data = dataAsObject(frame.data);
    if (!data)
        return data.error();
    const QJsonValue channelValue = data->value(QLatin1String("channel"));
    if (!channelValue.isString())
        return Error(ErrorCode::MalformedFrame, QStringLiteral("subscribe needs a string \"channel\" in its data"));
    const QString channel = channelValue.toString();
    AppState &app = *client.app;
    if (Status valid = validateChannelName(channel, app.config.maxChannelNameLength); !valid)
        return valid;
    if (Status allowed = checkUserChannel(client, channel); !allowed)
        return allowed;
    const ChannelType type = channelTypeOf(channel);
    const QJsonValue authValue = data->value(QLatin1String("auth"));
    const QJsonValue channelDataValue = data->value(QLatin1String("channel_data"));
    QString channelData;
    QJsonObject identity;
    if (type == ChannelType::Presence) {
        if (!channelDataValue.isString())
            return Error(ErrorCode::Unauthorized, QStringLiteral("presence subscription needs channel_data"));
        channelData = channelDataValue.toString();
        if (utf8Size(channelData) > app.config.maxUserInfoKb * 1024)
            return Error(ErrorCode::PayloadTooLarge,
                QStringLiteral("channel_data is over the %1 KB limit").arg(app.config.maxUserInfoKb));
        Result<QJsonObject> parsed = PresenceRoster::identityOf(channelData);
        if (!parsed)
            return parsed.error();
        identity = std::move(parsed).value();
    }
    if (needsAuth(type)) {
        if (!authValue.isString() && !authValue.isUndefined())
            return Error(ErrorCode::Unauthorized, QStringLiteral("\"auth\" must be a string"));
        SignatureFailure failure;
        Status verified = app.signer.verify(authValue.toString(),
            client.connection->socketId(),
            channel,
            type == ChannelType::Presence ? channelData : QString(),
            &failure);
        if (!verified) {
            noteAuthFailure(
                app, channel, frame.event, client.connection->socketId(), verified.error().message, failure);
            return verified;
        }
    }
    if (client.channels.size() >= app.config.maxSubscriptionsPerSocket && !client.channels.contains(channel))
        return Error(ErrorCode::TooManySubscriptions,
            QStringLiteral("this connection holds its limit of %1 subscriptions; unsubscribe from one first")
                .arg(app.config.maxSubscriptionsPerSocket));
    const QJsonValue userId = identity.value(QLatin1String("user_id"));
    if (type == ChannelType::Presence && !app.channels.isSubscribed(channel, client.connection->id())) {
        const Channel *existing = app.channels.find(channel);
        const QString key = PresenceRoster::keyOf(userId);
        const qsizetype members = existing ? existing->roster.count() : 0;
        const qsizetype others = m_store->clustered() ? clusterMembers(app, channel).size() - members : 0;
        if (members + others >= app.config.maxPresenceMembers && !(existing && existing->roster.find(key))
            && !m_store->otherHasMember(app.config.id, channel, key))
            return Error(ErrorCode::ChannelFull,
                QStringLiteral("presence channel is at its limit of %1 members").arg(app.config.maxPresenceMembers));
    }
    const auto joined
        = app.channels.subscribe(channel, client.connection->id(), userId, identity.value(QLatin1String("user_info")));
    client.channels.insert(channel);
    const Channel &state = *app.channels.find(channel);
    const bool presence = type == ChannelType::Presence;
    ++m_changeSerial;
    const bool clustered = m_store->clustered();
    if (clustered && presence) {
        PresenceRoster everyone;
        for (const PresenceMember &member : clusterMembers(app, channel))
            everyone.join(member.userId, member.userInfo);
        client.connection->send(Messages::subscriptionSucceeded(client.connection->dialect(), channel, &everyone));
    } else {
        client.connection->send(
            Messages::subscriptionSucceeded(client.connection->dialect(), channel, presence ? &state.roster : nullptr));
    }
    const QString memberKey = presence ? PresenceRoster::keyOf(userId) : QString();
    if (clustered && !joined.alreadySubscribed)
        shareChannel(app, channel, memberKey);
    // Occupied and member_added are the cluster's: a user or channel already present on another node is not new.
    const bool memberAdded
        = joined.memberAdded && (!clustered || !m_store->otherHasMember(app.config.id, channel, memberKey));
    if (!joined.alreadySubscribed)
        note(FeedEvent::Kind::Subscribed, client, channel);
    if (m_observer && joined.channelOccupied)
        claimChannel(app, channel, true);
    if (m_observer && joined.memberAdded) {
        // This user's first connection here; the store says whether it is their first in the cluster.
        m_store->claimMember(app.config.id, channel, memberKey, true, [this, &app, channel, userId](bool decisive) {
            if (decisive && m_observer)
                m_observer->memberAdded(app, channel, userId);
        });
    }
    afterSubscribe(client, channel, !joined.alreadySubscribed);
    if (memberAdded) {
        const PresenceMember &member = *state.roster.find(PresenceRoster::keyOf(userId));
        broadcastPerDialect(state, client.connection->id(), [&](Dialect dialect) {
            return Messages::memberAdded(dialect, channel, member);
        });
        if (m_feed.observed()) {
            FeedEvent event = eventAbout(FeedEvent::Kind::MemberAdded, client, channel, {}, member.userInfoJson);
            event.userId = compactJson(member.userId);
            m_feed.append(std::move(event));
        }
    }
    return Ok {};
}

Status Hub::unsubscribe(Client &client, const ClientFrame &frame)
{
    Result<QJsonObject> data = dataAsObject(frame.data);
    if (!data)
        return data.error();
    const QJsonValue channel = data->value(QLatin1String("channel"));
    if (!channel.isString())
        return Error(ErrorCode::MalformedFrame, QStringLiteral("unsubscribe needs a string \"channel\" in its data"));
    // Unsubscribing from a channel the socket is not in is harmless, as in Pusher.
    if (client.channels.remove(channel.toString()))
        leave(client, channel.toString());
    return Ok {};
}

void Hub::leave(Client &client, const QString &channel)
{
    AppState &app = *client.app;
    const bool clustered = m_store->clustered();
    QString memberKey;
    if (clustered) {
        if (const Channel *state = app.channels.find(channel))
            memberKey = state->userOfSession.value(client.connection->id());
    }
    const auto left = app.channels.unsubscribe(channel, client.connection->id());
    if (!left.wasSubscribed)
        return;
    ++m_changeSerial;
    note(FeedEvent::Kind::Unsubscribed, client, channel);
    if (clustered) {
        shareChannel(app, channel, memberKey);
        if (left.memberRemoved)
            m_store->setMember(app.config.id,
                channel,
                PresenceMember { left.memberRemoved->key,
                    left.memberRemoved->userId,
                    {},
                    0,
                    {},
                    left.memberRemoved->userIdJson,
                    {} });
    }
    sendSubscriptionCount(app, channel);
    // Removed and vacated are the cluster's: a user or channel still present on another node has not left.
    const bool memberRemoved = left.memberRemoved
        && (!clustered || !m_store->otherHasMember(app.config.id, channel, left.memberRemoved->key));
    if (m_observer && left.memberRemoved) {
        // This user's last connection here; the store says whether it was their last in the cluster.
        m_store->claimMember(app.config.id,
            channel,
            left.memberRemoved->key,
            false,
            [this, &app, channel, userId = left.memberRemoved->userId](bool decisive) {
                if (decisive && m_observer)
                    m_observer->memberRemoved(app, channel, userId);
            });
    }
    if (m_observer && left.channelVacated)
        claimChannel(app, channel, false);
    if (!memberRemoved)
        return;
    if (const Channel *state = app.channels.find(channel)) {
        broadcastPerDialect(
            *state, 0, [&](Dialect dialect) { return Messages::memberRemoved(dialect, channel, *left.memberRemoved); });
    }
    if (m_feed.observed()) {
        FeedEvent event = eventAbout(FeedEvent::Kind::MemberRemoved, client, channel);
        event.userId = compactJson(left.memberRemoved->userId);
        m_feed.append(std::move(event));
    }
}

void Hub::claimChannel(AppState &app, const QString &channel, bool occupied)
{
    // Two nodes may gain (or lose) their part of the channel at the same moment: the store says which one speaks.
    m_store->claimChannel(app.config.id, channel, occupied, [this, &app, channel, occupied](bool decisive) {
        if (!decisive || !m_observer)
            return;
        if (occupied)
            m_observer->channelOccupied(app, channel);
        else
            m_observer->channelVacated(app, channel);
    });
}

} // namespace Relay
