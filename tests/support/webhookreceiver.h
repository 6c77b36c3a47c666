// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>

#include <deque>

class QTcpSocket;

namespace RelayTest {

/// A real HTTP/1.1 server on 127.0.0.1 port 0 that the test owns: it records every request and answers
/// with the statuses it was told (200 once the script runs out). Keep-alive; Content-Length bodies.
class WebhookReceiver : public QObject {
    Q_OBJECT
public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers; ///< names lower-cased, in arrival order
        QByteArray body;
        qint64 receivedMs = 0;
        QByteArray header(const QByteArray &name) const;
        /// The body as JSON.
        QJsonObject json() const;
    };
    /// What to do with the next request: answer with a status, or never answer (a timeout).
    static constexpr int hang = -1;

    WebhookReceiver();
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path = QStringLiteral("/webhooks")) const;
    /// Answers the next requests with these statuses in turn (hang: no answer at all).
    void script(const QList<int> &statuses) { m_script.insert(m_script.end(), statuses.begin(), statuses.end()); }
    /// Answers every request nobody has answered yet with `status`, and the next ones too.
    void release(int status = 200);

    QList<Request> requests;
    /// Every event of every request, in arrival order.
    QList<QJsonObject> events() const;
    QStringList eventNames() const;

Q_SIGNALS:
    void received();

private:
    void onConnection();
    void onReadable(QTcpSocket *socket);
    void answer(QTcpSocket *socket, int status);

    QTcpServer m_server;
    std::deque<int> m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QTcpSocket *> m_hanging;
    bool m_released = false;
    int m_releaseStatus = 200;
};

} // namespace RelayTest
