// SPDX-License-Identifier: MIT
#include "hub.h"

#include "engine/memory/memorybroker.h"
#include "engine/memory/memorystore.h"
#include "hubclient.h"
#include "protocol/jsontext.h"
#include "protocol/messages.h"

#include <QDateTime>
#include <QJsonDocument>

#include <functional>

namespace Relay {

Hub::Hub(const RelayConfig &config, Outlet &outlet)
    : m_config(config)
    , m_outlet(outlet)
    , m_ownBroker(std::make_unique<MemoryBroker>())
    , m_broker(m_ownBroker.get())
    , m_ownStore(std::make_unique<MemoryStore>())
    , m_store(m_ownStore.get())
{
    m_feed.setBudgetBytes(qsizetype(config.inspectorMemoryMb) << 20);
    for (const AppConfig &app : config.apps)
        m_apps.push_back(std::make_unique<AppState>(app, config.eventLogSize));
    m_started.start();
}

Hub::~Hub()
{
    m_broker->setSink(nullptr);
    m_store->setSink(nullptr);
    qDeleteAll(m_connections);
}

void Hub::setStore(Store *store)
{
    m_store->setSink(nullptr);
    m_store = store ? store : m_ownStore.get();
    m_store->setSink(this);
}

void Hub::setBroker(Broker *broker)
{
    m_broker->setSink(nullptr);
    m_broker = broker ? broker : m_ownBroker.get();
    m_broker->setSink(this);
    // The start time tells this run's events from those of an earlier run under the same node name.
    m_originPrefix = m_broker->clustered()
        ? m_broker->status().node + u'/' + QString::number(QDateTime::currentMSecsSinceEpoch(), 36) + u'/'
        : QString();
}

AppState *Hub::appById(QStringView id)
{
    for (const auto &app : m_apps) {
        if (app->config.id == id)
            return app.get();
    }
    return nullptr;
}

AppState *Hub::appByKey(QStringView key)
{
    for (const auto &app : m_apps) {
        if (app->config.key == key)
            return app.get();
    }
    return nullptr;
}

QList<Connection *> Hub::connections() const
{
    QList<Connection *> out;
    out.reserve(m_connections.size());
    for (const Client *client : m_connections)
        out.append(client->connection);
    return out;
}

AppState *Hub::appOf(const Connection &connection) const
{
    const Client *client = m_connections.value(connection.id());
    return client ? client->app : nullptr;
}

QStringList Hub::channelsOf(const Connection &connection) const
{
    const Client *client = m_connections.value(connection.id());
    if (!client)
        return {};
    QStringList out(client->channels.cbegin(), client->channels.cend());
    out.sort();
    return out;
}

QString Hub::userOf(const Connection &connection) const
{
    const Client *client = m_connections.value(connection.id());
    if (!client)
        return {};
    if (!client->userId.isEmpty())
        return client->userId;
    for (const QString &name : client->channels) {
        const Channel *channel = client->app->channels.find(name);
        if (channel && channel->type == ChannelType::Presence)
            return channel->userOfSession.value(connection.id());
    }
    return {};
}

Status Hub::closeSocket(const QString &socketId, int code, const QString &reason)
{
    // 1005, 1006 and 1015 are reserved: they must never appear in a close frame (RFC 6455 7.4.1).
    if (code < 1000 || code > 4999 || code == 1004 || code == 1005 || code == 1006 || code == 1015
        || (code > 1015 && code < 3000))
        return Error(ErrorCode::BadRequest, QStringLiteral("%1 is not a close code a server may send").arg(code));
    const SessionId id = m_bySocketId.value(socketId, 0);
    Client *client = id ? m_connections.value(id) : nullptr;
    if (!client)
        return Error(ErrorCode::NotFound, QStringLiteral("no connection with socket id \"%1\"").arg(socketId.left(64)));
    client->connection->close(code, reason);
    return Ok {};
}

Status Hub::admit(Connection &connection, AppState &app)
{
    if (m_connections.size() >= m_config.maxConnections)
        return Error(ErrorCode::OverConnectionQuota,
            QStringLiteral("the relay is at its limit of %1 connections").arg(m_config.maxConnections));
    if (app.config.maxConnections > 0
        && app.counters.connections + m_store->otherConnections(app.config.id) >= app.config.maxConnections)
        return Error(ErrorCode::OverConnectionQuota,
            QStringLiteral("app %1 is at its limit of %2 connections")
                .arg(app.config.id)
                .arg(app.config.maxConnections));
    auto *client = new Client { &connection, &app, {}, 0, 0 };
    m_connections.insert(connection.id(), client);
    m_bySocketId.insert(connection.socketId(), connection.id());
    ++app.counters.connections;
    if (m_store->clustered())
        m_store->setConnections(app.config.id, app.counters.connections);
    ++m_changeSerial;
    note(FeedEvent::Kind::Connected, *client, {}, {}, dialectName(connection.dialect()));
    return Ok {};
}

void Hub::remove(Connection &connection, const CloseNote &close)
{
    Client *client = m_connections.take(connection.id());
    if (!client)
        return;
    m_bySocketId.remove(connection.socketId());
    for (const QString &channel : std::as_const(client->channels))
        leave(*client, channel);
    --client->app->counters.connections;
    if (m_store->clustered())
        m_store->setConnections(client->app->config.id, client->app->counters.connections);
    ++m_changeSerial;
    if (m_feed.observed()) {
        FeedEvent event = eventAbout(FeedEvent::Kind::Disconnected, *client, {}, {}, close.reason);
        event.code = close.code;
        event.byServer = close.byServer;
        m_feed.append(std::move(event));
    }
    delete client;
}

Status Hub::handle(Connection &connection, const ClientFrame &frame)
{
    Client *client = m_connections.value(connection.id());
    if (!client)
        return Error(ErrorCode::MalformedFrame, QStringLiteral("connection is not registered"));
    switch (clientActionOf(frame.event)) {
    case ClientAction::Subscribe:
        return subscribe(*client, frame);
    case ClientAction::Unsubscribe:
        return unsubscribe(*client, frame);
    case ClientAction::Ping:
        connection.send(Messages::pong(connection.dialect()));
        return Ok {};
    case ClientAction::Pong:
        return Ok {}; // any frame already counts as activity
    case ClientAction::Signin:
        return signin(*client, frame);
    case ClientAction::ClientEvent:
        return clientEvent(*client, frame);
    case ClientAction::Unknown:
        break;
    }
    return Error(ErrorCode::UnknownEvent, QStringLiteral("unknown event \"%1\"").arg(frame.event.left(200)));
}

Status Hub::clientEvent(Client &client, const ClientFrame &frame)
{
    AppState &app = *client.app;
    const QString &channel = frame.channel;
    const auto refuse = [&](ErrorCode code, const QString &message) {
        note(FeedEvent::Kind::Error, client, channel, frame.event, message);
        return Error { code, message };
    };
    if (!app.config.clientEventsEnabled)
        return refuse(ErrorCode::Unauthorized, QStringLiteral("client events are disabled for this app"));
    if (channel.isEmpty())
        return refuse(ErrorCode::MalformedFrame, QStringLiteral("client event needs a \"channel\""));
    if (frame.event.size() > app.config.maxEventNameLength)
        return refuse(ErrorCode::MalformedFrame,
            QStringLiteral("event name is over the %1-character limit").arg(app.config.maxEventNameLength));
    if (channelTypeOf(channel) == ChannelType::Public)
        return refuse(
            ErrorCode::Unauthorized, QStringLiteral("client events are allowed on private and presence channels only"));
    if (isEncryptedChannel(channel))
        return refuse(ErrorCode::Unauthorized, QStringLiteral("client events are not allowed on encrypted channels"));
    if (!client.channels.contains(channel))
        return refuse(
            ErrorCode::Unauthorized, QStringLiteral("subscribe to %1 before sending client events to it").arg(channel));
    const QString data = dataAsString(frame.data);
    if (!QStringView(data).isValidUtf16())
        return refuse(ErrorCode::MalformedFrame, QStringLiteral("event data holds invalid Unicode (a lone surrogate)"));
    if (utf8Size(data) > app.config.maxPayloadBytes())
        return refuse(ErrorCode::PayloadTooLarge,
            QStringLiteral("event data is over the %1 KB limit").arg(app.config.maxEventPayloadKb));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - client.rateWindowStartMs >= 1000) {
        client.rateWindowStartMs = now;
        client.rateWindowCount = 0;
    }
    if (++client.rateWindowCount > app.config.clientEventsPerSecond)
        return refuse(ErrorCode::RateLimited,
            QStringLiteral("client events are limited to %1 per second").arg(app.config.clientEventsPerSecond));

