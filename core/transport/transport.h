// SPDX-License-Identifier: MIT
#pragma once

#include "outbox.h"
#include "service/connection.h"
#include "session.h"

#include <QBasicTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class QTcpSocket;
class QWebSocket;

namespace Relay {

class Hub;

/// Everything between the hub and the bytes. It takes over the TCP socket under each WebSocket that
/// QHttpServer's WebSocket server hands out (that server still does the handshake), and from then on owns
/// framing in both directions, per-socket queues and send budgets, coalesced writes, pings and the close
/// handshake. Sessions are owned here, live or finished, and never outlive the transport or its Outbox.
class Transport : public QObject, public Outlet {
    Q_OBJECT
public:
    explicit Transport(int coalesceMs, QObject *parent = nullptr);
    ~Transport() override;

    /// A socket whose HTTP request asked for a WebSocket upgrade; adopt() looks for its QWebSocket here.
    void expectUpgrade(QTcpSocket *socket);
    /// Takes over the TCP socket under `handshake` and discards the QWebSocket. The session starts reading
    /// at start(); null if the socket was never announced by expectUpgrade() or is gone.
    Session *adopt(std::unique_ptr<QWebSocket> handshake,
        Hub &hub,
        SessionId id,
        QString socketId,
        Dialect dialect,
        const SessionLimits &limits);

    int deliver(const QString &message, const std::vector<Connection *> &recipients) override;

    /// Sessions whose socket is still open, for observers and shutdown.
    QList<Session *> sessions() const { return m_sessions.values(); }
    int sessionCount() const { return int(m_sessions.size()); }

Q_SIGNALS:
    /// A session's socket closed and the hub forgot it.
    void sessionFinished();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onFinished(Session *session);
    void reap();

    Outbox m_outbox;
    /// Weak: QHttpServer disconnects every slot of an upgraded socket, so destroyed() cannot be relied on.
    QList<QPointer<QTcpSocket>> m_upgrading;
    QHash<SessionId, Session *> m_sessions;
    QList<Session *> m_finished; ///< deleted on the next event-loop pass, outside their own signals
    QBasicTimer m_sweep;
};

} // namespace Relay
