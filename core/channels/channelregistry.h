// SPDX-License-Identifier: MIT
#pragma once

#include "channelname.h"
#include "presenceroster.h"

#include <QHash>
#include <QMap>
#include <QSet>

namespace Relay {

using SessionId = quint64;

/// One occupied channel: who is subscribed and, for presence, which user each socket is.
struct Channel {
    QString name;
    ChannelType type = ChannelType::Public;
    QSet<SessionId> subscribers;
    QHash<SessionId, QString> userOfSession; ///< presence only: the roster key of each socket
    PresenceRoster roster;
    // For observers (the inspector): plain increments on the publish path, nothing else.
    mutable quint64 eventsSeen = 0;
    mutable qint64 lastEventMs = 0; ///< UTC ms since the epoch; 0 before the first event
};

/// The channels of one app, by name in sorted order. A channel exists while it has subscribers.
/// Knows session ids and users, never sockets; single-threaded.
class ChannelRegistry {
public:
    struct Joined {
        bool alreadySubscribed = false;
        bool memberAdded = false; ///< presence: the user's first socket
        bool channelOccupied = false; ///< the channel's first subscriber
    };
    struct Left {
        bool wasSubscribed = false;
        std::optional<PresenceMember> memberRemoved; ///< presence: the user's last socket left
        bool channelVacated = false;
    };

    /// `userId` and `userInfo` are used for presence channels only.
    Joined subscribe(const QString &name, SessionId session, const QJsonValue &userId = {},
        const QJsonValue &userInfo = {});
    Left unsubscribe(const QString &name, SessionId session);

    const Channel *find(const QString &name) const;
    const QMap<QString, Channel> &channels() const { return m_channels; }
    qsizetype count() const { return m_channels.size(); }
    bool isSubscribed(const QString &name, SessionId session) const;

private:
    QMap<QString, Channel> m_channels;
};

} // namespace Relay
