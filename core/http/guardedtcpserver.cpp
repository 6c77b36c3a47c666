// SPDX-License-Identifier: MIT
#include "guardedtcpserver.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QTimerEvent>

namespace Relay {

GuardedTcpServer::GuardedTcpServer(const HttpLimits &limits, int backlog, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
    setListenBacklogSize(backlog);
    // Sweep often enough that a timeout fires within a quarter of its length.
    m_sweep.start(int(qBound(qint64(100), limits.timeoutMs / 4, qint64(1000))), this);
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    auto *guard = new ConnectionGuard(socket, m_httpServer, m_limits);
    m_guards.insert(socket, guard);
    connect(guard, &QObject::destroyed, this, [this, socket] { m_guards.remove(socket); });
    connect(guard, &ConnectionGuard::upgrading, this, &GuardedTcpServer::upgrading);
    addPendingConnection(socket); // QHttpServer connects its readyRead slot in here, synchronously
    connect(socket, &QTcpSocket::readyRead, guard, &ConnectionGuard::afterReadyRead);
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
