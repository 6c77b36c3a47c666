// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Relay {

/// Server-to-client WebSocket frames (RFC 6455 5.2): FIN set, unmasked. Server frames carry no mask, so one
/// broadcast frame is the same bytes for every subscriber: built once, written to each socket as is.
namespace WireFrame {

    QByteArray text(QByteArrayView utf8Payload);
    inline QByteArray text(const QString &payload)
    {
        return text(QByteArrayView(payload.toUtf8()));
    }
    /// A close frame with `code` and at most 123 bytes of the reason (control frames carry 125 bytes at most).
    QByteArray close(int code, const QString &reason);
    /// The answer to a client's ping: its payload echoed (at most 125 bytes, as the ping's).
    QByteArray pong(QByteArrayView payload);

} // namespace WireFrame
} // namespace Relay
