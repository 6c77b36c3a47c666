// SPDX-License-Identifier: MIT
// The Pusher protocol features of the hub: user sign-in and user channels, cache channels, subscription counts.
#include "hub.h"

#include "auth/pushersignature.h"
#include "hubclient.h"
#include "protocol/jsontext.h"
#include "protocol/messages.h"

#include <QJsonDocument>

namespace Relay {

Status Hub::signin(Client &client, const ClientFrame &frame)
{
    Result<QJsonObject> data = dataAsObject(frame.data);
    if (!data)
        return data.error();
    const QJsonValue auth = data->value(QLatin1String("auth"));
    const QJsonValue userData = data->value(QLatin1String("user_data"));
    if (!auth.isString() || !userData.isString())
        return Error { ErrorCode::MalformedFrame, QStringLiteral("signin needs string \"auth\" and \"user_data\"") };
    AppState &app = *client.app;
    Connection &connection = *client.connection;
    const QJsonValue id = QJsonDocument::fromJson(userData.toString().toUtf8()).object().value(QLatin1String("id"));
    if (!id.isString() || id.toString().isEmpty())
        return Error { ErrorCode::MalformedFrame, QStringLiteral("user_data must be a JSON object with a non-empty string \"id\"") };
    SignatureFailure failure;
    const Status verified = PusherSignature::verifyUser(auth.toString(), app.config.key, app.config.secret,
        connection.socketId(), userData.toString(), &failure);
    if (!verified) {
        noteAuthFailure(app, {}, frame.event, connection.socketId(), verified.error().message, failure);
        // As Pusher: a failed sign-in ends the connection with 4009 (the client does not retry).
        connection.send(Messages::error(connection.dialect(), int(ErrorCode::Unauthorized), verified.error().message));
        connection.close(int(ErrorCode::Unauthorized), QStringLiteral("signin failed"));
        return Ok {};
    }
    client.userId = id.toString();
    connection.send(Messages::signinSuccess(connection.dialect(), userData.toString()));
    ++m_changeSerial;
    if (m_feed.observed()) {
        FeedEvent event = eventAbout(FeedEvent::Kind::SignedIn, client, {}, frame.event, userData.toString());
        event.userId = compactJson(id);
        m_feed.append(std::move(event));
    }
    return Ok {};
}

Status Hub::checkUserChannel(const Client &client, const QString &channel) const
{
    if (!isUserChannel(channel))
        return Ok {};
    if (client.userId.isEmpty() || client.userId != userIdOfUserChannel(channel))
        return Error { ErrorCode::Unauthorized,
            QStringLiteral("%1 is open only to connections signed in as that user").arg(channel.left(100)) };
    return Ok {};
}

void Hub::afterSubscribe(Client &client, const QString &channel, bool newlyJoined)
{
    AppState &app = *client.app;
    if (newlyJoined && isCacheChannel(channel)) {
        Connection &connection = *client.connection;
        if (const std::optional<QString> cached = app.cache.find(channel))
            connection.send(*cached);
        else {
            connection.send(Messages::cacheMiss(connection.dialect(), channel));
            if (m_observer)
                m_observer->cacheMiss(app, channel);
        }
    }
    if (newlyJoined)
        sendSubscriptionCount(app, channel);
}

void Hub::sendSubscriptionCount(AppState &app, const QString &channel)
{
    if (!app.config.subscriptionCountEnabled || channelTypeOf(channel) == ChannelType::Presence)
        return;
    const Channel *state = app.channels.find(channel);
    if (!state)
        return;
    const qsizetype count = state->subscribers.size() + m_store->otherSubscribers(app.config.id, channel);
    if (m_observer)
        m_observer->subscriptionCount(app, channel, count);
    broadcastPerDialect(*state, 0, [&](Dialect dialect) { return Messages::subscriptionCount(dialect, channel, count); });
}

int Hub::terminateUserConnections(AppState &app, const QString &userId)
{
    if (m_broker->clustered())
        m_broker->publish(
            BrokerMessage { BrokerMessage::Kind::Terminate, {}, app.config.id, {}, {}, {}, {}, {}, userId, 0, {} });
    return terminateLocal(app, userId);
}

int Hub::terminateLocal(AppState &app, const QString &userId)
{
    int closed = 0;
    for (Client *client : std::as_const(m_connections)) {
        if (client->app != &app || client->userId.isEmpty() || client->userId != userId)
            continue;
        Connection &connection = *client->connection;
        connection.send(Messages::error(connection.dialect(), int(ErrorCode::Unauthorized),
            QStringLiteral("connection terminated by the app's server")));
        connection.close(int(ErrorCode::Unauthorized), QStringLiteral("terminated by the app"));
        ++closed;
    }
    return closed;
}

void Hub::noteAuthFailure(const AppState &app, const QString &channel, const QString &event, const QString &socketId,
    const QString &message, const SignatureFailure &failure)
{
    if (!m_feed.observed())
        return;
    FeedEvent feedEvent = FeedEvent::of(FeedEvent::Kind::AuthFailure, app.config.id, channel, event, socketId, message);
    feedEvent.signature = failure;
    m_feed.append(std::move(feedEvent));
}

} // namespace Relay
