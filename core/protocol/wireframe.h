// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Relay {

/// A complete server-to-client WebSocket text frame (FIN, opcode 1, unmasked) around a UTF-8 payload. Server
/// frames carry no mask, so one broadcast frame is the same bytes for every subscriber: built once, written
/// to each socket as is.
QByteArray webSocketTextFrame(QByteArrayView utf8Payload);
inline QByteArray webSocketTextFrame(const QString &payload)
{
    return webSocketTextFrame(QByteArrayView(payload.toUtf8()));
}

} // namespace Relay
