// SPDX-License-Identifier: MIT
// The hub as one node of several: the other nodes' members and counts, as the store reports them.
#include "hub.h"

#include "clustersnapshot.h"
#include "protocol/jsontext.h"
#include "protocol/messages.h"

#include <QDateTime>

#include <algorithm>

namespace Relay {

namespace {
    // What a joining node is handed at most: far above a usual history (100 events per channel), far below
    // Redis' 512 MB value limit.
    constexpr qsizetype snapshotBudgetBytes = 32 << 20;
} // namespace

void Hub::received(const BrokerMessage &message)
{
    AppState *app = appById(message.appId);
    if (!app)
        return;
    if (message.kind == BrokerMessage::Kind::Terminate)
        terminateLocal(*app, message.userId);
    else
        deliverRemote(*app, message);
}

void Hub::deliverRemote(AppState &app, const BrokerMessage &message)
{
    const QString frame = encodeFrame(message.event, message.channel, message.data, message.userIdJson);
    if (isCacheChannel(message.channel))
        app.cache.store(message.channel, frame);
    int delivered = 0;
    if (const Channel *channel = app.channels.find(message.channel)) {
        delivered = broadcast(app, *channel, frame, m_bySocketId.value(message.socketId, 0));
        ++channel->eventsSeen;
        channel->lastEventMs = QDateTime::currentMSecsSinceEpoch();
    }
    app.counters.messagesDelivered += quint64(delivered);
    const bool fromClient = message.kind == BrokerMessage::Kind::ClientEvent;
    app.history.append(EventRecord { 0,
        message.event,
        message.channel,
        message.data,
        message.socketId,
        fromClient ? EventSource::Client : EventSource::Api,
        QDateTime::currentDateTimeUtc(),
        message.origin });
    ++m_eventSerial;
    if (m_feed.observed()) {
        FeedEvent event = FeedEvent::of(fromClient ? FeedEvent::Kind::ClientEvent : FeedEvent::Kind::ApiEvent,
            app.config.id,
            message.channel,
            message.event,
            message.socketId,
            message.data);
        event.size = utf8Size(message.data);
        event.userId = message.userIdJson;
        event.recipients = delivered;
        m_feed.append(std::move(event));
    }
}

void Hub::shareChannel(const AppState &app, const QString &channel, const QString &memberKey)
{
    const Channel *state = app.channels.find(channel);
    m_store->setSubscribers(app.config.id, channel, state ? int(state->subscribers.size()) : 0);
    if (memberKey.isEmpty() || !state)
        return;
    if (const PresenceMember *member = state->roster.find(memberKey))
        m_store->setMember(app.config.id, channel, *member);
}

void Hub::remoteMemberJoined(const QString &appId, const QString &channel, const PresenceMember &member)
{
    AppState *app = appById(appId);
    const Channel *state = app ? app->channels.find(channel) : nullptr;
    ++m_changeSerial;
    if (!state || state->roster.find(member.key))
        return; // nobody here to tell, or the user was already here
    broadcastPerDialect(*state, 0, [&](Dialect dialect) { return Messages::memberAdded(dialect, channel, member); });
    if (m_feed.observed()) {
        FeedEvent event = FeedEvent::of(FeedEvent::Kind::MemberAdded, appId, channel, {}, {}, member.userInfoJson);
        event.userId = member.userIdJson;
        m_feed.append(std::move(event));
    }
}

void Hub::remoteMemberLeft(const QString &appId, const QString &channel, const PresenceMember &member, bool nodeGone)
{
    AppState *app = appById(appId);
    if (!app)
        return;
    ++m_changeSerial;
    const Channel *state = app->channels.find(channel);
    if (state && state->roster.find(member.key))
        return; // still here
    // A gone node sent no webhook for its members: one live node does.
    if (nodeGone && m_observer && m_store->leads())
        m_observer->memberRemoved(*app, channel, member.userId);
    if (!state)
        return;
    broadcastPerDialect(*state, 0, [&](Dialect dialect) { return Messages::memberRemoved(dialect, channel, member); });
    if (m_feed.observed()) {
        FeedEvent event = FeedEvent::of(FeedEvent::Kind::MemberRemoved, appId, channel, {}, {}, {});
        event.userId = member.userIdJson;
        m_feed.append(std::move(event));
    }
}

void Hub::remoteSubscribersChanged(const QString &appId, const QString &channel, bool nodeGone)
{
    AppState *app = appById(appId);
    if (!app)
        return;
    ++m_changeSerial;
    if (nodeGone && m_observer && m_store->leads() && !app->channels.find(channel)
        && m_store->otherSubscribers(appId, channel) == 0)
        m_observer->channelVacated(*app, channel);
    sendSubscriptionCount(*app, channel);
}

QByteArray Hub::snapshot() const
{
    QList<AppSnapshot> apps;
    bool empty = true;
    for (const auto &app : m_apps) {
        AppSnapshot shared { app->config.id, app->history.all(), app->cache.entries() };
        empty = empty && shared.events.isEmpty() && shared.cache.isEmpty();
        apps.append(std::move(shared));
    }
    return empty ? QByteArray() : ClusterSnapshot::encode(apps, snapshotBudgetBytes);
}

void Hub::adoptSnapshot(const QByteArray &snapshot)
{
    const std::optional<QList<AppSnapshot>> apps = ClusterSnapshot::decode(snapshot);
    if (!apps)
        return;
    for (const AppSnapshot &shared : *apps) {
        AppState *app = appById(shared.appId);
        if (!app)
            continue;
        app->history.adopt(shared.events);
        for (const CachedFrame &entry : shared.cache)
            app->cache.adopt(entry);
    }
    ++m_changeSerial;
}

qsizetype Hub::clusterSubscribers(const AppState &app, const QString &channel) const
{
    const Channel *state = app.channels.find(channel);
    return (state ? state->subscribers.size() : 0) + m_store->otherSubscribers(app.config.id, channel);
}

QList<PresenceMember> Hub::clusterMembers(const AppState &app, const QString &channel) const
{
    const Channel *state = app.channels.find(channel);
    QList<PresenceMember> members = state ? state->roster.members() : QList<PresenceMember> {};
    if (!m_store->clustered())
        return members;
    for (const PresenceMember &other : m_store->otherMembers(app.config.id, channel)) {
        if (!state || !state->roster.find(other.key))
            members.append(other);
    }
    std::stable_sort(members.begin(), members.end(), [](const PresenceMember &a, const PresenceMember &b) {
        return a.joinedAt < b.joinedAt;
    });
    return members;
}

QStringList Hub::clusterChannels(const AppState &app) const
{
    QStringList names = app.channels.channels().keys();
    if (!m_store->clustered())
        return names;
    for (const QString &name : m_store->otherChannels(app.config.id)) {
        if (!app.channels.find(name))
            names.append(name);
    }
    names.sort();
    return names;
}

} // namespace Relay
