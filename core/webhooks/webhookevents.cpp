// SPDX-License-Identifier: MIT
#include "webhookevents.h"

#include "auth/signer.h"
#include "channels/presenceroster.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Relay::WebhookEvents {

namespace {
    WebhookEvent make(const char *name, const QString &channel, QJsonObject fields = {})
    {
        fields.insert(QStringLiteral("name"), QLatin1String(name));
        fields.insert(QStringLiteral("channel"), channel);
        return WebhookEvent { QLatin1String(name), channel, std::move(fields) };
    }
} // namespace

WebhookEvent channelOccupied(const QString &channel)
{
    return make("channel_occupied", channel);
}

WebhookEvent channelVacated(const QString &channel)
{
    return make("channel_vacated", channel);
}

WebhookEvent memberAdded(const QString &channel, const QJsonValue &userId)
{
    return make("member_added", channel, { { QStringLiteral("user_id"), PresenceRoster::keyOf(userId) } });
}

WebhookEvent memberRemoved(const QString &channel, const QJsonValue &userId)
{
    return make("member_removed", channel, { { QStringLiteral("user_id"), PresenceRoster::keyOf(userId) } });
}

WebhookEvent clientEvent(const QString &channel,
    const QString &event,
    const QString &data,
    const QString &socketId,
    const QJsonValue &userId)
{
    QJsonObject fields {
        { QStringLiteral("event"), event }, { QStringLiteral("data"), data }, { QStringLiteral("socket_id"), socketId }
    };
    if (!userId.isUndefined() && !userId.isNull())
        fields.insert(QStringLiteral("user_id"), PresenceRoster::keyOf(userId));
    return make("client_event", channel, std::move(fields));
}

WebhookEvent cacheMiss(const QString &channel)
{
    return make("cache_miss", channel);
}

WebhookEvent subscriptionCount(const QString &channel, qsizetype count)
{
    return make("subscription_count", channel, { { QStringLiteral("subscription_count"), count } });
}

WebhookEvent sample(const QString &type, const QString &channel)
{
    if (type == QLatin1String("channel_vacated"))
        return channelVacated(channel);
    if (type == QLatin1String("member_added"))
        return memberAdded(channel, QStringLiteral("test-user"));
    if (type == QLatin1String("member_removed"))
        return memberRemoved(channel, QStringLiteral("test-user"));
    if (type == QLatin1String("client_event"))
        return clientEvent(channel,
            QStringLiteral("client-test"),
            QStringLiteral("{\"text\":\"Hello from Relay Desk\"}"),
            QStringLiteral("1234.5678"),
            channel.startsWith(QLatin1String("presence-")) ? QJsonValue(QStringLiteral("test-user")) : QJsonValue());
    if (type == QLatin1String("cache_miss"))
        return cacheMiss(channel);
    if (type == QLatin1String("subscription_count"))
        return subscriptionCount(channel, 1);
    return channelOccupied(channel);
}

QByteArray body(const QList<WebhookEvent> &events, qint64 timeMs)
{
    QJsonArray array;
    for (const WebhookEvent &event : events)
        array.append(event.json);
    return QJsonDocument(QJsonObject { { QStringLiteral("time_ms"), timeMs }, { QStringLiteral("events"), array } })
        .toJson(QJsonDocument::Compact);
}

WebhookRequest request(const QString &appId,
    const QString &key,
    const QString &secret,
    const QString &url,
    const QList<QPair<QString, QString>> &extraHeaders,
    const QList<WebhookEvent> &events,
    qint64 timeMs)
{
    WebhookRequest request { appId, url, {}, body(events, timeMs), {} };
    // Exactly "application/json": the pusher SDKs' validators compare the whole header.
    request.headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    request.headers.append({ QByteArrayLiteral("X-Pusher-Key"), key.toUtf8() });
    request.headers.append({ QByteArrayLiteral("X-Pusher-Signature"), hmacSha256Hex(secret.toUtf8(), request.body) });
    for (const auto &[name, value] : extraHeaders)
        request.headers.append({ name.toUtf8(), value.toUtf8() });
    // Set here so that the inspector shows every header sent: the HTTP client fills these in only when absent.
    request.headers.append({ QByteArrayLiteral("User-Agent"), QByteArrayLiteral("RelayDesk-Webhooks") });
    request.headers.append({ QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity") });
    request.headers.append({ QByteArrayLiteral("Accept-Language"), QByteArrayLiteral("*") });
    request.headers.append({ QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive") });
    for (const WebhookEvent &event : events)
        request.eventNames.append(event.name);
    return request;
}

} // namespace Relay::WebhookEvents
