// SPDX-License-Identifier: MIT
#include "historystore.h"

namespace Relay {

HistoryStore::HistoryStore(int perChannel, int logSize, int maxChannels)
    : m_log(logSize)
    , m_perChannel(perChannel)
    , m_maxChannels(maxChannels)
{
}

EventRecord HistoryStore::append(EventRecord record)
{
    record.id = m_nextId++;
    if (m_perChannel > 0) {
        auto it = m_channels.find(record.channel);
        if (it == m_channels.end()) {
            if (m_channels.size() >= m_maxChannels)
                evictOldestChannel();
            it = m_channels.insert(record.channel, Ring { RingBuffer<EventRecord>(m_perChannel), 0 });
        }
        it->lastWrite = record.id;
        it->events.push(record);
    }
    m_log.push(record);
    return record;
}

QList<EventRecord> HistoryStore::channelEvents(const QString &channel, int limit) const
{
    const auto it = m_channels.constFind(channel);
    return it == m_channels.constEnd() ? QList<EventRecord> {} : it->events.newest(limit);
}

void HistoryStore::evictOldestChannel()
{
    auto oldest = m_channels.begin();
    for (auto it = m_channels.begin(); it != m_channels.end(); ++it) {
        if (it->lastWrite < oldest->lastWrite)
            oldest = it;
    }
    if (oldest != m_channels.end())
        m_channels.erase(oldest);
}

} // namespace Relay
