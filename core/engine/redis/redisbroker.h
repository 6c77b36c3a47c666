// SPDX-License-Identifier: MIT
#pragma once

#include "engine/broker.h"
#include "redislink.h"

namespace Relay {

/// Fan-out over Redis pub/sub: every node publishes to `{prefix}:bus` on its command link and listens on its
/// own subscription link. Messages sent while Redis is away or slow are dropped and counted, never queued
/// without bound; the node's own messages coming back are ignored.
class RedisBroker final : public QObject, public Broker {
    Q_OBJECT
public:
    RedisBroker(const RedisEndpoint &endpoint, const QString &prefix, const QString &node, QObject *parent = nullptr);

    void open();
    bool clustered() const override { return true; }
    void publish(const BrokerMessage &message) override;
    BrokerStatus status() const override;

    const QString &node() const { return m_node; }
    /// `{prefix}:`, the start of every Redis key and channel of this cluster.
    const QByteArray &keyPrefix() const { return m_keyPrefix; }
    /// Both links are connected and the subscription is confirmed.
    bool isUp() const { return m_subscribed && m_commands->isUp(); }
    quint64 dropped() const { return m_dropped; }
    quint64 received() const { return m_received; }
    QString lastError() const;
    RedisLink &commands() { return *m_commands; }
    /// Receives the state messages (isState()) instead of the hub; not owned.
    void setStateSink(BrokerSink *sink) { m_stateSink = sink; }

Q_SIGNALS:
    /// Both links are up again (after start or after an outage); the cluster's view may need repairs.
    void connected();
    void disconnected();

private:
    void subscribe();
    void updateUp(bool wasUp);

    QString m_node;
    QByteArray m_keyPrefix;
    QByteArray m_bus;
    RedisLink *m_commands;
    RedisLink *m_listener;
    BrokerSink *m_stateSink = nullptr;
    bool m_subscribed = false;
    quint64 m_dropped = 0;
    quint64 m_received = 0;
    double m_roundTripMs = -1;
    QTimer m_ping;
};

} // namespace Relay
