// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>

#include <functional>

/// A lean WebSocket client for load generation: one QTcpSocket, a hand-written handshake and frame parser,
/// and a callback per text message. Cheaper than QWebSocket, so the load generator is not the bottleneck.
class RawWsClient : public QObject {
    Q_OBJECT
public:
    using MessageHandler = std::function<void(RawWsClient &client, QByteArrayView payload)>;

    RawWsClient(MessageHandler onMessage, QObject *parent = nullptr);
    void open(const QString &host, quint16 port, const QByteArray &pathAndQuery);
    void sendText(const QByteArray &payload);
    bool isOpen() const { return m_open; }
    bool failed() const { return m_failed; }
    QTcpSocket &socket() { return m_socket; }

    QByteArray socketId; ///< the relay's socket id, once its connection_established frame was read (Pool keeps it)

private:
    void onReadyRead();
    void parseFrames();

    QTcpSocket m_socket;
    MessageHandler m_onMessage;
    QByteArray m_buffer;
    bool m_open = false;
    bool m_failed = false;
};
