// SPDX-License-Identifier: MIT
#include "cachechannels.h"

namespace Relay {

void CacheChannels::store(const QString &channel, const QString &frame, qint64 nowMs)
{
    if (!m_entries.contains(channel) && m_entries.size() >= m_maxChannels) {
        auto oldest = m_entries.begin();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->storedMs < oldest->storedMs)
                oldest = it;
        }
        m_entries.erase(oldest);
    }
    m_entries.insert(channel, Entry { frame, nowMs });
}

std::optional<QString> CacheChannels::find(const QString &channel, qint64 nowMs) const
{
    const auto it = m_entries.constFind(channel);
    if (it == m_entries.constEnd() || nowMs - it->storedMs > m_ttlMs)
        return std::nullopt;
    return it->frame;
}

QList<CachedFrame> CacheChannels::entries(qint64 nowMs) const
{
    QList<CachedFrame> out;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (nowMs - it->storedMs <= m_ttlMs)
            out.append(CachedFrame { it.key(), it->frame, it->storedMs });
    }
    return out;
}

void CacheChannels::adopt(const CachedFrame &entry)
{
    const auto held = m_entries.constFind(entry.channel);
    if (held == m_entries.constEnd() || held->storedMs < entry.storedMs)
        store(entry.channel, entry.frame, entry.storedMs);
}

} // namespace Relay
