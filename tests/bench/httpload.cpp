// SPDX-License-Identifier: MIT
#include "httpload.h"

#include <algorithm>

HttpLoad::HttpLoad(const QString &host, quint16 port, int connections, RequestFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_host(host)
    , m_port(port)
{
    for (int i = 0; i < connections; ++i) {
        auto connection = std::make_shared<Connection>();
        connection->socket = std::make_unique<QTcpSocket>();
        connection->socket->connectToHost(host, port);
        connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Connection *raw = connection.get();
        connect(connection->socket.get(), &QTcpSocket::readyRead, this, [this, raw] { onReadyRead(*raw); });
        m_connections.append(connection);
    }
    connect(&m_pacer, &QTimer::timeout, this, &HttpLoad::sendScheduled);
}

bool HttpLoad::connected() const
{
    return std::all_of(m_connections.cbegin(), m_connections.cend(), [](const auto &c) {
        return c->socket->state() == QAbstractSocket::ConnectedState;
    });
}

void HttpLoad::start(int durationMs, int ratePerSecond)
{
    m_durationMs = durationMs;
    m_rate = ratePerSecond;
    m_stopped = false;
    m_clock.start();
    if (m_rate > 0) {
        m_pacer.setTimerType(Qt::PreciseTimer);
        m_pacer.start(1);
        return;
    }
    for (const auto &connection : std::as_const(m_connections))
        sendOn(*connection);
}

void HttpLoad::stop()
{
    m_pacer.stop();
    if (!std::exchange(m_stopped, true))
        m_elapsedMs = m_clock.elapsed();
}

void HttpLoad::sendScheduled()
{
    if (m_clock.elapsed() >= m_durationMs) {
        m_pacer.stop();
        m_stopped = true;
        m_elapsedMs = m_clock.elapsed();
        return;
    }
    const quint64 due = quint64(m_clock.nsecsElapsed() / 1000) * quint64(m_rate) / 1000000;
    for (const auto &connection : std::as_const(m_connections)) {
        if (m_sent >= due)
            break;
        if (!connection->busy)
            sendOn(*connection);
    }
}

void HttpLoad::sendOn(Connection &connection)
{
    connection.busy = true;
    ++m_inFlight;
    ++m_sent;
    connection.socket->write(m_factory());
}

void HttpLoad::onReadyRead(Connection &connection)
{
    connection.buffer += connection.socket->readAll();
    while (true) {
        const qsizetype headEnd = connection.buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const qsizetype lengthAt = connection.buffer.indexOf("Content-Length: ");
        const qsizetype length = lengthAt >= 0 && lengthAt < headEnd
            ? connection.buffer.mid(lengthAt + 16, connection.buffer.indexOf("\r\n", lengthAt) - lengthAt - 16)
                  .toLongLong()
            : 0;
        if (connection.buffer.size() < headEnd + 4 + length)
            return;
        const bool ok = connection.buffer.startsWith("HTTP/1.1 2");
        const bool closing = QByteArrayView(connection.buffer.constData(), headEnd)
                                 .toByteArray()
                                 .toLower()
                                 .contains("\r\nconnection: close");
        connection.buffer.remove(0, headEnd + 4 + length);
        if (closing) {
            // The next request waits in the socket's buffer until the new connection is up.
            connection.socket->abort();
            connection.buffer.clear();
            connection.socket->connectToHost(m_host, m_port);
            ++m_reconnects;
        }
        connection.busy = false;
        --m_inFlight;
        ok ? ++m_completed : ++m_failed;
        if (m_stopped)
            continue;
        if (m_rate == 0) {
            if (m_clock.elapsed() < m_durationMs) {
                sendOn(connection);
            } else {
                m_stopped = true;
                m_elapsedMs = m_clock.elapsed();
            }
        }
    }
}
