// SPDX-License-Identifier: MIT
#include "presenceroster.h"

#include "protocol/jsontext.h"

#include <algorithm>

namespace Relay {

QString PresenceRoster::keyOf(const QJsonValue &userId)
{
    if (userId.isString())
        return userId.toString();
    const double number = userId.toDouble();
    if (number == double(qint64(number)))
        return QString::number(qint64(number));
    return QString::number(number, 'g', 17);
}

const PresenceMember *PresenceRoster::find(const QString &key) const
{
    const auto it = std::find_if(m_members.cbegin(), m_members.cend(), [&](const auto &m) { return m.key == key; });
    return it == m_members.cend() ? nullptr : &*it;
}

bool PresenceRoster::join(const QJsonValue &userId, const QJsonValue &userInfo)
{
    const QString key = keyOf(userId);
    auto it = std::find_if(m_members.begin(), m_members.end(), [&](const auto &m) { return m.key == key; });
    if (it != m_members.end()) {
        ++it->sockets;
        return false;
    }
    m_members.append(PresenceMember { key,
        userId,
        userInfo,
        1,
        QDateTime::currentDateTimeUtc(),
        compactJson(userId),
        userInfo.isUndefined() ? QStringLiteral("{}") : compactJson(userInfo) });
    if (!m_textStale)
        appendText(m_members.constLast());
    return true;
}

std::optional<PresenceMember> PresenceRoster::leave(const QString &key)
{
    auto it = std::find_if(m_members.begin(), m_members.end(), [&](const auto &m) { return m.key == key; });
    if (it == m_members.end() || --it->sockets > 0)
        return std::nullopt;
    PresenceMember gone = *it;
    m_members.erase(it);
    m_textStale = true;
    return gone;
}

void PresenceRoster::appendText(const PresenceMember &member) const
{
    if (!m_idsText.isEmpty()) {
        m_idsText += u',';
        m_hashText += u',';
    }
    m_idsText += member.userIdJson;
    appendJsonString(m_hashText, member.key);
    m_hashText += u':';
    m_hashText += member.userInfoJson;
}

QString PresenceRoster::presenceJson() const
{
    if (m_textStale) {
        m_idsText.clear();
        m_hashText.clear();
        for (const PresenceMember &member : m_members)
            appendText(member);
        m_textStale = false;
    }
    return u"{\"count\":" + QString::number(m_members.size()) + u",\"ids\":[" + m_idsText + u"],\"hash\":{" + m_hashText
        + u"}}";
}

} // namespace Relay