    const Channel *state = app.channels.find(channel);
    const QJsonValue senderId = state->type == ChannelType::Presence
        ? state->roster.find(state->userOfSession.value(client.connection->id()))->userId
        : QJsonValue(QJsonValue::Undefined);
    const QString userIdJson = senderId.isUndefined() ? QString() : compactJson(senderId);
    const QString encoded = encodeFrame(frame.event, channel, data, userIdJson);
    const QString origin = nextOrigin();
    const int delivered = broadcast(app, *state, encoded, client.connection->id());
    if (isCacheChannel(channel))
        app.cache.store(channel, encoded);
    ++state->eventsSeen;
    state->lastEventMs = QDateTime::currentMSecsSinceEpoch();
    ++app.counters.eventsPublished;
    app.counters.messagesDelivered += quint64(delivered);
    app.history.append(EventRecord { 0,
        frame.event,
        channel,
        data,
        client.connection->socketId(),
        EventSource::Client,
        QDateTime::currentDateTimeUtc(),
        origin });
    m_metrics.clientEvent(app.config.id);
    ++m_eventSerial;
    if (m_feed.observed()) {
        FeedEvent event = eventAbout(FeedEvent::Kind::ClientEvent, client, channel, frame.event, data);
        event.size = utf8Size(data);
        event.userId = userIdJson;
        event.recipients = delivered;
        m_feed.append(std::move(event));
    }
    if (m_observer)
        m_observer->clientEvent(app, channel, frame.event, data, client.connection->socketId(), senderId);
    if (m_broker->clustered())
        m_broker->publish(BrokerMessage { BrokerMessage::Kind::ClientEvent,
            {},
            app.config.id,
            channel,
            frame.event,
            data,
            userIdJson,
            client.connection->socketId(),
            {},
            0,
            origin });
    return Ok {};
}

