// SPDX-License-Identifier: MIT
#include "historystore.h"

#include <QMap>

#include <algorithm>

namespace Relay {

HistoryStore::HistoryStore(int perChannel, int logSize, int maxChannels)
    : m_log(logSize)
    , m_perChannel(perChannel)
    , m_maxChannels(maxChannels)
{
}

EventRecord HistoryStore::append(EventRecord record)
{
    if (!m_adopted.isEmpty() && !record.origin.isEmpty() && m_adopted.remove(record.origin))
        return record;
    return store(std::move(record));
}

EventRecord HistoryStore::store(EventRecord record)
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

QList<EventRecord> HistoryStore::all() const
{
    QMap<quint64, EventRecord> byId;
    for (const Ring &ring : m_channels) {
        for (qsizetype i = 0; i < ring.events.size(); ++i)
            byId.insert(ring.events.at(i).id, ring.events.at(i));
    }
    for (qsizetype i = 0; i < m_log.size(); ++i)
        byId.insert(m_log.at(i).id, m_log.at(i));
    return byId.values();
}

void HistoryStore::adopt(const QList<EventRecord> &records)
{
    QList<EventRecord> merged = all();
    QSet<QString> held;
    for (const EventRecord &record : std::as_const(merged)) {
        if (!record.origin.isEmpty())
            held.insert(record.origin);
    }
    m_adopted.clear();
    for (const EventRecord &record : records) {
        if (record.origin.isEmpty() || held.contains(record.origin))
            continue;
        held.insert(record.origin);
        m_adopted.insert(record.origin);
        merged.append(record);
    }
    std::stable_sort(merged.begin(), merged.end(), [](const EventRecord &a, const EventRecord &b) {
        return a.timestamp < b.timestamp;
    });
    m_channels.clear();
    m_log.clear();
    m_nextId = 1;
    for (EventRecord &record : merged)
        store(std::move(record));
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
