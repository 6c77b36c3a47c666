// SPDX-License-Identifier: MIT
#pragma once

#include "requesthead.h"

#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace Relay {

struct HttpLimits {
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 2 * 1024 * 1024;
    qint64 timeoutMs = 30000;
};

/// Watches one HTTP connection ahead of QHttpServer, which in Qt 6.4 has no limits or timeouts of its own.
/// Its readyRead slot is connected first, so it sees (peeks) every byte before QHttpServer reads it. It
/// answers `Expect: 100-continue`, rejects a malformed head (400), a head over the limit (431) and a body
/// over the limit (413, from Content-Length, before the body is read), closes after the response when the
/// client asked for `Connection: close` or spoke HTTP/1.0, and reports stalled or idle connections to the
/// sweep. It stands aside once a WebSocket upgrade is seen.
class ConnectionGuard : public QObject {
    Q_OBJECT
public:
    ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const HttpLimits &limits);

    /// Called about once a second: a stalled request gets 408, an idle keep-alive connection is closed.
    void sweep(qint64 nowMs);

Q_SIGNALS:
    /// A WebSocket upgrade request was seen; QHttpServer is about to hand `socket` to its WebSocket server.
    void upgrading(QTcpSocket *socket);

private:
    enum class State { Head, Body, ChunkedBody, Upgraded, Rejected };
    void onReadyRead();
    void onHeadComplete(const RequestHead &head);
    void finishRequest();
    void reject(int status, const QByteArray &reason, const QString &message);
    void drainRejected();

    QPointer<QTcpSocket> m_socket;
    QObject *m_httpServer;
    HttpLimits m_limits;
    State m_state = State::Head;
    QByteArray m_head;
    qint64 m_bodyRemaining = 0;
    qint64 m_drainRemaining = 0;
    QByteArray m_chunkTail; ///< last bytes of a chunked body, to spot its terminating zero chunk
    bool m_closeAfterResponse = false;
    bool m_inRequest = false;
    qint64 m_lastActivityMs = 0;
};

} // namespace Relay
