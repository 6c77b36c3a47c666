// SPDX-License-Identifier: MIT
#pragma once

#include "dialect.h"

#include <QString>

namespace Relay {

struct PresenceMember;
class PresenceRoster;

/// The server's own frames, fully encoded for one dialect.
namespace Messages {
    QString connectionEstablished(Dialect dialect, const QString &socketId, int activityTimeoutSeconds);
    QString subscriptionSucceeded(Dialect dialect, const QString &channel, const PresenceRoster *roster);
    QString memberAdded(Dialect dialect, const QString &channel, const PresenceMember &member);
    QString memberRemoved(Dialect dialect, const QString &channel, const PresenceMember &member);
    QString ping(Dialect dialect);
    QString pong(Dialect dialect);
    /// `relay:error` / `pusher:error` with `{"code","message"}`; `channel` is added when one applies.
    QString error(Dialect dialect, int code, const QString &message, const QString &channel = {});
    /// A failed subscription: `relay:error` with the channel, or Pusher's `pusher:subscription_error`.
    QString subscriptionError(Dialect dialect, int code, const QString &message, const QString &channel);
    /// `pusher:signin_success` with `{"user_data": "<the signed JSON text>"}`.
    QString signinSuccess(Dialect dialect, const QString &userData);
    /// A cache channel has no event to replay.
    QString cacheMiss(Dialect dialect, const QString &channel);
    /// `pusher_internal:subscription_count` with `{"subscription_count": N}`.
    QString subscriptionCount(Dialect dialect, const QString &channel, qsizetype count);
} // namespace Messages

} // namespace Relay
