// SPDX-License-Identifier: MIT
#include "messages.h"

#include "channels/presenceroster.h"
#include "frame.h"
#include "jsontext.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Relay::Messages {

namespace {
QString frame(Dialect dialect, ServerEvent event, const QJsonObject &data, const QString &channel = {})
{
    return encodeFrame(eventName(dialect, event), channel, compactJson(data));
}
} // namespace

QString connectionEstablished(Dialect dialect, const QString &socketId, int activityTimeoutSeconds)
{
    return frame(dialect, ServerEvent::ConnectionEstablished,
        { { QStringLiteral("socket_id"), socketId }, { QStringLiteral("activity_timeout"), activityTimeoutSeconds } });
}

QString subscriptionSucceeded(Dialect dialect, const QString &channel, const PresenceRoster *roster)
{
    if (!roster)
        return frame(dialect, ServerEvent::SubscriptionSucceeded, {}, channel);
    QJsonArray ids;
    QJsonObject hash;
    for (const PresenceMember &member : roster->members()) {
        ids.append(member.userId);
        hash.insert(member.key, member.userInfo.isUndefined() ? QJsonValue(QJsonObject {}) : member.userInfo);
    }
    const QJsonObject presence { { QStringLiteral("count"), ids.size() }, { QStringLiteral("ids"), ids },
        { QStringLiteral("hash"), hash } };
    return frame(dialect, ServerEvent::SubscriptionSucceeded, { { QStringLiteral("presence"), presence } }, channel);
}

QString memberAdded(Dialect dialect, const QString &channel, const PresenceMember &member)
{
    QJsonObject data { { QStringLiteral("user_id"), member.userId },
        { QStringLiteral("user_info"), member.userInfo.isUndefined() ? QJsonValue(QJsonObject {}) : member.userInfo } };
    if (dialect == Dialect::Relay)
        data.insert(QStringLiteral("id"), member.userId);
    return frame(dialect, ServerEvent::MemberAdded, data, channel);
}

QString memberRemoved(Dialect dialect, const QString &channel, const PresenceMember &member)
{
    QJsonObject data { { QStringLiteral("user_id"), member.userId } };
    if (dialect == Dialect::Relay)
        data.insert(QStringLiteral("id"), member.userId);
    return frame(dialect, ServerEvent::MemberRemoved, data, channel);
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
    return frame(dialect, ServerEvent::Error, { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } },
        channel);
}

QString subscriptionError(Dialect dialect, int code, const QString &message, const QString &channel)
{
    if (dialect == Dialect::Relay)
        return error(dialect, code, message, channel);
    return frame(dialect, ServerEvent::SubscriptionError,
        { { QStringLiteral("type"), QStringLiteral("AuthError") }, { QStringLiteral("error"), message },
            { QStringLiteral("status"), 401 } },
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
