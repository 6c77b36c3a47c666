// SPDX-License-Identifier: MIT
#pragma once

#include "connectionguard.h"

#include <QBasicTimer>
#include <QHash>
#include <QTcpServer>

#include <array>

class QSslConfiguration;

namespace Relay {

class TlsGate;

/// The listening socket handed to QHttpServer::bind(): a large backlog (QHttpServer's own is 50, which makes
/// 10 000 connects take about a minute) and a ConnectionGuard on every accepted socket, whose slots wrap
/// QHttpServer's: one connected before it, one after. When the process is out of file descriptors, pending
/// connections are taken with a reserve descriptor and closed (never left waiting in the backlog), and
/// accepting goes on as soon as descriptors are free.
class GuardedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    GuardedTcpServer(const HttpLimits &limits, const OriginPolicy &policy, int backlog, QObject *parent = nullptr);
    ~GuardedTcpServer() override;
    /// QTcpServer::listen(), then this class does the accepting (see acceptPending()). Call this one.
    bool listen(const QHostAddress &address, quint16 port);
    /// From now on every connection passes a TlsGate first (TLS and plain on this port); set before listening.
    void setTls(const QSslConfiguration &configuration, bool tlsOnly);
    /// The server whose slots a guard disconnects when it rejects a request; set before listening.
    void setHttpServer(QObject *httpServer) { m_httpServer = httpServer; }
    /// HTTP connections (not yet handed to the WebSocket side) at once; a connection over it is answered 503
    /// and closed.
    void setMaxConnections(int limit) { m_maxConnections = limit; }
    int connectionCount() const { return int(m_guards.size()); }
    /// The browser origins and Host names every guard checks requests against; changes apply to the next request.
    OriginPolicy &originPolicy() { return m_policy; }
    /// WebSocket upgrades are answered 503 for the next `ms` milliseconds (a simulated restart).
    void refuseUpgradesFor(qint64 ms);
    /// The guard reading `socket`, or null once it has stood aside.
    ConnectionGuard *guardOf(QTcpSocket *socket) const { return m_guards.value(socket); }

Q_SIGNALS:
    /// A request on `socket` asked for a WebSocket upgrade; QHttpServer is about to hand it to its
    /// WebSocket server. The transport takes the socket over from there.
    void upgrading(QTcpSocket *socket);
    /// See ConnectionGuard::refusedOrigin.
    void refusedOrigin(const QString &origin, const QString &host, const QString &message);

protected:
    void incomingConnection(qintptr descriptor) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Refusal { Busy, OutOfDescriptors };
    enum class Taken { Refused, BacklogEmpty, Failed };

    /// Accepts what the backlog holds, a bounded number per event-loop pass. Runs instead of QTcpServer's
    /// loop, which in Qt 6.4 sees only the listening socket's first error: once an accept has found the
    /// backlog empty, running out of descriptors goes unreported and QTcpServer spins while connections wait.
    void acceptPending();
    /// Out of descriptors: frees the reserve, takes one pending connection with it, closes it.
    Taken refuseWithReserve();
    /// Stops accepting for a moment after an error that retrying at once would only repeat.
    void pauseAfter(int error);
    void admit(QTcpSocket *socket);
    /// Logs refused connections: the first at once, then at most one line a second per reason with the count.
    void noteRefusal(Refusal why);
    void logRefusals();

    HttpLimits m_limits;
    TlsGate *m_tlsGate = nullptr;
    OriginPolicy m_policy;
    QObject *m_httpServer = nullptr;
    QHash<QTcpSocket *, ConnectionGuard *> m_guards;
    QBasicTimer m_sweep;
    int m_maxConnections = 1000;
    qint64 m_upgradesRefusedUntilMs = 0; ///< read by every guard
    int m_reserveDescriptor = -1; ///< /dev/null held open to free when the process runs out of descriptors
    QBasicTimer m_acceptRetry;
    qint64 m_lastPauseLogMs = 0;
    QBasicTimer m_refusalLog;
    std::array<qint64, 2> m_refusedSinceLog {}; ///< by Refusal
};

} // namespace Relay
