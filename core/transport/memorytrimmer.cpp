// SPDX-License-Identifier: MIT
#include "memorytrimmer.h"

#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace Relay {

MemoryTrimmer::MemoryTrimmer(Policy policy)
    : m_policy(policy)
{
}

void MemoryTrimmer::opened(int live)
{
    m_live = live;
    m_peak = std::max(m_peak, live);
}

void MemoryTrimmer::closed(int count, int live)
{
    m_closes += count;
    m_live = live;
}

qint64 MemoryTrimmer::dueInMs(qint64 nowMs) const
{
    const bool manyClosed = m_closes >= m_policy.closesPerTrim;
    const bool bigDrop = m_peak - m_live >= m_policy.minDrop && m_live <= m_peak / 2;
    if (!manyClosed && !bigDrop)
        return -1;
    if (m_lastTrimMs < 0)
        return 0;
    return std::max<qint64>(0, m_lastTrimMs + m_policy.minIntervalMs - nowMs);
}

void MemoryTrimmer::trimmed(int live, qint64 nowMs)
{
    m_live = live;
    m_peak = live;
    m_closes = 0;
    m_lastTrimMs = nowMs;
}

bool MemoryTrimmer::trimHeap()
{
#if defined(__GLIBC__)
    malloc_trim(0);
    return true;
#else
    return false;
#endif
}

} // namespace Relay
