// SPDX-License-Identifier: MIT
#include "framereader.h"

#include <QtEndian>

namespace Relay {

namespace {
    constexpr quint8 opContinuation = 0x0;
    constexpr quint8 opText = 0x1;
    constexpr quint8 opBinary = 0x2;
    constexpr quint8 opClose = 0x8;
    constexpr quint8 opPing = 0x9;
    constexpr quint8 opPong = 0xA;

    void unmask(char *data, qsizetype size, const uchar *key)
    {
        for (qsizetype i = 0; i < size; ++i)
            data[i] = char(data[i] ^ char(key[i & 3]));
    }
} // namespace

FrameReader::FrameReader(qint64 maxMessageBytes)
    : m_maxMessageBytes(maxMessageBytes)
{
}

void FrameReader::append(QByteArrayView bytes)
{
    if (m_dead || bytes.isEmpty())
        return;
    if (m_skip > 0 && m_pos == m_buffer.size()) { // a refused payload, with nothing before it left to read
        const qint64 dropped = qMin<qint64>(m_skip, bytes.size());
        m_skip -= dropped;
        bytes = bytes.sliced(dropped);
    }
    if (m_pos > 0 && m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    }
    m_buffer.append(bytes);
}

void FrameReader::append(const QByteArray &bytes)
{
    if (m_skip == 0 && !m_dead && m_pos == m_buffer.size()) {
        m_buffer = bytes;
        m_pos = 0;
        return;
    }
    append(QByteArrayView(bytes));
}

void FrameReader::consume(qsizetype bytes)
{
    m_pos += bytes;
    if (m_pos == m_buffer.size()) {
        m_buffer.clear(); // frees a large message's buffer as soon as it is decoded
        m_pos = 0;
    } else if (m_pos > 4096 && m_pos > m_buffer.size() / 2) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
}

void FrameReader::fail(int closeCode, const QString &reason, bool fatal)
{
    if (!m_fault)
        m_fault = Fault { closeCode, reason };
    if (fatal) {
        m_dead = true;
        m_buffer.clear();
        m_pos = 0;
    }
}

std::optional<FrameReader::Message> FrameReader::next()
{
    while (!m_dead) {
        if (m_skip > 0) {
            const qint64 dropped = qMin<qint64>(m_skip, m_buffer.size() - m_pos);
            m_skip -= dropped;
            consume(dropped);
            if (m_skip > 0)
                return std::nullopt;
        }
        const QByteArrayView view = QByteArrayView(m_buffer).sliced(m_pos);
        if (view.size() < 2)
            return std::nullopt;
        const auto b0 = quint8(view[0]);
        const auto b1 = quint8(view[1]);
        const bool fin = b0 & 0x80;
        const quint8 opcode = b0 & 0x0f;
        const bool masked = b1 & 0x80;
        qsizetype header = 2;
        quint64 length = b1 & 0x7f;
        if (length == 126) {
            if (view.size() < 4)
                return std::nullopt;
            length = qFromBigEndian<quint16>(view.data() + 2);
            header = 4;
        } else if (length == 127) {
            if (view.size() < 10)
                return std::nullopt;
            length = qFromBigEndian<quint64>(view.data() + 2);
            header = 10;
        }
        if (b0 & 0x70) {
            fail(1002, QStringLiteral("reserved bits set: no extension was negotiated"), true);
            break;
        }
        if (!masked) {
            fail(1002, QStringLiteral("client frames must be masked"), true);
            break;
        }
        const bool control = opcode & 0x8;
        if (control && (opcode != opClose && opcode != opPing && opcode != opPong)) {
            fail(1002, QStringLiteral("unknown opcode %1").arg(opcode), true);
            break;
        }
        if (!control && opcode != opContinuation && opcode != opText && opcode != opBinary) {
            fail(1002, QStringLiteral("unknown opcode %1").arg(opcode), true);
            break;
        }
        if (control && (!fin || length > 125)) {
            fail(1002, QStringLiteral("control frames must be whole and at most 125 bytes"), true);
            break;
        }
        if (!control && (opcode == opContinuation) != m_inMessage) {
            fail(1002, QStringLiteral("fragments out of order"), true);
            break;
        }
        if (length > quint64(std::numeric_limits<qint64>::max())) {
            fail(1002, QStringLiteral("frame length out of range"), true);
            break;
        }
        header += 4;
        if (!control && qint64(length) > m_maxMessageBytes - m_message.size()) {
            fail(1009, QStringLiteral("message is over the %1 KB limit").arg(m_maxMessageBytes / 1024), false);
            const qsizetype present = qMin<qsizetype>(view.size(), header);
            consume(present);
            m_skip = qint64(length) + header - present;
            m_message.clear();
            m_inMessage = !fin;
            if (m_inMessage)
                m_messageKind = Kind::Binary; // the rest of a refused message is dropped unread
            continue;
        }
        if (view.size() < header + qsizetype(length))
            return std::nullopt;
        uchar key[4];
        memcpy(key, view.data() + header - 4, 4);
        QByteArray payload(view.data() + header, qsizetype(length));
        unmask(payload.data(), payload.size(), key);
        consume(header + qsizetype(length));

        if (control) {
            const Kind kind = opcode == opClose ? Kind::Close : opcode == opPing ? Kind::Ping : Kind::Pong;
            if (kind == Kind::Close && payload.size() == 1) {
                fail(1002, QStringLiteral("a close frame's payload is empty or at least 2 bytes"), true);
                break;
            }
            return Message { kind, payload };
        }
        if (opcode != opContinuation) {
            m_messageKind = opcode == opText ? Kind::Text : Kind::Binary;
            m_inMessage = true;
        }
        if (m_fault) { // the remainder of a refused message, or anything after it: not delivered
            m_inMessage = !fin;
            continue;
        }
        m_message.append(payload);
        if (!fin)
            continue;
        m_inMessage = false;
        QByteArray message = std::exchange(m_message, {});
        if (m_messageKind == Kind::Text && !isValidUtf8(message)) {
            fail(1007, QStringLiteral("text message is not valid UTF-8"), false);
            continue;
        }
        return Message { m_messageKind, message };
    }
    return std::nullopt;
}

bool isValidUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.data());
    const uchar *end = p + bytes.size();
    while (p < end) {
        const uchar c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra = 0;
        char32_t cp = 0;
        if (c >= 0xc2 && c <= 0xdf) {
            extra = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            extra = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff))
            || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        p += extra + 1;
    }
    return true;
}

} // namespace Relay
