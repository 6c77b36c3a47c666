// SPDX-License-Identifier: MIT
#pragma once

#include "service/connection.h"
#include "stats/relaymetrics.h"

#include <QObject>
#include <QPointer>

class QTcpSocket;
class QWebSocket;

namespace Relay {

class Hub;
class Outbox;
struct Error;

struct SessionLimits {
    qint64 activityTimeoutMs = 120000;
    qint64 pongTimeoutMs = 30000;
    qint64 sendBudgetBytes = 4 * 1024 * 1024;
};

/// One WebSocket client: owns its socket, decodes its frames for the hub, enforces its send budget and
/// its idle ping. Lives in the relay's thread. Leaving the hub always happens from a queued call, never
/// inside a broadcast, so the hub's loops never see a subscriber vanish under them.
class Session : public QObject, public Connection {
    Q_OBJECT
public:
    /// `wire` is the TCP socket under `socket`, for writing pre-built frames; null falls back to QWebSocket.
    Session(QWebSocket *socket, QTcpSocket *wire, Outbox *outbox, Hub &hub, SessionId id, QString socketId,
        Dialect dialect, const SessionLimits &limits, QObject *parent = nullptr);
    ~Session() override;

    SessionId id() const override { return m_id; }
    QString socketId() const override { return m_socketId; }
    Dialect dialect() const override { return m_dialect; }
    void sendWire(const QByteArray &wireFrame) override;
    /// Writes what sendWire() queued, in one go; called by the Outbox.
    void flushQueued();
    void close(int code, const QString &reason) override;

    /// Called about once a second: pings a silent client, closes one that did not answer with 4201.
    void sweep(qint64 nowMs);
    QWebSocket *socket() const { return m_socket; }
    /// For observers: where the client connects from, since when, and how many frames went each way.
    QString remoteAddress() const { return m_remoteAddress; }
    qint64 connectedMs() const { return m_connectedMs; }
    quint64 framesIn() const { return m_framesIn; }
    quint64 framesOut() const { return m_framesOut; }
    SocketTraffic traffic() const { return { m_framesIn, m_framesOut, m_bytesIn, m_bytesOut }; }

Q_SIGNALS:
    /// The socket is gone and the hub has forgotten this session; it may be deleted.
    void finished(Relay::Session *session);

private:
    void onTextMessage(const QString &message);
    void onBinaryMessage(const QByteArray &message);
    void onDisconnected();
    void report(const Error &error, const QString &channel);

    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_wire;
    Outbox *m_outbox;
    QByteArray m_queued; ///< whole frames waiting for the Outbox's flush
    Hub &m_hub;
    SessionId m_id;
    QString m_socketId;
    Dialect m_dialect;
    SessionLimits m_limits;
    qint64 m_lastActivityMs = 0;
    qint64 m_pingSentMs = 0; ///< 0 while no server ping is unanswered
    bool m_closing = false;
    QString m_remoteAddress;
    qint64 m_connectedMs = 0;
    quint64 m_framesIn = 0;
    quint64 m_framesOut = 0;
    quint64 m_bytesIn = 0;
    quint64 m_bytesOut = 0;
};

} // namespace Relay
