// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>

namespace Relay {

struct AppState;

/// What the hub tells an observer (the webhook dispatcher) about channel life, as it happens, in the relay's
/// thread. Calls come in the order the hub sees things: occupied before the first member_added, member_removed
/// before vacated. An implementation must not call back into the hub.
class HubObserver {
public:
    virtual ~HubObserver() = default;
    virtual void channelOccupied(AppState &app, const QString &channel) = 0;
    virtual void channelVacated(AppState &app, const QString &channel) = 0;
    /// `userId` as the client gave it (string or number); a user with several sockets is added once.
    virtual void memberAdded(AppState &app, const QString &channel, const QJsonValue &userId) = 0;
    virtual void memberRemoved(AppState &app, const QString &channel, const QJsonValue &userId) = 0;
    /// `userId` is undefined outside presence channels.
    virtual void clientEvent(AppState &app,
        const QString &channel,
        const QString &event,
        const QString &data,
        const QString &socketId,
        const QJsonValue &userId)
        = 0;
    virtual void cacheMiss(AppState &app, const QString &channel) = 0;
    /// Non-presence channels of apps with enable_subscription_count, after every change of the count.
    virtual void subscriptionCount(AppState &app, const QString &channel, qsizetype count) = 0;
};

} // namespace Relay
