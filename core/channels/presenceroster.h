// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace Relay {

/// A presence member: one user, however many sockets it subscribed with.
struct PresenceMember {
    QString key; ///< user_id as text: 1 and "1" are the same user
    QJsonValue userId; ///< kept as the client gave it (string or number)
    QJsonValue userInfo;
    int sockets = 0;
    QDateTime joinedAt;
};

/// Members of one presence channel in join order. Knows users, never sockets.
class PresenceRoster {
public:
    /// Adds a socket for the user; true when the user was not a member before.
    bool join(const QJsonValue &userId, const QJsonValue &userInfo);
    /// Removes one socket of the user; the member when that was its last socket.
    std::optional<PresenceMember> leave(const QString &key);

    const QList<PresenceMember> &members() const { return m_members; }
    const PresenceMember *find(const QString &key) const;
    qsizetype count() const { return m_members.size(); }

    static QString keyOf(const QJsonValue &userId);

private:
    QList<PresenceMember> m_members;
};

} // namespace Relay
