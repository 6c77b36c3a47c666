// SPDX-License-Identifier: MIT
#include "messages.h"

#include "channels/presenceroster.h"
#include "frame.h"
#include "jsontext.h"

#include <QJsonObject>

namespace Relay::Messages {

namespace {
    QString frame(Dialect dialect, ServerEvent event, const QJsonObject &data, const QString &channel = {})
    {
        return encodeFrame(eventName(dialect, event), channel, compactJson(data));
    }

    /// A presence member's data: `{"id":...,` (relay dialect only) `"user_id":...` and, when `withInfo`,
    /// `"user_info":...}`, from the JSON text the roster keeps.
    QString memberData(Dialect dialect, const PresenceMember &member, bool withInfo)
    {
        QString data;
        data.reserve(member.userIdJson.size() * 2 + member.userInfoJson.size() + 32);
        data += u'{';
        if (dialect == Dialect::Relay) {
            data += u"\"id\":";
            data += member.userIdJson;
            data += u',';
        }
        data += u"\"user_id\":";
        data += member.userIdJson;
        if (withInfo) {
            data += u",\"user_info\":";
            data += member.userInfoJson;
        }
        data += u'}';
        return data;
    }
} // namespace

QString connectionEstablished(Dialect dialect, const QString &socketId, int activityTimeoutSeconds)
{
    return frame(dialect,
        ServerEvent::ConnectionEstablished,
        { { QStringLiteral("socket_id"), socketId }, { QStringLiteral("activity_timeout"), activityTimeoutSeconds } });
}

QString subscriptionSucceeded(Dialect dialect, const QString &channel, const PresenceRoster *roster)
{
    if (!roster)
        return frame(dialect, ServerEvent::SubscriptionSucceeded, {}, channel);
    const QString data = u"{\"presence\":" + roster->presenceJson() + u'}';
    return encodeFrame(eventName(dialect, ServerEvent::SubscriptionSucceeded), channel, data);
}

QString memberAdded(Dialect dialect, const QString &channel, const PresenceMember &member)
{
    return encodeFrame(eventName(dialect, ServerEvent::MemberAdded), channel, memberData(dialect, member, true));
}

QString memberRemoved(Dialect dialect, const QString &channel, const PresenceMember &member)
{
    return encodeFrame(eventName(dialect, ServerEvent::MemberRemoved), channel, memberData(dialect, member, false));
}

QString ping(Dialect dialect)
{
    return frame(dialect, ServerEvent::Ping, {});
}

QString pong(Dialect dialect)
{
    return frame(dialect, ServerEvent::Pong, {});
}

QString error(Dialect dialect, int code, const QString &message, const QString &channel)
{
    return frame(dialect,
        ServerEvent::Error,
        { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } },
        channel);
}

QString subscriptionError(Dialect dialect, int code, const QString &message, const QString &channel)
{
    if (dialect == Dialect::Relay)
        return error(dialect, code, message, channel);
    // Pusher's shape (type, error, status) plus the relay's code; a refusal by a limit is not an auth error.
    const bool auth = code == int(ErrorCode::Unauthorized);
    return frame(dialect,
        ServerEvent::SubscriptionError,
        { { QStringLiteral("type"), auth ? QStringLiteral("AuthError") : QStringLiteral("LimitReached") },
            { QStringLiteral("error"), message },
            { QStringLiteral("status"), auth ? 401 : 403 },
            { QStringLiteral("code"), code } },
        channel);
}

QString signinSuccess(Dialect dialect, const QString &userData)
{
    return frame(dialect, ServerEvent::SigninSuccess, { { QStringLiteral("user_data"), userData } });
}

QString cacheMiss(Dialect dialect, const QString &channel)
{
    return frame(dialect, ServerEvent::CacheMiss, {}, channel);
}

QString subscriptionCount(Dialect dialect, const QString &channel, qsizetype count)
{
    return frame(dialect, ServerEvent::SubscriptionCount, { { QStringLiteral("subscription_count"), count } }, channel);
}

} // namespace Relay::Messages
