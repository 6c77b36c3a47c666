// SPDX-License-Identifier: MIT
#pragma once

#include "memorytrimmer.h"
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
    /// Client frames that arrive behind the handshake (even in its TCP segment) are kept for the session.
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
    /// Heap trims run so far (see MemoryTrimmer): after many closes, freed memory goes back to the system.
    int heapTrims() const { return m_trims; }

Q_SIGNALS:
    /// A session's socket closed and the hub forgot it.
    void sessionFinished();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    /// An upgrading socket and the client's bytes taken from behind its handshake (see takeEarlyBytes).
    struct Upgrading {
        QPointer<QTcpSocket> socket;
        QByteArray early;
        bool taking = false;
        QMetaObject::Connection watch;
    };
    void onFinished(Session *session);
    void reap();
    /// Connected to an upgrading socket's readyRead once QHttpServer has handed it to its WebSocket server
    /// (which drops every earlier connection), so it runs before the QWebSocket's own slot. Qt 6.4's
    /// QWebSocket decodes bytes already buffered while it is being constructed, before anyone can listen to
    /// it; once the handshake head has been read off, this takes those bytes first.
    void takeEarlyBytes(QTcpSocket *socket);

    Outbox m_outbox;
    /// Weak: QHttpServer disconnects every slot of an upgraded socket, so destroyed() cannot be relied on.
    QList<Upgrading> m_upgrading;
    QHash<SessionId, Session *> m_sessions;
    QList<Session *> m_finished; ///< deleted on the next event-loop pass, outside their own signals
    QBasicTimer m_sweep;
    MemoryTrimmer m_trimmer;
    QBasicTimer m_trim; ///< runs a due heap trim a moment after the closes that made it due
    int m_trims = 0;
};

} // namespace Relay
