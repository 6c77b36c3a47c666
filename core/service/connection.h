// SPDX-License-Identifier: MIT
#pragma once

#include "channels/channelregistry.h"
#include "protocol/dialect.h"

#include <QString>

namespace Relay {

/// What the hub needs of a client connection. Implemented by the WebSocket session; the hub never sees a socket.
class Connection {
public:
    virtual ~Connection() = default;
    virtual SessionId id() const = 0;
    virtual QString socketId() const = 0;
    virtual Dialect dialect() const = 0;
    /// Queues one encoded frame; may close the connection if it is over its send budget.
    virtual void send(const QString &frame) = 0;
    /// Closes with a WebSocket close code (4xxx from PROTOCOL-NOTES.md, or 1xxx).
    virtual void close(int code, const QString &reason) = 0;
};

} // namespace Relay
