// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Relay {

/// What one node tells the others: an event to deliver to their subscribers (API publish, client event,
/// `#server-to-user-` message), a request to close a user's sockets, or a change of its share of the cluster's
/// state (connections, subscriber counts, presence members; with hello and heartbeat to keep it whole). Carries the
/// fields, not an encoded frame, so that every node records the same history entry and encodes the frame once for its
/// sockets.
struct BrokerMessage {
    enum class Kind : quint8 {
        Event = 1,
        ClientEvent = 2,
        Terminate = 3,
        Hello = 4, ///< a node (re)joined: every node sends its whole state again
        Heartbeat = 5, ///< alive; `count` is the node's total connections
        Connections = 6, ///< `count` connections of `appId` on the sender
        Subscribers = 7, ///< `count` subscribers of `channel` on the sender
        Member = 8, ///< `count` sockets of user `userIdJson` (`data`: user_info JSON) in `channel` on the sender
        Goodbye = 9, ///< the sender leaves the cluster: forget its state now
        Synced = 10, ///< ends the whole state after a hello or resync: what it did not repeat is gone
        Resync = 11, ///< the answer to a hello: the sender's whole state follows, then synced
        /// The answer to a hello from one node: the sender's history and cache channels (a snapshot) for node
        /// `userId` wait at the Redis key `data`.
        Snapshot = 12,
    };
    bool isState() const { return quint8(kind) >= quint8(Kind::Hello); }
    Kind kind = Kind::Event;
    QString node; ///< the sending node; a node ignores its own messages
    QString appId;
    QString channel;
    QString event;
    QString data;
    QString userIdJson; ///< client events on presence channels: the sender's user_id as JSON
    QString socketId; ///< excluded socket (API) or sender (client event); skipped on every node
    QString userId; ///< Terminate: the signed-in user whose sockets close
    qint32 count = 0;
    QString origin; ///< Event, ClientEvent: the event's id on every node (EventRecord::origin)

    /// A compact binary form for the wire; parse() of serialize() gives the same message back.
    QByteArray serialize() const;
    /// nullopt for bytes that are not a serialized message (another version, truncated).
    static std::optional<BrokerMessage> parse(const QByteArray &bytes);
};

} // namespace Relay
