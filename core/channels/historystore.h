// SPDX-License-Identifier: MIT
#pragma once

#include "eventrecord.h"
#include "ringbuffer.h"

#include <QHash>

namespace Relay {

/// Per-channel history rings plus the app's recent-event log. Memory is bounded: at most `maxChannels`
/// channels keep history; a new one evicts the channel written least recently.
class HistoryStore {
public:
    HistoryStore(int perChannel, int logSize, int maxChannels = 1000);

    /// Stamps the record with the next id and stores it.
    EventRecord append(EventRecord record);
    QList<EventRecord> channelEvents(const QString &channel, int limit) const;
    QList<EventRecord> recent() const { return m_log.toList(); }
    int perChannelCapacity() const { return m_perChannel; }
    quint64 lastId() const { return m_nextId - 1; }

private:
    struct Ring {
        RingBuffer<EventRecord> events;
        quint64 lastWrite = 0;
    };
    void evictOldestChannel();

    QHash<QString, Ring> m_channels;
    RingBuffer<EventRecord> m_log;
    int m_perChannel;
    int m_maxChannels;
    quint64 m_nextId = 1;
};

} // namespace Relay
