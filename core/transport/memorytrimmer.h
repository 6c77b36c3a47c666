// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace Relay {

/// Decides when to hand freed heap back to the system. glibc keeps the memory of closed connections in its
/// arenas, so without a trim a relay's RSS stays at its peak however few clients remain. A trim is due once
/// `closesPerTrim` connections closed since the last one, or once the live count fell to at most half its peak
/// with at least `minDrop` gone; due trims are at least `minIntervalMs` apart (a trim walks the whole heap).
/// Pure bookkeeping: the owner runs the trim (trimHeap) on a timer, away from the close path.
class MemoryTrimmer {
public:
    struct Policy {
        int closesPerTrim = 2000;
        int minDrop = 500;
        qint64 minIntervalMs = 10000;
    };

    explicit MemoryTrimmer(Policy policy);
    MemoryTrimmer()
        : MemoryTrimmer(Policy {})
    {
    }

    /// A connection opened; `live` connections are open now.
    void opened(int live);
    /// `count` connections closed, leaving `live`.
    void closed(int count, int live);
    /// How long from `nowMs` until a due trim may run; -1 while none is due.
    qint64 dueInMs(qint64 nowMs) const;
    /// A trim ran at `nowMs` with `live` connections open.
    void trimmed(int live, qint64 nowMs);

    /// Returns free heap memory to the system (glibc's malloc_trim); false where that is not available.
    static bool trimHeap();

private:
    Policy m_policy;
    int m_peak = 0;
    int m_live = 0;
    int m_closes = 0;
    qint64 m_lastTrimMs = -1;
};

} // namespace Relay
