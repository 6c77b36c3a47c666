// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <atomic>

namespace Relay {

/// A counter that one thread (the relay's) bumps and any thread may read, so that an observer can tell that
/// something changed without waking the relay. The writer pays a plain load and store, no locked instruction.
class ChangeSerial {
public:
    ChangeSerial &operator++()
    {
        m_value.store(m_value.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        return *this;
    }
    quint64 value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<quint64> m_value { 0 };
};

} // namespace Relay
