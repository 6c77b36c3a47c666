// SPDX-License-Identifier: MIT
#include "guardedtcpserver.h"

#include "tls/tlsgate.h"

#include <QDateTime>
#include <QDebug>
#include <QTcpSocket>
#include <QTimerEvent>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Relay {

namespace {
    int openReserve()
    {
        return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
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
    connect(this, &QTcpServer::acceptError, this, &GuardedTcpServer::onAcceptError);
}

GuardedTcpServer::~GuardedTcpServer()
{
    if (m_reserveDescriptor >= 0)
        ::close(m_reserveDescriptor);
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
        logRefusal(QStringLiteral("%1 HTTP connections are open (max_http_connections)").arg(m_maxConnections));
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

void GuardedTcpServer::onAcceptError(QAbstractSocket::SocketError error)
{
    if (error != QAbstractSocket::SocketResourceError) {
        qWarning().noquote() << "accepting a connection failed:" << errorString();
        resumeAccepting();
        return;
    }
    // The pending connection stays in the backlog and the listening socket stays readable: take it with the
    // reserve descriptor and close it, so that it is refused rather than left hanging.
    if (m_reserveDescriptor >= 0) {
        ::close(m_reserveDescriptor);
        const int taken = ::accept4(int(socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
        if (taken >= 0)
            ::close(taken);
        m_reserveDescriptor = openReserve();
    }
    logRefusal(QStringLiteral("the process is out of file descriptors (raise `ulimit -n` or lower max_connections)"));
    resumeAccepting();
}

void GuardedTcpServer::logRefusal(const QString &why)
{
    ++m_refusedSinceLog;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastRefusalLogMs < 1000)
        return;
    m_lastRefusalLogMs = now;
    qWarning().noquote() << QStringLiteral("refused %1 new connection(s): %2").arg(m_refusedSinceLog).arg(why);
    m_refusedSinceLog = 0;
}

void GuardedTcpServer::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_sweep.timerId()) {
        QTcpServer::timerEvent(event);
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (ConnectionGuard *guard : QList<ConnectionGuard *>(m_guards.values()))
        guard->sweep(now);
}

} // namespace Relay
