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
    connect(guard, &ConnectionGuard::upgrading, this, [this](QTcpSocket *upgraded) {
        const QString key = upgraded->peerAddress().toString() + u':' + QString::number(upgraded->peerPort());
        m_upgraded.insert(key, upgraded);
        connect(upgraded, &QObject::destroyed, this, [this, key] { m_upgraded.remove(key); });
    });
    addPendingConnection(socket); // QHttpServer connects its readyRead slot in here, synchronously
    connect(socket, &QTcpSocket::readyRead, guard, &ConnectionGuard::afterReadyRead);
}

QTcpSocket *GuardedTcpServer::takeUpgradedSocket(const QHostAddress &peer, quint16 port)
{
    return m_upgraded.take(peer.toString() + u':' + QString::number(port));
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
