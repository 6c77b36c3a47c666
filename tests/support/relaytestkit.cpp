// SPDX-License-Identifier: MIT
#include "relaytestkit.h"

#include "redisserver.h"

#include "auth/signer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

namespace RelayTest {

Relay::RelayConfig testConfig()
{
    Relay::RelayConfig config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = 0;
    return config;
}

namespace {
    /// With RELAY_TEST_ENGINE=redis every TestRelay is a one-node cluster on a redis-server of this process
    /// (its own key prefix each, so that relays of one test never see each other).
    Relay::RelayConfig withTestEngine(Relay::RelayConfig config)
    {
        if (qgetenv("RELAY_TEST_ENGINE") != "redis")
            return config;
        static RedisServer redis;
        static int relays = 0;
        if (redis.port() == 0 && !redis.start())
            qFatal("RELAY_TEST_ENGINE=redis: cannot start redis-server");
        config.redis.url = redis.url();
        config.redis.prefix = QStringLiteral("test%1").arg(++relays);
        return config;
    }
} // namespace

TestRelay::TestRelay(const Relay::RelayConfig &config)
    : m_server(std::make_unique<Relay::RelayServer>(withTestEngine(config)))
{
    m_started = bool(m_server->start());
    if (m_started && m_server->config().redis.enabled())
        m_started = QTest::qWaitFor([this] { return m_server->hub().broker().status().reachable; }, timeoutMs);
}

TestRelay::~TestRelay() = default;

QUrl TestRelay::http(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(pathAndQuery));
}

QUrl TestRelay::ws(const QString &key, const QString &query) const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/app/%2%3").arg(port()).arg(key, query.isEmpty() ? QString() : u'?' + query));
}

bool RelaySuite::startRelay(const Relay::RelayConfig &config)
{
    relay.reset();
    relay = std::make_unique<TestRelay>(config);
    return relay->started();
}

void RelaySuite::init()
{
    QVERIFY(startRelay());
}

void RelaySuite::cleanup()
{
    relay.reset();
}

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpResult Http::get(const QUrl &url, const QByteArray &bearer)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!bearer.isEmpty())
        headers.append({ "Authorization", "Bearer " + bearer });
    return send("GET", url, {}, headers);
}

HttpResult Http::post(const QUrl &url, const QByteArray &body, const QByteArray &bearer, const QByteArray &contentType)
{
    QList<QPair<QByteArray, QByteArray>> headers { { "Content-Type", contentType } };
    if (!bearer.isEmpty())
        headers.append({ "Authorization", "Bearer " + bearer });
    return send("POST", url, body, headers);
}

HttpResult Http::postJson(const QUrl &url, const QJsonObject &body, const QByteArray &bearer)
{
    return post(url, QJsonDocument(body).toJson(QJsonDocument::Compact), bearer);
}

HttpResult Http::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return finish(m_manager.sendCustomRequest(request, method, body));
}

HttpResult Http::finish(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(timeoutMs);
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    result.headers = reply->rawHeaderPairs();
    result.json = QJsonDocument::fromJson(result.body).object();
    reply->deleteLater();
    return result;
}

QByteArray rawExchange(quint16 port, const QByteArray &request, int waitMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(waitMs))
        return {};
    socket.write(request);
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < waitMs && socket.state() == QAbstractSocket::ConnectedState) {
        QTest::qWait(10);
        received += socket.readAll();
    }
    return received + socket.readAll();
}

WsClient::WsClient()
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        frames.append(QJsonDocument::fromJson(message.toUtf8()).object());
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_closed = true;
        m_closeCode = int(m_socket.closeCode());
    });
}

void WsClient::openRaw(const QUrl &url)
{
    m_socket.open(url);
}

bool WsClient::open(const QUrl &url)
{
    return open(QNetworkRequest(url));
}

