// SPDX-License-Identifier: MIT
#pragma once

#include "originpolicy.h"
#include "requestparser.h"

#include <QObject>
#include <QPointer>

#include <deque>
#include <optional>

class QTcpSocket;

namespace Relay {

/// Reads one HTTP connection ahead of QHttpServer, which in Qt 6.4 has no limits or timeouts of its own, and
/// is the one place a request is parsed for the relay's own code. Its readyRead slot runs first and peeks
/// (never reads) the bytes QHttpServer reads next; afterReadyRead() must be connected after QHttpServer's
/// slot. Complete requests wait in order until QHttpServer's handler takes them with takeRequest(), so
/// pipelined requests stay paired with their answers. It answers `Expect: 100-continue`; rejects a
/// malformed request (400), a head over the limit (431), a body over the limit (413, from Content-Length
/// before the body is read), an upgrade QHttpServer must not hand over (404 off `/app/{key}`, 400 without a
/// key or version), a browser origin or a Host the OriginPolicy refuses (403), each after the answers to the requests before it; and reports stalled or idle
/// connections to the sweep. It stands aside once a WebSocket upgrade is accepted.
class ConnectionGuard : public QObject {
    Q_OBJECT
public:
    /// `policy` and `upgradesRefusedUntilMs` must outlive the guard. Until that time (ms since the epoch) a
    /// WebSocket upgrade is answered 503, as during a restart.
    ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const HttpLimits &limits, const OriginPolicy &policy,
        const qint64 &upgradesRefusedUntilMs);

    /// The next complete request on this connection, for the handler QHttpServer calls for it; nullopt when
    /// the guard has none (QHttpServer and the guard disagree on framing, which the caller must refuse).
    /// Bytes of this request that QHttpServer left unread (trailers it cannot parse) are skipped here.
    std::optional<HttpRequest> takeRequest();
    /// Connected to the socket's readyRead after QHttpServer's slot: records what has been seen.
    void afterReadyRead();
    /// Called about once a second: a request head not complete within the head deadline (counted from its
    /// first byte, whatever trickles in after it) or a request that stops arriving gets 408, an idle
    /// keep-alive connection is closed.
    void sweep(qint64 nowMs);

Q_SIGNALS:
    /// A WebSocket upgrade request was accepted; QHttpServer is about to hand `socket` to its WebSocket server.
    void upgrading(QTcpSocket *socket);
    /// A request was refused with 403 for its Origin (`origin` set) or its Host (`origin` empty).
    void refusedOrigin(const QString &origin, const QString &host, const QString &message);

private:
    struct Parsed {
        HttpRequest request;
        qint64 endOffset; ///< stream offset just past the request's last byte
    };
    enum class State { Reading, Upgraded, Rejected };
    void onReadyRead();
    void parse(QByteArrayView bytes);
    void onRequest(HttpRequest request);
    /// Refuses now, or once the requests already queued have been answered.
    void refuse(const Error &error, qint64 drainBytes);
    void reject(const Error &error);
    void drainRejected();

    QPointer<QTcpSocket> m_socket;
    QObject *m_httpServer;
    HttpLimits m_limits;
    const OriginPolicy &m_policy;
    const qint64 &m_upgradesRefusedUntilMs;
    RequestParser m_parser;
    State m_state = State::Reading;
    std::deque<Parsed> m_ready;
    std::optional<Error> m_pendingRejection;
    qint64 m_received = 0; ///< bytes fed to the parser so far
    qint64 m_seenUnread = 0; ///< of the socket's unread bytes, how many the parser has already seen
    qint64 m_drainRemaining = 0;
    qint64 m_lastActivityMs = 0;
    qint64 m_headStartMs = -1; ///< when the first byte of a head still incomplete arrived; -1 when none is
};

} // namespace Relay
