// SPDX-License-Identifier: MIT
#include "webhookreceiver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace RelayTest {

QByteArray WebhookReceiver::Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name.toLower())
            return value;
    }
    return {};
}

QJsonObject WebhookReceiver::Request::json() const
{
    return QJsonDocument::fromJson(body).object();
}

WebhookReceiver::WebhookReceiver()
{
    connect(&m_server, &QTcpServer::newConnection, this, &WebhookReceiver::onConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

QString WebhookReceiver::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
}

void WebhookReceiver::release(int status)
{
    m_released = true;
    m_releaseStatus = status;
    m_script.clear();
    for (QTcpSocket *socket : std::exchange(m_hanging, {}))
        answer(socket, status);
}

QList<QJsonObject> WebhookReceiver::events() const
{
    QList<QJsonObject> out;
    for (const Request &request : requests) {
        for (const QJsonValue &event : request.json().value(QLatin1String("events")).toArray())
            out.append(event.toObject());
    }
    return out;
}

QStringList WebhookReceiver::eventNames() const
{
    QStringList names;
    for (const QJsonObject &event : events())
        names.append(event.value(QLatin1String("name")).toString());
    return names;
}

void WebhookReceiver::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            m_hanging.removeAll(socket);
            socket->deleteLater();
        });
    }
}

void WebhookReceiver::onReadable(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request request;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> start = lines.first().trimmed().split(' ');
        request.method = start.value(0);
        request.path = start.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            request.headers.append({ name, value });
            if (name == "content-length")
                length = value.toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        request.receivedMs = QDateTime::currentMSecsSinceEpoch();
        requests.append(request);
        const int status = m_released || m_script.empty() ? m_releaseStatus : m_script.front();
        if (!m_released && !m_script.empty())
            m_script.pop_front();
        if (status == hang)
            m_hanging.append(socket);
        else
            answer(socket, status);
        Q_EMIT received();
    }
}

void WebhookReceiver::answer(QTcpSocket *socket, int status)
{
    const QByteArray body = "ok";
    socket->write("HTTP/1.1 " + QByteArray::number(status) + " Status\r\nContent-Type: text/plain\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
}

} // namespace RelayTest
