// SPDX-License-Identifier: MIT
#pragma once

#include "channels/channelregistry.h"
#include "protocol/dialect.h"

#include <QString>

#include <vector>

namespace Relay {

/// What the hub needs of a client connection. Implemented by the transport's session; the hub never sees a
/// socket or a wire frame.
class Connection {
public:
    virtual ~Connection() = default;
    virtual SessionId id() const = 0;
    virtual QString socketId() const = 0;
    virtual Dialect dialect() const = 0;
    /// Queues one message for this connection only; closes it with 4100 instead when its unsent bytes,
    /// this message included, would be over the send budget.
    virtual void send(const QString &message) = 0;
    /// Closes with a WebSocket close code (4xxx from PROTOCOL-NOTES.md, or 1xxx). Messages queued before
    /// are delivered first.
    virtual void close(int code, const QString &reason) = 0;
};

/// Where the hub hands a message meant for many connections. The transport encodes it once and queues
/// the same bytes for every recipient, each under its own send budget.
class Outlet {
public:
    virtual ~Outlet() = default;
    /// `recipients` are connections the transport created; returns how many the message was queued for.
    virtual int deliver(const QString &message, const std::vector<Connection *> &recipients) = 0;
};

} // namespace Relay
