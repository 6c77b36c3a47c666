// SPDX-License-Identifier: MIT
#pragma once

#include "framereader.h"
#include "service/connection.h"
#include "stats/relaymetrics.h"

#include <QByteArray>
#include <QList>
#include <QObject>

class QSslSocket;
class QTimer;
class QTcpSocket;

namespace Relay {

class Hub;
class Outbox;
struct Error;

struct SessionLimits {
    qint64 activityTimeoutMs = 120000;
    qint64 pongTimeoutMs = 30000;
    qint64 sendBudgetBytes = 4 * 1024 * 1024;
    qint64 maxMessageBytes = 512 * 1024;
    qint64 closeTimeoutMs = 10000; ///< a close handshake the client does not finish is cut off after this
};

/// One WebSocket client on the wire: owns its TCP socket, decodes the client's frames for the hub, queues
/// and writes the server's frames under a send budget, pings a silent client, and closes with a lingering
/// close. Lives in the relay's thread. Leaving the hub always happens from a queued call, never inside a
/// broadcast, so the hub's loops never see a subscriber vanish under them.
class Session : public QObject, public Connection {
    Q_OBJECT
public:
    /// Takes `socket` over (it becomes a child); nothing is read until start(). `early` holds client bytes
    /// already taken off the socket (those that followed the handshake); they are decoded first.
    Session(QTcpSocket *socket,
        Outbox &outbox,
        Hub &hub,
        SessionId id,
        QString socketId,
        Dialect dialect,
        const SessionLimits &limits,
        const QByteArray &early = {});
    ~Session() override;

    /// Starts reading, beginning with any client frames that arrived together with the handshake.
    void start();

    SessionId id() const override { return m_id; }
    QString socketId() const override { return m_socketId; }
    Dialect dialect() const override { return m_dialect; }
    void send(const QString &message) override;
    void close(int code, const QString &reason) override;
    /// Queues an encoded frame shared with other sessions; false when the session is closing or the frame
    /// was over its send budget (the session then closes with 4100).
    bool queueFrame(const QByteArray &frame);

    /// Hands the queued frames to the socket in as few writes as possible; called by the Outbox.
    void flush();
    /// Called about once a second: pings a silent client, closes one that did not answer with 4201, and
    /// cuts off a close handshake that took too long.
    void sweep(qint64 nowMs);

    /// For observers: where the client connects from, since when, and how many messages went each way.
    QString remoteAddress() const;
    qint64 connectedMs() const { return m_connectedMs; }
    quint64 framesIn() const { return m_framesIn; }
    quint64 framesOut() const { return m_framesOut; }
    /// The upgrade request's Origin and User-Agent headers, for observers.
    void setClientHeaders(const QString &origin, const QString &userAgent);
    QString origin() const { return m_origin; }
    QString userAgent() const { return m_userAgent; }
    /// The close code this session sent or echoed; 1006 when the connection ended without a close handshake.
    int closeCode() const { return m_closeCode; }
    SocketTraffic traffic() const { return { m_framesIn, m_framesOut, m_bytesIn, m_bytesOut }; }

    // Fault injection (see RelayServer::injectFault). Every fault ends when the session starts closing, so
    // the client always receives its close frame.
    /// Holds every outgoing frame for `ms` before it may be written (0: no delay). Held frames count against
    /// the send budget.
    void setOutgoingDelay(qint64 ms);
    qint64 outgoingDelay() const { return m_delayMs; }
    /// Stops reading the client's frames and writing to it, as if the client had frozen: its queue then grows
    /// until the send budget closes it with 4100.
    void setStalled(bool stalled);
    bool isStalled() const { return m_stalled; }
    /// Leaves the client's pings (WebSocket ping frames and pusher:ping / relay:ping) unanswered.
    void setIgnoringPings(bool ignoring) { m_ignorePings = ignoring; }
    bool isIgnoringPings() const { return m_ignorePings; }

Q_SIGNALS:
    /// The socket is gone and the hub has forgotten this session; it may be deleted.
    void finished(Relay::Session *session);

private:
    enum class State { Open, Closing, Lingering };
    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void handle(FrameReader::Message &&message);
    void onText(const QByteArray &utf8);
    void report(const Error &error, const QString &channel);
    /// Queues the close frame (after the backlog, or instead of it) and stops queueing anything else.
    void startClose(int code, const QString &reason, bool dropBacklog);
    void pump();
    /// Plain TCP only, while the socket holds nothing unsent: hands queued frames to the kernel with one
    /// sendmsg() each pass instead of copying them into QTcpSocket's buffer. A frame the kernel took in part
    /// goes to the socket with its rest, so order is kept; what the kernel refuses stays queued for pump().
    void writeDirect();
    void noteActivity();
    /// Bytes written to the socket that the kernel has not taken yet, encrypted ones included under TLS.
    qint64 unsentBytes() const;
    /// Moves held frames whose delay has passed (all of them with `all`) to the write queue.
    void releaseDelayed(bool all);

    QTcpSocket *m_socket;
    QSslSocket *m_tls; ///< m_socket when it speaks TLS, else null
    Outbox &m_outbox;
    Hub &m_hub;
    FrameReader m_reader;
    QList<QByteArray> m_queue; ///< whole frames not yet handed to the socket, oldest first
    qint64 m_queuedBytes = 0;
    SessionId m_id;
    QString m_socketId;
    Dialect m_dialect;
    State m_state = State::Open;
    bool m_peerClosed = false; ///< the client's close frame arrived
    bool m_pumping = false;
    bool m_finished = false;
    SessionLimits m_limits;
    qint64 m_lastActivityMs = 0;
    qint64 m_pingSentMs = 0; ///< 0 while no server ping is unanswered
    qint64 m_closeDeadlineMs = 0;
    qint64 m_connectedMs = 0;
    quint64 m_framesIn = 0;
    quint64 m_framesOut = 0;
    quint64 m_bytesIn = 0;
    quint64 m_bytesOut = 0;
    int m_closeCode = 1006;
    QString m_origin;
    QString m_userAgent;
    struct Delayed {
        qint64 dueMs;
        QByteArray frame;
    };
    QList<Delayed> m_delayed; ///< frames held by an injected delay, oldest first; counted in m_queuedBytes
    qint64 m_delayMs = 0;
    QTimer *m_delayTimer = nullptr; ///< created with the first delay
    bool m_stalled = false;
    bool m_ignorePings = false;
};

} // namespace Relay
