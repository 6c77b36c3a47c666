// SPDX-License-Identifier: MIT
#pragma once

#include "eventrecord.h"
#include "ringbuffer.h"

#include <QHash>
#include <QSet>

namespace Relay {

/// Per-channel history rings plus the app's recent-event log. Memory is bounded: at most `maxChannels`
/// channels keep history; a new one evicts the channel written least recently.
class HistoryStore {
public:
    HistoryStore(int perChannel, int logSize, int maxChannels = 1000);

    /// Stamps the record with the next id and stores it; a record adopted (adopt()) with the same origin is not
    /// stored again.
    EventRecord append(EventRecord record);
    /// Every record held (channel histories and the log), oldest first.
    QList<EventRecord> all() const;
    /// Takes another node's records in: those whose origin is not held yet join the held ones in time order, and
    /// every record is stamped again with ids in that order; the per-channel and log limits still apply.
    void adopt(const QList<EventRecord> &records);
    QList<EventRecord> channelEvents(const QString &channel, int limit) const;
    QList<EventRecord> recent() const { return m_log.toList(); }
    int perChannelCapacity() const { return m_perChannel; }
    quint64 lastId() const { return m_nextId - 1; }

private:
    struct Ring {
        RingBuffer<EventRecord> events;
        quint64 lastWrite = 0;
    };
    EventRecord store(EventRecord record);
    void evictOldestChannel();

    QHash<QString, Ring> m_channels;
    RingBuffer<EventRecord> m_log;
    int m_perChannel;
    int m_maxChannels;
    quint64 m_nextId = 1;
    QSet<QString> m_adopted; ///< origins of the last adopt(), which may still arrive on their own
};

} // namespace Relay
