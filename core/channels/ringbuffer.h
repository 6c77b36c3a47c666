// SPDX-License-Identifier: MIT
#pragma once

#include <QList>

namespace Relay {

/// A fixed-capacity buffer that drops its oldest item when full. Capacity 0 keeps nothing.
template <typename T>
class RingBuffer {
public:
    explicit RingBuffer(qsizetype capacity = 0)
        : m_capacity(capacity)
    {
    }

    void push(T item)
    {
        if (m_capacity <= 0)
            return;
        if (m_items.size() < m_capacity) {
            m_items.append(std::move(item));
            return;
        }
        m_items[m_head] = std::move(item);
        m_head = (m_head + 1) % m_capacity;
    }

    qsizetype size() const { return m_items.size(); }
    qsizetype capacity() const { return m_capacity; }
    bool isEmpty() const { return m_items.isEmpty(); }
    void clear()
    {
        m_items.clear();
        m_head = 0;
    }

    /// The newest `count` items (all when count exceeds the size), oldest first.
    QList<T> newest(qsizetype count) const
    {
        const qsizetype n = qBound(qsizetype(0), count, m_items.size());
        QList<T> out;
        out.reserve(n);
        for (qsizetype i = m_items.size() - n; i < m_items.size(); ++i)
            out.append(at(i));
        return out;
    }
    QList<T> toList() const { return newest(m_items.size()); }

    /// Item `index` counted from the oldest.
    const T &at(qsizetype index) const { return m_items.at((m_head + index) % m_items.size()); }

private:
    QList<T> m_items;
    qsizetype m_head = 0; ///< index of the oldest item once the buffer has wrapped
    qsizetype m_capacity;
};

} // namespace Relay
