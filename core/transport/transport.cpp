// SPDX-License-Identifier: MIT
#include "transport.h"

#include "wireframe.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QTimerEvent>
#include <QWebSocket>

namespace Relay {

Transport::Transport(int coalesceMs, QObject *parent)
    : QObject(parent)
    , m_outbox(coalesceMs, this)
{
    m_sweep.start(1000, this);
}

Transport::~Transport()
{
    // Sessions go first: each leaves the Outbox as it is destroyed.
    qDeleteAll(m_sessions);
    qDeleteAll(m_finished);
}

void Transport::expectUpgrade(QTcpSocket *socket)
{
    m_upgrading.removeIf([](const QPointer<QTcpSocket> &pending) { return pending.isNull(); });
    m_upgrading.append(socket);
}

Session *Transport::adopt(std::unique_ptr<QWebSocket> handshake,
    Hub &hub,
    SessionId id,
    QString socketId,
    Dialect dialect,
    const SessionLimits &limits)
{
    // Qt 6.4's QWebSocket wraps the very QTcpSocket its server upgraded (QWebSocketPrivate::makeConnections
    // connects that socket's signals to it, aboutToClose to its own aboutToClose among them). Breaking that
    // one connection succeeds for the wrapped socket only, which identifies it without comparing addresses.
    QTcpSocket *socket = nullptr;
    for (qsizetype i = 0; i < m_upgrading.size() && !socket; ++i) {
        QTcpSocket *candidate = m_upgrading.at(i);
        if (candidate
            && QObject::disconnect(
                candidate, &QAbstractSocket::aboutToClose, handshake.get(), &QWebSocket::aboutToClose)) {
            socket = candidate;
            m_upgrading.removeAt(i);
        }
    }
    if (!socket)
        return nullptr;
    // The QWebSocket learns its socket's state from stateChanged only. Told "unconnected", its destructor
    // sends no going-away close frame and only disconnects its slots (all of the socket's, ours included).
    Q_EMIT socket->stateChanged(QAbstractSocket::UnconnectedState);
    const QString origin = handshake->origin();
    const QString userAgent = QString::fromLatin1(handshake->request().rawHeader("User-Agent"));
    handshake.reset();

    auto *session = new Session(socket, m_outbox, hub, id, std::move(socketId), dialect, limits);
    session->setClientHeaders(origin, userAgent);
    m_sessions.insert(id, session);
    connect(session, &Session::finished, this, &Transport::onFinished);
    return session;
}

int Transport::deliver(const QString &message, const std::vector<Connection *> &recipients)
{
    if (recipients.empty())
        return 0;
    const QByteArray frame = WireFrame::text(message); // encoded once, the same bytes for every recipient
    int queued = 0;
    for (Connection *connection : recipients) {
        Q_ASSERT(dynamic_cast<Session *>(connection));
        if (static_cast<Session *>(connection)->queueFrame(frame))
            ++queued;
    }
    return queued;
}

void Transport::onFinished(Session *session)
{
    m_sessions.remove(session->id());
    if (m_finished.isEmpty())
        QMetaObject::invokeMethod(this, &Transport::reap, Qt::QueuedConnection);
    m_finished.append(session);
    Q_EMIT sessionFinished();
}

void Transport::reap()
{
    qDeleteAll(std::exchange(m_finished, {}));
}

void Transport::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_sweep.timerId())
        return QObject::timerEvent(event);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (Session *session : std::as_const(m_sessions))
        session->sweep(now);
}

} // namespace Relay
