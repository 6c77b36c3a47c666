// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <memory>

/// Keep-alive HTTP/1.1 load over a fixed set of connections, each with one request in flight. Runs closed
/// loop (next request as soon as the answer is in) or open loop at a fixed total rate. A connection whose
/// answer says `Connection: close` (soketi's do) is opened again before its next request, and counted.
class HttpLoad : public QObject {
    Q_OBJECT
public:
    using RequestFactory = std::function<QByteArray()>;

    HttpLoad(const QString &host, quint16 port, int connections, RequestFactory factory, QObject *parent = nullptr);
    /// Sends until `durationMs` has passed; `ratePerSecond` 0 means as fast as answers allow.
    void start(int durationMs, int ratePerSecond = 0);
    /// Sends nothing more; answers still in flight are counted.
    void stop();
    /// Every connection is established.
    bool connected() const;
    bool finished() const { return m_stopped && m_inFlight == 0; }
    quint64 completed() const { return m_completed; }
    quint64 failed() const { return m_failed; }
    /// Connections opened again because the server closed them after an answer.
    quint64 reconnects() const { return m_reconnects; }
    double elapsedSeconds() const { return m_elapsedMs / 1000.0; }

private:
    struct Connection {
        std::unique_ptr<QTcpSocket> socket;
        QByteArray buffer;
        bool busy = false;
    };
    void sendOn(Connection &connection);
    void onReadyRead(Connection &connection);
    void sendScheduled();

    QList<std::shared_ptr<Connection>> m_connections;
    RequestFactory m_factory;
    QElapsedTimer m_clock;
    QTimer m_pacer;
    qint64 m_durationMs = 0;
    qint64 m_elapsedMs = 0;
    int m_rate = 0;
    quint64 m_sent = 0;
    quint64 m_completed = 0;
    quint64 m_failed = 0;
    quint64 m_reconnects = 0;
    QString m_host;
    quint16 m_port = 0;
    int m_inFlight = 0;
    bool m_stopped = true;
};
