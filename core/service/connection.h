// SPDX-License-Identifier: MIT
#pragma once

#include "channels/channelregistry.h"
#include "protocol/dialect.h"
#include "protocol/wireframe.h"

#include <QString>

namespace Relay {

/// What the hub needs of a client connection. Implemented by the WebSocket session; the hub never sees a socket.
class Connection {
public:
    virtual ~Connection() = default;
    virtual SessionId id() const = 0;
    virtual QString socketId() const = 0;
    virtual Dialect dialect() const = 0;
    /// Queues one complete WebSocket frame (webSocketTextFrame); closes the connection with 4100 instead when
    /// its unsent bytes are over the send budget.
    virtual void sendWire(const QByteArray &wireFrame) = 0;
    /// Encodes and queues one message meant for this connection only.
    void send(const QString &message) { sendWire(webSocketTextFrame(message)); }
    /// Closes with a WebSocket close code (4xxx from PROTOCOL-NOTES.md, or 1xxx).
    virtual void close(int code, const QString &reason) = 0;
};

} // namespace Relay
