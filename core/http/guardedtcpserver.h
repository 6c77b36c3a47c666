// SPDX-License-Identifier: MIT
#pragma once

#include "connectionguard.h"

#include <QBasicTimer>
#include <QHash>
#include <QTcpServer>

namespace Relay {

/// The listening socket handed to QHttpServer::bind(): a large backlog (QHttpServer's own is 50, which makes
/// 10 000 connects take about a minute) and a ConnectionGuard on every accepted socket, whose slots wrap
/// QHttpServer's: one connected before it, one after.
class GuardedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    GuardedTcpServer(const HttpLimits &limits, int backlog, QObject *parent = nullptr);
    /// The server whose slots a guard disconnects when it rejects a request; set before listening.
    void setHttpServer(QObject *httpServer) { m_httpServer = httpServer; }
    /// The guard reading `socket`, or null once it has stood aside.
    ConnectionGuard *guardOf(QTcpSocket *socket) const { return m_guards.value(socket); }

Q_SIGNALS:
    /// A request on `socket` asked for a WebSocket upgrade; QHttpServer is about to hand it to its
    /// WebSocket server. The transport takes the socket over from there.
    void upgrading(QTcpSocket *socket);

protected:
    void incomingConnection(qintptr descriptor) override;
    void timerEvent(QTimerEvent *event) override;

private:
    HttpLimits m_limits;
    QObject *m_httpServer = nullptr;
    QHash<QTcpSocket *, ConnectionGuard *> m_guards;
    QBasicTimer m_sweep;
};

} // namespace Relay
