// SPDX-License-Identifier: MIT
#include "channelname.h"

namespace Relay {

ChannelType channelTypeOf(QStringView name)
{
    if (name.startsWith(u"private-"))
        return ChannelType::Private;
    if (name.startsWith(u"presence-"))
        return ChannelType::Presence;
    return ChannelType::Public;
}

QString channelTypeName(ChannelType type)
{
    switch (type) {
    case ChannelType::Private:
        return QStringLiteral("private");
    case ChannelType::Presence:
        return QStringLiteral("presence");
    case ChannelType::Public:
        break;
    }
    return QStringLiteral("public");
}

bool isEncryptedChannel(QStringView name)
{
    return name.startsWith(u"private-encrypted-");
}

bool isCacheChannel(QStringView name)
{
    return name.startsWith(u"cache-") || name.startsWith(u"private-cache-") || name.startsWith(u"presence-cache-")
        || name.startsWith(u"private-encrypted-cache-");
}

namespace {
constexpr QStringView userChannelPrefix = u"#server-to-user-";
}

bool isUserChannel(QStringView name)
{
    return name.startsWith(userChannelPrefix) && name.size() > userChannelPrefix.size();
}

QString userIdOfUserChannel(QStringView name)
{
    return isUserChannel(name) ? name.mid(userChannelPrefix.size()).toString() : QString();
}

QString userChannelName(const QString &userId)
{
    return userChannelPrefix.toString() + userId;
}

namespace {
bool isChannelCharacter(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-'
        || c == u'=' || c == u'@' || c == u',' || c == u'.' || c == u';';
}

bool isDigits(QStringView text)
{
    if (text.isEmpty() || text.size() > 20)
        return false;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}
} // namespace

Status validateChannelName(QStringView name, int maxLength)
{
    if (name.isEmpty())
        return Error { ErrorCode::InvalidChannel, QStringLiteral("channel name must not be empty") };
    if (name.size() > maxLength)
        return Error { ErrorCode::InvalidChannel,
            QStringLiteral("channel name is %1 characters long; the limit is %2").arg(name.size()).arg(maxLength) };
    // '#' is reserved for user channels, and counts towards the length; the rest follows the usual rule.
    const QStringView checked = isUserChannel(name) ? name.mid(1) : name;
    for (QChar c : checked) {
        if (!isChannelCharacter(c.unicode()))
            return Error { ErrorCode::InvalidChannel,
                QStringLiteral("channel name \"%1\" contains '%2'; allowed are A-Z a-z 0-9 _ - = @ , . ;")
                    .arg(name.left(64).toString(), QString(c)) };
    }
    return Ok {};
}

bool isValidSocketId(QStringView socketId)
{
    const qsizetype dot = socketId.indexOf(u'.');
    return dot > 0 && isDigits(socketId.left(dot)) && isDigits(socketId.mid(dot + 1));
}

} // namespace Relay
