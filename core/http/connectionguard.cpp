// SPDX-License-Identifier: MIT
#include "connectionguard.h"

#include "protocol/jsontext.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QTimer>

namespace Relay {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

constexpr qint64 maxDrainBytes = 16 * 1024 * 1024; // read and drop at most this much of a rejected body
} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const HttpLimits &limits)
    : QObject(socket)
    , m_socket(socket)
    , m_httpServer(httpServer)
    , m_limits(limits)
    , m_lastActivityMs(nowMs())
{
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
}

void ConnectionGuard::onReadyRead()
{
    if (m_state == State::Rejected) {
        drainRejected();
        return;
    }
    if (m_state == State::Upgraded || !m_socket->isOpen())
        return;
    m_lastActivityMs = nowMs();
    const qint64 available = m_socket->bytesAvailable();
    if (m_state == State::Body && available < m_bodyRemaining) {
        m_bodyRemaining -= available; // the middle of a body: only its length matters
        return;
    }
    // Peek, never read: QHttpServer's own slot runs next and reads these same bytes.
    const QByteArray bytes = m_socket->peek(available);
    QByteArrayView rest(bytes);
    while (!rest.isEmpty() && m_state != State::Rejected && m_state != State::Upgraded) {
        m_inRequest = true;
        if (m_state == State::Head) {
            // The usual case, a whole head in one read, is parsed in place; a head split over reads is collected.
            const bool collecting = !m_head.isEmpty();
            const qsizetype before = m_head.size();
            if (collecting)
                m_head.append(rest);
            const QByteArrayView text = collecting ? QByteArrayView(m_head) : rest;
            const qsizetype end = text.indexOf("\r\n\r\n", qMax<qsizetype>(0, before - 3));
            if (end < 0) {
                if (!collecting)
                    m_head = rest.toByteArray();
                if (m_head.size() > m_limits.maxHeaderBytes)
                    reject(431, "Request Header Fields Too Large",
                        QStringLiteral("request headers are over the %1 KB limit").arg(m_limits.maxHeaderBytes / 1024));
                return;
            }
            if (end > m_limits.maxHeaderBytes) {
                reject(431, "Request Header Fields Too Large",
                    QStringLiteral("request headers are over the %1 KB limit").arg(m_limits.maxHeaderBytes / 1024));
                return;
            }
            const Result<RequestHead> head = parseRequestHead(text.first(end));
            rest = rest.sliced(end + 4 - before);
            m_head.clear();
            if (!head) {
                reject(400, "Bad Request", head.error().message);
                return;
            }
            onHeadComplete(*head);
        } else if (m_state == State::Body) {
            const qint64 take = qMin<qint64>(m_bodyRemaining, rest.size());
            m_bodyRemaining -= take;
            rest = rest.sliced(take);
            if (m_bodyRemaining == 0)
                finishRequest();
        } else if (m_state == State::ChunkedBody) {
            m_bodyRemaining += rest.size(); // counts bytes received so far
            m_chunkTail = QByteArray(m_chunkTail + rest.toByteArray()).right(7);
            rest = {};
            if (m_bodyRemaining > m_limits.maxBodyBytes) {
                reject(413, "Payload Too Large",
                    QStringLiteral("request body is over the %1 KB limit").arg(m_limits.maxBodyBytes / 1024));
                return;
            }
            if (m_chunkTail.endsWith("\r\n0\r\n\r\n") || m_chunkTail == "0\r\n\r\n")
                finishRequest();
        }
    }
}

void ConnectionGuard::onHeadComplete(const RequestHead &head)
{
    if (head.webSocketUpgrade) {
        // QHttpServer hands the socket to its WebSocket server, which has limits of its own.
        m_state = State::Upgraded;
        Q_EMIT upgrading(m_socket);
        deleteLater();
        return;
    }
    m_closeAfterResponse = head.closeAfterResponse;
    if (head.contentLength > m_limits.maxBodyBytes) {
        m_drainRemaining = head.expectContinue ? 0 : head.contentLength;
        reject(413, "Payload Too Large",
            QStringLiteral("request body of %1 bytes is over the %2 KB limit")
                .arg(head.contentLength)
                .arg(m_limits.maxBodyBytes / 1024));
        return;
    }
    const bool hasBody = head.chunked || head.contentLength > 0;
    if (head.expectContinue && hasBody)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (head.chunked) {
        m_state = State::ChunkedBody;
        m_bodyRemaining = 0;
        m_chunkTail.clear();
    } else if (head.contentLength > 0) {
        m_state = State::Body;
        m_bodyRemaining = head.contentLength;
    } else {
        finishRequest();
    }
}

void ConnectionGuard::finishRequest()
{
    m_state = State::Head;
    m_inRequest = false;
    if (m_closeAfterResponse) {
        // QHttpServer answers synchronously right after this slot; close once that answer is queued.
        QTimer::singleShot(0, this, [this] {
            if (m_socket)
                m_socket->disconnectFromHost();
        });
    }
}

void ConnectionGuard::reject(int status, const QByteArray &reason, const QString &message)
{
    m_state = State::Rejected;
    // From here on the guard owns the connection: QHttpServer must not parse or answer it.
    QObject::disconnect(m_socket, nullptr, m_httpServer, nullptr);
    QString body = QStringLiteral("{\"error\":");
    appendJsonString(body, message);
    body += u'}';
    const QByteArray json = body.toUtf8();
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n"
          "Content-Length: "
        + QByteArray::number(json.size()) + "\r\n\r\n" + json);
    // Read on and drop what the client is still sending, so that closing does not reset the connection
    // before the client has read the answer.
    m_drainRemaining = qMin(m_drainRemaining, maxDrainBytes);
    drainRejected();
}

void ConnectionGuard::drainRejected()
{
    if (!m_socket)
        return;
    const QByteArray dropped = m_socket->read(qMax<qint64>(m_socket->bytesAvailable(), 0));
    m_drainRemaining -= dropped.size();
    if (m_drainRemaining <= 0 && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
}

void ConnectionGuard::sweep(qint64 now)
{
    if (!m_socket || m_state == State::Upgraded || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (now - m_lastActivityMs < m_limits.timeoutMs)
        return;
    if (m_state == State::Rejected) {
        m_socket->abort();
    } else if (m_inRequest) {
        m_drainRemaining = 0;
        reject(408, "Request Timeout",
            QStringLiteral("request did not arrive completely within %1 s").arg(m_limits.timeoutMs / 1000));
    } else {
        m_socket->disconnectFromHost(); // idle keep-alive connection
    }
}

} // namespace Relay