Status Hub::validate(const AppState &app, const Publication &publication) const
{
    if (Status valid = validateChannelName(publication.channel, app.config.maxChannelNameLength); !valid)
        return valid;
    if (publication.event.isEmpty())
        return Error(ErrorCode::MalformedFrame, QStringLiteral("event name must not be empty"));
    if (publication.event.size() > app.config.maxEventNameLength)
        return Error(ErrorCode::MalformedFrame,
            QStringLiteral("event name is over the %1-character limit").arg(app.config.maxEventNameLength));
    if (!QStringView(publication.data).isValidUtf16() || !QStringView(publication.event).isValidUtf16())
        return Error(ErrorCode::MalformedFrame,
            QStringLiteral("data or event name holds invalid Unicode (a lone surrogate such as \\ud800)"));
    if (const qsizetype bytes = utf8Size(publication.data); bytes > app.config.maxPayloadBytes())
        return Error(ErrorCode::PayloadTooLarge,
            QStringLiteral("data is %1 bytes; the limit is %2 KB").arg(bytes).arg(app.config.maxEventPayloadKb));
    if (!publication.excludeSocketId.isEmpty() && !isValidSocketId(publication.excludeSocketId))
        return Error(ErrorCode::InvalidSocketId,
            QStringLiteral("socket_id \"%1\" is not of the form 1234.5678").arg(publication.excludeSocketId.left(64)));
    return Ok {};
}

Status Hub::publish(AppState &app, const Publication &publication)
{
    if (Status valid = validate(app, publication); !valid)
        return valid;
    deliver(app, publication);
    return Ok {};
}

Status Hub::publish(AppState &app, const QList<Publication> &publications, qsizetype *failedIndex)
{
    for (qsizetype i = 0; i < publications.size(); ++i) {
        if (Status valid = validate(app, publications.at(i)); !valid) {
            if (failedIndex)
                *failedIndex = i;
            return valid;
        }
    }
    for (const Publication &publication : publications)
        deliver(app, publication);
    return Ok {};
}

