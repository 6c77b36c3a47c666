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
    for (QChar c : name) {
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
