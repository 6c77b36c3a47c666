// SPDX-License-Identifier: MIT
#include "blaster.h"

#include <QTcpServer>
#include <QTcpSocket>

Blaster::Blaster(QByteArray frame)
    : m_frame(std::move(frame))
{
}

Blaster::~Blaster()
{
    quit();
    wait();
}

quint16 Blaster::startListening()
{
    start();
    while (!m_ready.loadAcquire())
        QThread::msleep(1);
    return m_port;
}

void Blaster::run()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    m_port = server.serverPort();
    QByteArray batch;
    while (batch.size() < 32 * 1024)
        batch += m_frame;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            const auto refill = [socket, batch] {
                while (socket->bytesToWrite() < 128 * 1024)
                    socket->write(batch);
            };
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, refill] {
                if (socket->readAll().contains("\r\n\r\n")) {
                    socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
                    refill();
                }
            });
            QObject::connect(socket, &QTcpSocket::bytesWritten, socket, refill);
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    m_ready.storeRelease(1);
    exec();
}