bool WsClient::open(const QNetworkRequest &request)
{
    m_socket.open(request);
    const bool pusher = request.url().query().contains(QLatin1String("protocol="));
    const QJsonObject established
        = waitFor(pusher ? QStringLiteral("pusher:connection_established") : QStringLiteral("relay:connection_established"));
    m_socketId = data(established).value(QLatin1String("socket_id")).toString();
    return !m_socketId.isEmpty();
}

void WsClient::send(const QJsonObject &frame)
{
    sendText(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void WsClient::sendText(const QString &text)
{
    m_socket.sendTextMessage(text);
}

QJsonObject WsClient::waitFor(const QString &event, int waitMs)
{
    QElapsedTimer timer;
    timer.start();
    do {
        for (qsizetype i = 0; i < frames.size(); ++i) {
            if (frames[i].value(QLatin1String("event")).toString() == event)
                return frames.takeAt(i);
        }
        if (m_closed)
            break;
        QTest::qWait(5);
    } while (timer.elapsed() < waitMs);
    return {};
}

bool WsClient::sync()
{
    send({ { QStringLiteral("event"), QStringLiteral("relay:ping") }, { QStringLiteral("data"), QJsonObject {} } });
    QJsonObject pong = waitFor(QStringLiteral("relay:pong"));
    if (pong.isEmpty())
        pong = waitFor(QStringLiteral("pusher:pong"), 0);
    return !pong.isEmpty();
}

bool WsClient::has(const QString &event, const QString &channel) const
{
    for (const QJsonObject &frame : frames) {
        if (frame.value(QLatin1String("event")).toString() == event
            && (channel.isEmpty() || frame.value(QLatin1String("channel")).toString() == channel))
            return true;
    }
    return false;
}

int WsClient::count(const QString &event) const
{
    int n = 0;
    for (const QJsonObject &frame : frames)
        n += frame.value(QLatin1String("event")).toString() == event ? 1 : 0;
    return n;
}

QJsonObject WsClient::subscribe(const QString &channel, const QString &channelData, const QString &secret)
{
    QJsonObject data { { QStringLiteral("channel"), channel } };
    if (channel.startsWith(QLatin1String("private-")) || channel.startsWith(QLatin1String("presence-")))
        data.insert(QStringLiteral("auth"), signChannel(m_socketId, channel, channelData, QStringLiteral("my-key"), secret));
    if (!channelData.isEmpty())
        data.insert(QStringLiteral("channel_data"), channelData);
    send({ { QStringLiteral("event"), QStringLiteral("relay:subscribe") }, { QStringLiteral("data"), data } });
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        for (qsizetype i = 0; i < frames.size(); ++i) {
            const QString event = frames[i].value(QLatin1String("event")).toString();
            if (frames[i].value(QLatin1String("channel")).toString() == channel
                && (event.endsWith(QLatin1String("subscription_succeeded")) || event.endsWith(QLatin1String("error"))))
                return frames.takeAt(i);
        }
        QTest::qWait(5);
    }
    return {};
}

bool WsClient::waitClosed(int waitMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_closed && timer.elapsed() < waitMs)
        QTest::qWait(5);
    return m_closed;
}

QJsonObject WsClient::data(const QJsonObject &frame)
{
    const QJsonValue value = frame.value(QLatin1String("data"));
    return value.isString() ? QJsonDocument::fromJson(value.toString().toUtf8()).object() : value.toObject();
}

QString member(const QJsonValue &userId, const QJsonObject &info)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonObject { { QStringLiteral("user_id"), userId }, { QStringLiteral("user_info"), info } })
            .toJson(QJsonDocument::Compact));
}

QString eventOf(const QJsonObject &frame)
{
    return frame.value(QLatin1String("event")).toString();
}

QString signChannel(const QString &socketId, const QString &channel, const QString &channelData, const QString &key,
    const QString &secret)
{
    return QString::fromUtf8(Relay::ChannelSigner(key, secret).auth(socketId, channel, channelData));
}

} // namespace RelayTest
