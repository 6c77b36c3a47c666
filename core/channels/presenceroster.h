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
    QString userIdJson; ///< userId as compact JSON text, written once when the member joins
    QString userInfoJson; ///< userInfo as compact JSON text (`{}` when the client gave none), written once
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

    /// The roster as the presence object of subscription_succeeded, compact JSON:
    /// `{"count":N,"ids":[...],"hash":{"<key>":<user_info>,...}}`, members in join order. A join appends its
    /// member's text to what was built before; only a leave makes the next call rebuild it from the members.
    QString presenceJson() const;

    static QString keyOf(const QJsonValue &userId);

private:
    void appendText(const PresenceMember &member) const;

    QList<PresenceMember> m_members;
    mutable QString m_idsText; ///< the ids array's items, comma-separated
    mutable QString m_hashText; ///< the hash object's members, comma-separated
    mutable bool m_textStale = false; ///< a member left since the text was built
};

} // namespace Relay
