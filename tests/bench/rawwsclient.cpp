// SPDX-License-Identifier: MIT
#include "rawwsclient.h"

#include <QtEndian>

RawWsClient::RawWsClient(MessageHandler onMessage, QObject *parent)
    : QObject(parent)
    , m_onMessage(std::move(onMessage))
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawWsClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { m_failed = true; });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_open = false; });
}

void RawWsClient::open(const QString &host, quint16 port, const QByteArray &pathAndQuery, bool tls)
{
    if (tls)
        m_socket.connectToHostEncrypted(host, port);
    else
        m_socket.connectToHost(host, port);
    // Written at once; it leaves when the connection (and its TLS handshake) is up.
    m_socket.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host.toLatin1() + ':' + QByteArray::number(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n\r\n");
}

void RawWsClient::sendText(const QByteArray &payload)
{
    QByteArray frame;
    frame.reserve(payload.size() + 14);
    frame.append(char(0x81));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        frame.append(char(payload.size() >> 8));
        frame.append(char(payload.size() & 0xff));
    }
    frame.append("\0\0\0\0", 4); // a zero mask leaves the payload as it is
    frame.append(payload);
    m_socket.write(frame);
}

void RawWsClient::onReadyRead()
{
    m_buffer += m_socket.readAll();
    if (!m_open) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        if (!m_buffer.startsWith("HTTP/1.1 101")) {
            m_failed = true;
            m_socket.abort();
            return;
        }
        m_open = true;
        m_buffer.remove(0, end + 4);
    }
    parseFrames();
}

void RawWsClient::parseFrames()
{
    qsizetype offset = 0;
    while (m_buffer.size() - offset >= 2) {
        const auto *data = reinterpret_cast<const uchar *>(m_buffer.constData() + offset);
        const int opcode = data[0] & 0x0f;
        quint64 length = data[1] & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (m_buffer.size() - offset < 4)
                break;
            length = qFromBigEndian<quint16>(data + 2);
            header = 4;
        } else if (length == 127) {
            if (m_buffer.size() - offset < 10)
                break;
            length = qFromBigEndian<quint64>(data + 2);
            header = 10;
        }
        if (quint64(m_buffer.size() - offset - header) < length)
            break;
        const QByteArrayView payload(m_buffer.constData() + offset + header, qsizetype(length));
        if (opcode == 0x1)
            m_onMessage(*this, payload);
        else if (opcode == 0x8)
            m_socket.disconnectFromHost();
        offset += header + qsizetype(length);
    }
    m_buffer.remove(0, offset);
}
