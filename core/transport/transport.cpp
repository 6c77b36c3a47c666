// SPDX-License-Identifier: MIT
#include "transport.h"

#include "wireframe.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QTimerEvent>
#include <QWebSocket>

namespace Relay {

namespace {
    // A close storm is usually many closes in a row: trim once it has passed, not in the middle of it.
    constexpr qint64 trimDelayMs = 1000;
} // namespace

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
    m_upgrading.removeIf([](const Upgrading &pending) { return pending.socket.isNull(); });
    m_upgrading.append(Upgrading { socket, {}, false, {} });
    // Queued: this runs inside the guard's readyRead slot, before QHttpServer's slot drops every connection
    // of the socket and posts its WebSocket server's handshake call, which then runs after this one.
    QMetaObject::invokeMethod(
        this,
        [this, guarded = QPointer<QTcpSocket>(socket)] {
            for (Upgrading &pending : m_upgrading) {
                if (guarded && pending.socket == guarded && !pending.watch) {
                    pending.watch = connect(
                        guarded, &QTcpSocket::readyRead, this, [this, raw = guarded.data()] { takeEarlyBytes(raw); });
                }
            }
        },
        Qt::QueuedConnection);
}

void Transport::takeEarlyBytes(QTcpSocket *socket)
{
    for (Upgrading &pending : m_upgrading) {
        if (pending.socket != socket)
            continue;
        if (!pending.taking) {
            // A client frame's first byte has its RSV bits clear (no extension is negotiated); a request line
            // starts with a letter, which has 0x40 set. Until the head is gone, the handshake reads it.
            const QByteArray first = socket->peek(1);
            if (first.isEmpty() || (quint8(first.front()) & 0x70) != 0)
                return;
            pending.taking = true;
        }
        pending.early += socket->read(socket->bytesAvailable());
        return;
    }
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
    QByteArray early;
    for (qsizetype i = 0; i < m_upgrading.size() && !socket; ++i) {
        Upgrading &candidate = m_upgrading[i];
        if (candidate.socket
            && QObject::disconnect(
                candidate.socket, &QAbstractSocket::aboutToClose, handshake.get(), &QWebSocket::aboutToClose)) {
            socket = candidate.socket;
            QObject::disconnect(candidate.watch);
            early = std::move(candidate.early);
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

    auto *session = new Session(socket, m_outbox, hub, id, std::move(socketId), dialect, limits, early);
    session->setClientHeaders(origin, userAgent);
    m_sessions.insert(id, session);
    m_trimmer.opened(int(m_sessions.size()));
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
    const QList<Session *> finished = std::exchange(m_finished, {});
    qDeleteAll(finished);
    m_trimmer.closed(int(finished.size()), int(m_sessions.size()));
    const qint64 due = m_trimmer.dueInMs(QDateTime::currentMSecsSinceEpoch());
    if (due >= 0 && !m_trim.isActive())
        m_trim.start(int(qMax<qint64>(due, trimDelayMs)), this);
}

void Transport::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_trim.timerId()) {
        m_trim.stop();
        if (MemoryTrimmer::trimHeap())
            ++m_trims;
        m_trimmer.trimmed(int(m_sessions.size()), QDateTime::currentMSecsSinceEpoch());
        return;
    }
    if (event->timerId() != m_sweep.timerId())
        return QObject::timerEvent(event);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (Session *session : std::as_const(m_sessions))
        session->sweep(now);
}

} // namespace Relay
