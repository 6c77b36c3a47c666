// SPDX-License-Identifier: MIT
#include "redisbroker.h"

#include <QElapsedTimer>

#include <hiredis/hiredis.h>

namespace Relay {

namespace {
    // Unsent bytes per link before messages are dropped: about a second of heavy fan-out.
    constexpr qsizetype maxPendingBytes = 8 << 20;
    constexpr int pingIntervalMs = 2000; // round-trip time for the inspector

}

RedisBroker::RedisBroker(const RedisEndpoint &endpoint, const QString &prefix, const QString &node, QObject *parent)
    : QObject(parent)
    , m_node(node)
    , m_keyPrefix(prefix.toUtf8() + ':')
    , m_bus(m_keyPrefix + "bus")
    , m_commands(new RedisLink(endpoint, maxPendingBytes, this))
    , m_listener(new RedisLink(endpoint, maxPendingBytes, this))
{
    connect(m_listener, &RedisLink::up, this, &RedisBroker::subscribe);
    connect(m_listener, &RedisLink::down, this, [this] {
        const bool wasUp = isUp();
        m_subscribed = false;
        updateUp(wasUp);
    });
    connect(m_commands, &RedisLink::up, this, [this] { updateUp(false); });
    connect(m_commands, &RedisLink::down, this, [this] { updateUp(m_subscribed); });
    connect(&m_ping, &QTimer::timeout, this, [this] {
        QElapsedTimer clock;
        clock.start();
        m_commands->command({ "PING" }, [this, clock](redisReply *reply) {
            if (reply) // null while the link is torn down: nothing here may be touched then
                m_roundTripMs = double(clock.nsecsElapsed()) / 1e6;
        });
    });
    m_ping.start(pingIntervalMs);
}

void RedisBroker::open()
{
    m_commands->open();
    m_listener->open();
}

void RedisBroker::subscribe()
{
    m_listener->subscribe({ m_bus }, [this](redisReply *reply) {
        if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3)
            return;
        const QByteArray kind(reply->element[0]->str, qsizetype(reply->element[0]->len));
        if (kind == "subscribe") {
            const bool wasUp = isUp();
            m_subscribed = true;
            updateUp(wasUp);
            return;
        }
        if (kind != "message")
            return;
        const redisReply *payload = reply->element[2];
        std::optional<BrokerMessage> message
            = BrokerMessage::parse(QByteArray::fromRawData(payload->str, qsizetype(payload->len)));
        if (!message || message->node == m_node)
            return;
        ++m_received;
        if (message->isState()) {
            if (m_stateSink)
                m_stateSink->received(*message);
        } else if (BrokerSink *target = sink())
            target->received(*message);
    });
}

void RedisBroker::updateUp(bool wasUp)
{
    const bool nowUp = isUp();
    if (nowUp && !wasUp)
        Q_EMIT connected();
    else if (!nowUp && wasUp)
        Q_EMIT disconnected();
}

void RedisBroker::publish(const BrokerMessage &message)
{
    BrokerMessage stamped = message;
    stamped.node = m_node;
    if (!isUp() || !m_commands->command({ "PUBLISH", m_bus, stamped.serialize() }))
        ++m_dropped;
}

BrokerStatus RedisBroker::status() const
{
    return BrokerStatus {
        true, isUp(), m_node, isUp() ? QString() : lastError(), m_dropped, m_received, m_roundTripMs
    };
}

QString RedisBroker::lastError() const
{
    return m_commands->isUp() ? m_listener->lastError() : m_commands->lastError();
}

} // namespace Relay