void Hub::deliver(AppState &app, const Publication &publication)
{
    int delivered = 0;
    const bool cached = isCacheChannel(publication.channel);
    const Channel *channel = app.channels.find(publication.channel);
    // One encoding: the cache keeps the very bytes the subscribers got.
    const QString frame
        = cached || channel ? encodeFrame(publication.event, publication.channel, publication.data) : QString();
    if (cached)
        app.cache.store(publication.channel, frame);
    if (channel) {
        delivered = broadcast(app, *channel, frame, m_bySocketId.value(publication.excludeSocketId, 0));
        ++channel->eventsSeen;
        channel->lastEventMs = QDateTime::currentMSecsSinceEpoch();
    }
    ++app.counters.eventsPublished;
    app.counters.messagesDelivered += quint64(delivered);
    const QString origin = nextOrigin();
    app.history.append(EventRecord { 0,
        publication.event,
        publication.channel,
        publication.data,
        publication.excludeSocketId,
        EventSource::Api,
        QDateTime::currentDateTimeUtc(),
        origin });
    ++m_eventSerial;
    if (m_feed.observed()) {
        FeedEvent event = FeedEvent::of(FeedEvent::Kind::ApiEvent,
            app.config.id,
            publication.channel,
            publication.event,
            publication.excludeSocketId,
            publication.data);
        event.size = utf8Size(publication.data);
        event.recipients = delivered;
        m_feed.append(std::move(event));
    }
    if (m_broker->clustered())
        m_broker->publish(BrokerMessage { BrokerMessage::Kind::Event,
            {},
            app.config.id,
            publication.channel,
            publication.event,
            publication.data,
            {},
            publication.excludeSocketId,
            {},
            0,
            origin });
}

QString Hub::nextOrigin()
{
    return m_originPrefix.isEmpty() ? QString() : m_originPrefix + QString::number(++m_originSequence, 36);
}

int Hub::broadcast(AppState &, const Channel &channel, const QString &frame, SessionId skip)
{
    m_recipients.clear();
    for (SessionId id : channel.subscribers) {
        if (id != skip)
            m_recipients.push_back(m_connections.value(id)->connection);
    }
    return m_outlet.deliver(frame, m_recipients);
}

void Hub::broadcastPerDialect(const Channel &channel, SessionId skip, const std::function<QString(Dialect)> &encode)
{
    m_recipients.clear();
    m_pusherRecipients.clear();
    for (SessionId id : channel.subscribers) {
        if (id == skip)
            continue;
        Connection *connection = m_connections.value(id)->connection;
        (connection->dialect() == Dialect::Pusher ? m_pusherRecipients : m_recipients).push_back(connection);
    }
    if (!m_recipients.empty())
        m_outlet.deliver(encode(Dialect::Relay), m_recipients);
    if (!m_pusherRecipients.empty())
        m_outlet.deliver(encode(Dialect::Pusher), m_pusherRecipients);
}

FeedEvent Hub::eventAbout(
    FeedEvent::Kind kind, const Client &client, const QString &channel, const QString &event, const QString &detail)
{
    return FeedEvent::of(kind, client.app->config.id, channel, event, client.connection->socketId(), detail);
}

void Hub::note(
    FeedEvent::Kind kind, const Client &client, const QString &channel, const QString &event, const QString &detail)
{
    if (m_feed.observed())
        m_feed.append(eventAbout(kind, client, channel, event, detail));
}

void Hub::noteApiCall(const QString &method, const QString &path, int status, const QByteArray &body)
{
    if (!m_feed.observed())
        return;
    const QStringView prefix = u"/apps/";
    const QString appId = path.startsWith(prefix) ? path.mid(prefix.size()).section(u'/', 0, 0) : QString();
    FeedEvent event
        = FeedEvent::of(FeedEvent::Kind::ApiCall, appId, {}, method + u' ' + path, {}, QString::fromUtf8(body));
    event.code = status;
    m_feed.append(std::move(event));
}

} // namespace Relay
