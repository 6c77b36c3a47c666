// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Relay {

enum class EventSource { Api, Client };

/// One published event as history and the event log keep it.
struct EventRecord {
    quint64 id = 0; ///< per-app sequence, increasing
    QString event;
    QString channel;
    QString data; ///< the JSON-encoded string clients receive
    QString socketId; ///< the excluded (API) or sending (client) socket; may be empty
    EventSource source = EventSource::Api;
    QDateTime timestamp;
    QString origin; ///< in a cluster, the event's id on every node (publishing node, its start, sequence); else empty

    /// `{"id","event","channel","data","socket_id"?,"source","timestamp"}` as PROTOCOL-NOTES.md gives it.
    QJsonObject toJson() const;
};

} // namespace Relay
