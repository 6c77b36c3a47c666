// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

/// Every fuzz target defines this; libFuzzer calls it, and so does the replay driver of the ctest build.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace RelayFuzz {

/// Reads a fuzz input front to back: a few bytes of knobs, then the rest as the text under test.
class Input {
public:
    Input(const uint8_t *data, size_t size)
        : m_bytes(reinterpret_cast<const char *>(data), qsizetype(size))
    {
    }
    /// One byte, or 0 when the input is used up.
    quint8 byte()
    {
        if (m_at >= m_bytes.size())
            return 0;
        return quint8(m_bytes[m_at++]);
    }
    /// Bytes up to (not including) the next `separator`, which is consumed; the rest when there is none.
    QByteArrayView field(char separator)
    {
        const QByteArrayView left = m_bytes.sliced(m_at);
        const qsizetype end = left.indexOf(separator);
        if (end < 0) {
            m_at = m_bytes.size();
            return left;
        }
        m_at += end + 1;
        return left.first(end);
    }
    QByteArrayView rest()
    {
        const QByteArrayView left = m_bytes.sliced(m_at);
        m_at = m_bytes.size();
        return left;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_at = 0;
};

} // namespace RelayFuzz
