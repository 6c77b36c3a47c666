// SPDX-License-Identifier: MIT
#include "relayfeed.h"

#include <QDateTime>

namespace Relay {

void RelayFeed::append(FeedEvent event)
{
    if (!observed())
        return;
    if (event.timeMs == 0)
        event.timeMs = QDateTime::currentMSecsSinceEpoch();
    QMutexLocker lock(&m_mutex);
    if (m_pending.size() >= m_capacity) {
        m_pending.removeFirst();
        m_dropped.fetch_add(1, std::memory_order_relaxed);
    }
    m_pending.append(std::move(event));
}

QList<FeedEvent> RelayFeed::drain()
{
    QMutexLocker lock(&m_mutex);
    return std::exchange(m_pending, {});
}

} // namespace Relay
