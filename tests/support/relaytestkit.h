// SPDX-License-Identifier: MIT
#pragma once

#include "config/relayconfig.h"
#include "relayserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>
#include <QWebSocket>

#include <memory>

/// Shared fixtures for the integration suites: a real relay on 127.0.0.1 port 0, an HTTP client and a
/// WebSocket client that record what they receive. Every wait is event-driven with a timeout.
namespace RelayTest {

inline constexpr int timeoutMs = 5000;

/// The default test config: loopback, port 0, the documented default app.
Relay::RelayConfig testConfig();

/// A started RelayServer in this thread.
class TestRelay {
public:
    explicit TestRelay(const Relay::RelayConfig &config = testConfig());
    ~TestRelay();
    bool started() const { return m_started; }
    quint16 port() const { return m_server->port(); }
    QUrl http(const QString &pathAndQuery) const;
    QUrl ws(const QString &key = QStringLiteral("my-key"), const QString &query = {}) const;
    Relay::RelayServer &server() { return *m_server; }
    Relay::Hub &hub() { return m_server->hub(); }

private:
    std::unique_ptr<Relay::RelayServer> m_server;
    bool m_started = false;
};

struct HttpResult {
    int status = 0; ///< 0 when the request failed below HTTP
    QByteArray body;
    QJsonObject json;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const;
};

/// Synchronous-looking HTTP calls (the event loop runs while waiting).
class Http {
public:
    HttpResult get(const QUrl &url, const QByteArray &bearer = "my-secret");
    HttpResult post(const QUrl &url, const QByteArray &body, const QByteArray &bearer = "my-secret",
        const QByteArray &contentType = "application/json");
    HttpResult postJson(const QUrl &url, const QJsonObject &body, const QByteArray &bearer = "my-secret");
    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
        const QList<QPair<QByteArray, QByteArray>> &headers = {});

private:
    HttpResult finish(QNetworkReply *reply);
    QNetworkAccessManager m_manager;
};

/// A raw TCP exchange, for requests QNetworkAccessManager cannot make: writes `request`, returns all bytes
/// received until the server closes or `waitMs` passes.
QByteArray rawExchange(quint16 port, const QByteArray &request, int waitMs = timeoutMs);

/// A WebSocket client that records every frame it receives.
class WsClient : public QObject {
    Q_OBJECT
public:
    WsClient();
    /// Connects and waits for connection_established (relay or pusher name); false on failure.
    bool open(const QUrl &url);
    /// The same with the request's own headers (User-Agent, Origin, ...).
    bool open(const QNetworkRequest &request);
    /// Connects without waiting for anything in particular.
    void openRaw(const QUrl &url);
    void send(const QJsonObject &frame);
    void sendText(const QString &text);
    /// Waits for the next unseen frame with that event name; an empty object on timeout.
    QJsonObject waitFor(const QString &event, int waitMs = timeoutMs);
    /// Round-trips a ping, so every frame the server sent before it has arrived.
    bool sync();
    /// True when a frame with that event (and channel, if given) has arrived and not been consumed.
    bool has(const QString &event, const QString &channel = {}) const;
    int count(const QString &event) const;
    /// Subscribes (signing with the default app's secret where needed) and returns the answer frame.
    QJsonObject subscribe(const QString &channel, const QString &channelData = {}, const QString &secret = QStringLiteral("my-secret"));
    bool waitClosed(int waitMs = timeoutMs);

    QString socketId() const { return m_socketId; }
    int closeCode() const { return m_closeCode; }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QWebSocket &socket() { return m_socket; }
    QList<QJsonObject> frames; ///< unconsumed frames, oldest first

    /// The `data` of a frame, decoded from its JSON-encoded string.
    static QJsonObject data(const QJsonObject &frame);

private:
    QWebSocket m_socket;
    QString m_socketId;
    int m_closeCode = -1;
    bool m_closed = false;
};

/// The fixture of the integration suites: derive a suite from it instead of QObject and every test function
/// gets a fresh relay on testConfig() (gone after it) and an HTTP client. A suite that needs another config or
/// more set-up defines its own init() and starts its relay with startRelay().
class RelaySuite : public QObject {
    Q_OBJECT
protected:
    /// Replaces the relay with a fresh one on `config`; false when it did not start.
    bool startRelay(const Relay::RelayConfig &config = testConfig());

    std::unique_ptr<TestRelay> relay;
    Http http;

protected Q_SLOTS:
    void init();
    void cleanup();
};

/// channel_data as a client's auth server hands it out: `{"user_id":...,"user_info":{...}}`.
QString member(const QJsonValue &userId, const QJsonObject &info = {});
/// The `event` name of a frame.
QString eventOf(const QJsonObject &frame);

/// `key:hex(HMAC)` as a client's auth server would produce it.
QString signChannel(const QString &socketId, const QString &channel, const QString &channelData = {},
    const QString &key = QStringLiteral("my-key"), const QString &secret = QStringLiteral("my-secret"));

} // namespace RelayTest
