// SPDX-License-Identifier: MIT
#pragma once

#include "brokermessage.h"

namespace Relay {

/// How the link to the other nodes is, for /health, /stats and /metrics.
struct BrokerStatus {
    bool clustered = false;
    bool reachable = true; ///< false while the cluster's backend cannot be reached
    QString node;
    QString error; ///< why it is unreachable
    quint64 dropped = 0; ///< messages for other nodes that could not be sent
    quint64 received = 0; ///< messages from other nodes
    double roundTripMs = -1; ///< the last PING to Redis and back; -1 before the first
};

/// Receives what other nodes publish, in the relay's thread, each message once.
class BrokerSink {
public:
    virtual ~BrokerSink() = default;
    virtual void received(const BrokerMessage &message) = 0;
};

/// Fan-out between nodes. The publishing node delivers to its own sockets itself; the broker carries the
/// message to every other node, which delivers it to theirs. Single-threaded (the relay's thread).
class Broker {
public:
    virtual ~Broker() = default;
    /// False for a node on its own: the hub then builds no messages at all.
    virtual bool clustered() const = 0;
    /// Best effort: a message that cannot be sent (the link is down or its queue is full) is counted as dropped.
    virtual void publish(const BrokerMessage &message) = 0;
    virtual BrokerStatus status() const = 0;
    void setSink(BrokerSink *sink) { m_sink = sink; }

protected:
    BrokerSink *sink() const { return m_sink; }

private:
    BrokerSink *m_sink = nullptr;
};

} // namespace Relay
