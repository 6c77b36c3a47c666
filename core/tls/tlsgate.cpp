// SPDX-License-Identifier: MIT
#include "tlsgate.h"

#include <QDateTime>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTimer>
#include <QTimerEvent>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace Relay {

namespace {
    constexpr char tlsHandshakeRecord = 0x16; // the content type of the record that opens every TLS handshake
    constexpr int refusalLingerMs = 2000; // a refused client gets this long to read the answer before the abort

    qint64 nowMs()
    {
        return QDateTime::currentMSecsSinceEpoch();
    }
} // namespace

TlsGate::TlsGate(const QSslConfiguration &configuration, bool tlsOnly, qint64 timeoutMs, QObject *parent)
    : QObject(parent)
    , m_configuration(configuration)
    , m_tlsOnly(tlsOnly)
    , m_timeoutMs(timeoutMs)
{
    m_sweep.start(int(qBound(qint64(100), timeoutMs / 4, qint64(1000))), this);
}

TlsGate::~TlsGate()
{
    for (auto it = m_waiting.cbegin(); it != m_waiting.cend(); ++it) {
        delete it->notifier;
        ::close(int(it.key()));
    }
}

void TlsGate::accept(qintptr descriptor)
{
    auto *notifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, descriptor] { onReadable(descriptor); });
    m_waiting.insert(descriptor, Waiting { notifier, nowMs() });
}

void TlsGate::onReadable(qintptr descriptor)
{
    char first = 0;
    const ssize_t peeked = ::recv(int(descriptor), &first, 1, MSG_PEEK | MSG_DONTWAIT);
    if (peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (peeked <= 0) { // closed before saying anything, or failed
        forget(descriptor);
        ::close(int(descriptor));
        return;
    }
    forget(descriptor); // a socket object takes the descriptor over; its own notifier replaces ours
    if (first == tlsHandshakeRecord)
        return startHandshake(descriptor);
    if (m_tlsOnly)
        return refusePlain(descriptor);
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    Q_EMIT ready(socket);
}

void TlsGate::startHandshake(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    socket->setSslConfiguration(m_configuration);
    m_handshaking.insert(socket, nowMs());
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        m_handshaking.remove(socket);
        socket->disconnect(this);
        socket->setParent(nullptr);
        Q_EMIT ready(socket);
    });
    const auto drop = [this, socket] {
        if (m_handshaking.remove(socket) == 0)
            return;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    };
    connect(socket, &QAbstractSocket::errorOccurred, this, drop);
    connect(socket, &QAbstractSocket::disconnected, this, drop);
    socket->startServerEncryption();
}

void TlsGate::refusePlain(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    static const QByteArray body = QByteArrayLiteral(
        "{\"error\":\"this port accepts TLS only: use https:// and wss:// (the relay runs with --tls-only)\"}");
    socket->write("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n"
                  "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    // Read and drop the request, so that closing does not reset the connection before the answer is read.
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->readAll();
    socket->disconnectFromHost();
    QTimer::singleShot(refusalLingerMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}

void TlsGate::forget(qintptr descriptor)
{
    const Waiting waiting = m_waiting.take(descriptor);
    if (waiting.notifier) {
        waiting.notifier->setEnabled(false);
        waiting.notifier->deleteLater();
    }
}

void TlsGate::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_sweep.timerId())
        return QObject::timerEvent(event);
    const qint64 deadline = nowMs() - m_timeoutMs;
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        if (it->sinceMs > deadline) {
            ++it;
            continue;
        }
        it->notifier->setEnabled(false);
        it->notifier->deleteLater();
        ::close(int(it.key()));
        it = m_waiting.erase(it);
    }
    for (auto it = m_handshaking.begin(); it != m_handshaking.end();) {
        if (it.value() > deadline) {
            ++it;
            continue;
        }
        QSslSocket *socket = it.key();
        it = m_handshaking.erase(it);
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

} // namespace Relay
