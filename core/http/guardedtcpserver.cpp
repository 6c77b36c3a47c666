// SPDX-License-Identifier: MIT
#include "guardedtcpserver.h"

#include "tls/tlsgate.h"

#include <QDateTime>
#include <QDebug>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTimerEvent>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Relay {

namespace {
    /// Enough to take a burst of connects in one pass, few enough that open connections are served in between.
    constexpr int acceptsPerPass = 256;
    /// How long accepting rests after an error that is not running out of descriptors (kernel memory, ...).
    constexpr int acceptRetryMs = 100;

    int openReserve()
    {
        return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }

    bool backlogEmpty(int error)
    {
        return error == EAGAIN || error == EWOULDBLOCK;
    }
} // namespace

GuardedTcpServer::GuardedTcpServer(const HttpLimits &limits, const OriginPolicy &policy, int backlog, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_policy(policy)
    , m_reserveDescriptor(openReserve())
{
    setListenBacklogSize(backlog);
    // Sweep often enough that a timeout fires within a quarter of its length.
    m_sweep.start(int(qBound(qint64(100), qMin(limits.timeoutMs, limits.headTimeoutMs) / 4, qint64(1000))), this);
}

GuardedTcpServer::~GuardedTcpServer()
{
    if (m_reserveDescriptor >= 0)
        ::close(m_reserveDescriptor);
}

bool GuardedTcpServer::listen(const QHostAddress &address, quint16 port)
{
    if (!QTcpServer::listen(address, port))
        return false;
    // QTcpServer's read notifier on the listening socket (a child of its socket engine) stays: pauseAccepting()
    // and QHttpServer's nextPendingConnection() keep switching it, but its activations run acceptPending().
    bool watched = false;
    for (QSocketNotifier *notifier : findChildren<QSocketNotifier *>()) {
        if (notifier->socket() == socketDescriptor() && notifier->type() == QSocketNotifier::Read) {
            notifier->installEventFilter(this);
            watched = true;
        }
    }
    if (!watched) {
        qWarning("listening socket: Qt's notifier was not found; running out of descriptors may stall accepting");
        connect(this, &QTcpServer::acceptError, this, [this] {
            acceptPending();
            resumeAccepting();
        });
    }
    return true;
}

bool GuardedTcpServer::eventFilter(QObject *watched, QEvent *event)
{
    const auto *notifier = qobject_cast<QSocketNotifier *>(watched);
    if (event->type() != QEvent::SockAct || !notifier || notifier->socket() != socketDescriptor())
        return QTcpServer::eventFilter(watched, event);
    acceptPending();
    return true;
}

void GuardedTcpServer::acceptPending()
{
    const QPointer<GuardedTcpServer> alive(this);
    for (int round = 0; round < acceptsPerPass && isListening(); ++round) {
        const int descriptor = ::accept4(int(socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
        if (descriptor >= 0) {
            incomingConnection(descriptor);
            Q_EMIT newConnection();
            if (!alive)
                return;
            continue;
        }
        const int error = errno;
        if (error == EINTR || error == ECONNABORTED)
            continue;
        if (backlogEmpty(error))
            return;
        if (error == EMFILE || error == ENFILE) {
            const Taken taken = refuseWithReserve();
            if (taken == Taken::Refused)
                continue;
            if (taken == Taken::BacklogEmpty)
                return;
        }
        return pauseAfter(error);
    }
}

GuardedTcpServer::Taken GuardedTcpServer::refuseWithReserve()
{
    if (m_reserveDescriptor < 0)
        m_reserveDescriptor = openReserve();
    if (m_reserveDescriptor < 0)
        return Taken::Failed; // another thread took the descriptor the last refusal freed
    ::close(m_reserveDescriptor);
    const int taken = ::accept4(int(socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
    const int error = errno;
    if (taken >= 0)
        ::close(taken);
    m_reserveDescriptor = openReserve();
    if (taken >= 0) {
        noteRefusal(Refusal::OutOfDescriptors);
        return Taken::Refused;
    }
    if (error == EINTR || error == ECONNABORTED)
        return Taken::Refused; // that connection is gone; the next one is tried
    return backlogEmpty(error) ? Taken::BacklogEmpty : Taken::Failed;
}

void GuardedTcpServer::pauseAfter(int error)
{
    pauseAccepting();
    m_acceptRetry.start(acceptRetryMs, this);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastPauseLogMs < 1000)
        return;
    m_lastPauseLogMs = now;
    qWarning().noquote() << QStringLiteral("accepting new connections paused for %1 ms: %2")
                                .arg(acceptRetryMs)
                                .arg(qt_error_string(error));
}

void GuardedTcpServer::setTls(const QSslConfiguration &configuration, bool tlsOnly)
{
    delete m_tlsGate;
    m_tlsGate = new TlsGate(configuration, tlsOnly, m_limits.timeoutMs, this);
    connect(m_tlsGate, &TlsGate::ready, this, &GuardedTcpServer::admit);
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    if (m_guards.size() >= m_maxConnections) {
        // Answered and closed at once, without a guard: the connections already open are not slowed down.
        static const QByteArray busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                       "Content-Length: 53\r\nConnection: close\r\n\r\n"
                                       "{\"error\":\"too many HTTP connections; try again later\"}";
        (void)!::send(int(descriptor), busy.constData(), size_t(busy.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
        ::close(int(descriptor));
        noteRefusal(Refusal::Busy);
        return;
    }
    if (m_tlsGate)
        return m_tlsGate->accept(descriptor);
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    admit(socket);
}

void GuardedTcpServer::admit(QTcpSocket *socket)
{
    socket->setParent(this);
    auto *guard = new ConnectionGuard(socket, m_httpServer, m_limits, m_policy, m_upgradesRefusedUntilMs);
    m_guards.insert(socket, guard);
    connect(guard, &QObject::destroyed, this, [this, socket] { m_guards.remove(socket); });
    connect(guard, &ConnectionGuard::upgrading, this, &GuardedTcpServer::upgrading);
    connect(guard, &ConnectionGuard::refusedOrigin, this, &GuardedTcpServer::refusedOrigin);
    addPendingConnection(socket); // QHttpServer connects its readyRead slot in here, synchronously
    connect(socket, &QTcpSocket::readyRead, guard, &ConnectionGuard::afterReadyRead);
}

void GuardedTcpServer::refuseUpgradesFor(qint64 ms)
{
    m_upgradesRefusedUntilMs = QDateTime::currentMSecsSinceEpoch() + ms;
}

void GuardedTcpServer::noteRefusal(Refusal why)
{
    ++m_refusedSinceLog[size_t(why)];
    if (!m_refusalLog.isActive()) {
        logRefusals();
        m_refusalLog.start(1000, this);
    }
}

void GuardedTcpServer::logRefusals()
{
    bool logged = false;
    for (size_t why = 0; why < m_refusedSinceLog.size(); ++why) {
        if (m_refusedSinceLog[why] == 0)
            continue;
        const QString reason = Refusal(why) == Refusal::Busy
            ? QStringLiteral("%1 HTTP connections are open (max_http_connections)").arg(m_maxConnections)
            : QStringLiteral("the process is out of file descriptors (raise `ulimit -n` or lower max_connections)");
        qWarning().noquote()
            << QStringLiteral("refused %1 new connection(s): %2").arg(m_refusedSinceLog[why]).arg(reason);
        m_refusedSinceLog[why] = 0;
        logged = true;
    }
    if (!logged)
        m_refusalLog.stop(); // a quiet second: the next refusal is logged at once
}

void GuardedTcpServer::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_refusalLog.timerId())
        return logRefusals();
    if (event->timerId() == m_acceptRetry.timerId()) {
        m_acceptRetry.stop();
        if (isListening())
            resumeAccepting();
        return;
    }
    if (event->timerId() != m_sweep.timerId()) {
        QTcpServer::timerEvent(event);
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (ConnectionGuard *guard : QList<ConnectionGuard *>(m_guards.values()))
        guard->sweep(now);
}

} // namespace Relay
