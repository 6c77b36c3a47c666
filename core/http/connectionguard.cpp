// SPDX-License-Identifier: MIT
#include "connectionguard.h"

#include "reply.h"
#include "router.h"

#include <QDateTime>
#include <QDebug>
#include <QTcpSocket>

namespace Relay {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

constexpr qint64 maxDrainBytes = 16 * 1024 * 1024; // read and drop at most this much of a rejected body
} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const HttpLimits &limits,
    const OriginPolicy &policy, const qint64 &upgradesRefusedUntilMs)
    : QObject(socket)
    , m_socket(socket)
    , m_httpServer(httpServer)
    , m_limits(limits)
    , m_policy(policy)
    , m_upgradesRefusedUntilMs(upgradesRefusedUntilMs)
    , m_parser(limits)
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
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_seenUnread)
        return; // a readyRead QHttpServer re-posted for requests already parsed
    m_lastActivityMs = nowMs();
    // Peek, never read: QHttpServer's own slot runs next and reads these same bytes.
    const QByteArray bytes = m_socket->peek(available);
    const qint64 seen = std::exchange(m_seenUnread, available);
    parse(QByteArrayView(bytes).sliced(seen));
}

void ConnectionGuard::parse(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && m_state == State::Reading && !m_pendingRejection) {
        if (m_headStartMs < 0 && m_parser.betweenRequests())
            m_headStartMs = m_lastActivityMs;
        const RequestParser::Progress progress = m_parser.feed(bytes);
        bytes = bytes.sliced(progress.consumed);
        m_received += progress.consumed;
        switch (progress.step) {
        case RequestParser::Step::NeedMore:
            return;
        case RequestParser::Step::HeadComplete:
            m_headStartMs = -1;
            if (m_parser.head().expectContinue && m_ready.empty())
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            break;
        case RequestParser::Step::RequestComplete:
            m_headStartMs = -1;
            onRequest(m_parser.takeRequest());
            break;
        case RequestParser::Step::Failed: {
            const HttpRequest &head = m_parser.head();
            const bool earlyTooLarge = m_parser.error().code == ErrorCode::BodyTooLarge && head.contentLength > 0;
            refuse(m_parser.error(), earlyTooLarge && !head.expectContinue ? head.contentLength : 0);
            return;
        }
        }
    }
}

void ConnectionGuard::onRequest(HttpRequest request)
{
    if (Status allowed = m_policy.check(request); !allowed) {
        qWarning().noquote() << "refused:" << allowed.error().message;
        Q_EMIT refusedOrigin(QString::fromUtf8(request.header("Origin").left(200)),
            QString::fromUtf8(request.header("Host").left(200)), allowed.error().message);
        refuse(allowed.error(), 0);
        return;
    }
    if (!request.webSocketUpgrade) {
        m_ready.push_back(Parsed { std::move(request), m_received });
        return;
    }
    if (Status acceptable = Router::checkUpgrade(request); !acceptable) {
        refuse(acceptable.error(), 0);
        return;
    }
    if (const qint64 left = m_upgradesRefusedUntilMs - nowMs(); left > 0) {
        refuse(Error { ErrorCode::ShuttingDown,
                   QStringLiteral("the relay is restarting; try again in %1 s").arg((left + 999) / 1000) },
            0);
        return;
    }
    // QHttpServer hands the socket to its WebSocket server, which has limits of its own.
    m_state = State::Upgraded;
    m_ready.push_back(Parsed { std::move(request), m_received });
    Q_EMIT upgrading(m_socket);
}

std::optional<HttpRequest> ConnectionGuard::takeRequest()
{
    if (m_ready.empty())
        return std::nullopt;
    Parsed parsed = std::move(m_ready.front());
    m_ready.pop_front();
    if (parsed.request.webSocketUpgrade) {
        deleteLater();
        return std::move(parsed.request);
    }
    // QHttpServer has just read what it takes for this request; line its position up with the guard's.
    const qint64 guardUnread = m_received - parsed.endOffset;
    const qint64 qtUnread = m_socket->bytesAvailable();
    if (qtUnread > guardUnread) {
        m_socket->skip(qtUnread - guardUnread);
    } else if (qtUnread < guardUnread) {
        // QHttpServer read into the next request: answer this one and close rather than guess.
        parsed.request.closeAfterResponse = true;
        m_ready.clear();
        m_state = State::Rejected;
        QObject::disconnect(m_socket, nullptr, m_httpServer, nullptr);
    }
    return std::move(parsed.request);
}

void ConnectionGuard::afterReadyRead()
{
    if (m_state != State::Reading || !m_socket)
        return;
    m_seenUnread = m_socket->bytesAvailable();
    if (m_pendingRejection && m_ready.empty())
        reject(*std::exchange(m_pendingRejection, std::nullopt));
}

void ConnectionGuard::refuse(const Error &error, qint64 drainBytes)
{
    m_drainRemaining = qMin(drainBytes, maxDrainBytes);
    if (m_ready.empty())
        reject(error);
    else
        m_pendingRejection = error;
}

void ConnectionGuard::reject(const Error &error)
{
    m_state = State::Rejected;
    // From here on the guard owns the connection: QHttpServer must not parse or answer it.
    QObject::disconnect(m_socket, nullptr, m_httpServer, nullptr);
    m_socket->write(Reply::error(error).toHttp(true));
    // Read on and drop what the client is still sending, so that closing does not reset the connection
    // before the client has read the answer.
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
    if (m_state == State::Reading && m_headStartMs >= 0 && now - m_headStartMs >= m_limits.headTimeoutMs) {
        m_drainRemaining = 0;
        m_ready.clear();
        reject(Error { ErrorCode::RequestTimeout,
            QStringLiteral("request headers did not arrive completely within %1 s").arg(m_limits.headTimeoutMs / 1000) });
        return;
    }
    if (now - m_lastActivityMs < m_limits.timeoutMs)
        return;
    if (m_state == State::Rejected) {
        m_socket->abort();
    } else if (!m_parser.betweenRequests()) {
        m_drainRemaining = 0;
        m_ready.clear();
        reject(Error { ErrorCode::RequestTimeout,
            QStringLiteral("request did not arrive completely within %1 s").arg(m_limits.timeoutMs / 1000) });
    } else if (m_ready.empty()) {
        m_socket->disconnectFromHost(); // idle keep-alive connection
    }
}

} // namespace Relay
