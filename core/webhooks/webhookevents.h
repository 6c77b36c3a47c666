// SPDX-License-Identifier: MIT
#pragma once

#include "webhookattempt.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace Relay {

/// One event of a webhook body, in Pusher's shape: `{"name": <type>, "channel": ..., ...}`.
struct WebhookEvent {
    QString name;
    QString channel;
    QJsonObject json;
};

/// Builders of Pusher's webhook events and requests. Pure functions.
namespace WebhookEvents {
    WebhookEvent channelOccupied(const QString &channel);
    WebhookEvent channelVacated(const QString &channel);
    /// `userId` is sent as text, as Pusher does, whatever type the client gave it.
    WebhookEvent memberAdded(const QString &channel, const QJsonValue &userId);
    WebhookEvent memberRemoved(const QString &channel, const QJsonValue &userId);
    /// `userId` undefined or null: not a presence channel, no `user_id` field.
    WebhookEvent clientEvent(const QString &channel,
        const QString &event,
        const QString &data,
        const QString &socketId,
        const QJsonValue &userId);
    WebhookEvent cacheMiss(const QString &channel);
    WebhookEvent subscriptionCount(const QString &channel, qsizetype count);
    /// A sample event of `type` for "Send a test event"; an unknown type gives channel_occupied.
    WebhookEvent sample(const QString &type, const QString &channel);

    /// `{"events": [...], "time_ms": <timeMs>}`, compact.
    QByteArray body(const QList<WebhookEvent> &events, qint64 timeMs);
    /// The request to `url`: Content-Type, X-Pusher-Key, X-Pusher-Signature (hex HMAC-SHA256 of the exact
    /// body with `secret`), the endpoint's own headers, then User-Agent, Accept-Encoding, Accept-Language and
    /// Connection; with Host and Content-Length these are every header sent.
    WebhookRequest request(const QString &appId,
        const QString &key,
        const QString &secret,
        const QString &url,
        const QList<QPair<QString, QString>> &extraHeaders,
        const QList<WebhookEvent> &events,
        qint64 timeMs);
} // namespace WebhookEvents

} // namespace Relay
