// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Relay {

/// Decodes the client-to-server side of a WebSocket connection (RFC 6455 5): masked frames, fragmented
/// messages, control frames between fragments. Pure: bytes in, messages out, no sockets.
///
/// A message over `maxMessageBytes` is refused from its frame header, before its payload arrives (1009);
/// its payload is then skipped as it arrives, so a close frame sent after it is still found. Invalid UTF-8
/// in a text message is 1007; any other breach of the framing rules is 1002, after which nothing more is
/// decoded.
class FrameReader {
public:
    enum class Kind { Text, Binary, Ping, Pong, Close };
    struct Message {
        Kind kind;
        QByteArray payload; ///< unmasked; Text is valid UTF-8; Close is the code (2 bytes) and reason
    };
    struct Fault {
        int closeCode;
        QString reason;
    };

    explicit FrameReader(qint64 maxMessageBytes);

    void append(QByteArrayView bytes);
    /// As append(QByteArrayView); when nothing is pending, keeps `bytes` itself (no copy).
    void append(const QByteArray &bytes);
    /// The next complete message, or nothing until more bytes arrive (or after a framing error).
    std::optional<Message> next();
    /// The first fault found, if any. Messages after a size fault are still decoded.
    const std::optional<Fault> &fault() const { return m_fault; }
    /// Bytes held for incomplete frames.
    qsizetype buffered() const { return m_buffer.size() - m_pos; }

private:
    void fail(int closeCode, const QString &reason, bool fatal);
    void consume(qsizetype bytes);

    qint64 m_maxMessageBytes;
    QByteArray m_buffer;
    qsizetype m_pos = 0; ///< start of the undecoded bytes in m_buffer
    qint64 m_skip = 0; ///< payload bytes of a refused frame still to drop
    QByteArray m_message; ///< fragments of the message in progress
    Kind m_messageKind = Kind::Text;
    bool m_inMessage = false;
    bool m_dead = false;
    std::optional<Fault> m_fault;
};

/// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool isValidUtf8(QByteArrayView bytes);

} // namespace Relay
