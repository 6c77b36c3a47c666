// SPDX-License-Identifier: MIT
// Browser origins and DNS rebinding: a foreign Origin gets 403 on the WebSocket upgrade, the dev signer and
// the HTTP API; the local-development defaults and configured origins (server-wide and per app) pass; CORS
// answers echo the allowed origin; while listening on loopback a foreign Host gets 403.
#include "relaytestkit.h"

#include <QTcpSocket>
#include <QTest>

using namespace RelayTest;

namespace {
const QByteArray authBody = "{\"socket_id\":\"1.2\",\"channel_name\":\"private-x\"}";

QByteArray upgrade(const QByteArray &key, const QByteArray &origin, const QByteArray &host = "localhost")
{
    return "GET /app/" + key + "?protocol=7 HTTP/1.1\r\nHost: " + host
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: "
        + origin + "\r\n\r\n";
}

QByteArray get(const QByteArray &path, const QByteArray &host, const QByteArray &origin = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
        + (origin.isEmpty() ? QByteArray() : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n";
}

int statusOf(const QByteArray &response)
{
    return response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0;
}

/// The response head (or everything up to the close) to one request on a new connection.
QByteArray exchange(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    QByteArray received;
    (void)QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return received.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState;
        },
        timeoutMs);
    return received + socket.readAll();
}

/// Opens a WebSocket with `origin` and reports whether the relay accepted it.
bool upgradeAccepted(const QUrl &url, const QString &origin)
{
    QWebSocket socket(origin);
    bool ended = false;
    QObject::connect(&socket, &QWebSocket::connected, [&] { ended = true; });
    QObject::connect(&socket, &QWebSocket::disconnected, [&] { ended = true; });
    socket.open(url);
    (void)QTest::qWaitFor([&] { return ended; }, timeoutMs);
    return socket.state() == QAbstractSocket::ConnectedState;
}

Relay::RelayConfig configWithOrigins()
{
    Relay::RelayConfig config = testConfig();
    config.allowedOrigins = { QStringLiteral("https://app.example.com"), QStringLiteral("*.corp.example:8443") };
    Relay::AppConfig other;
    other.id = QStringLiteral("other-app");
    other.key = QStringLiteral("other-key");
    other.secret = QStringLiteral("other-secret");
    other.allowedOrigins = { QStringLiteral("https://other.example") };
    config.apps.append(other);
    return config;
}
} // namespace

class TestOrigins : public RelaySuite {
    Q_OBJECT
private:
    HttpResult withOrigin(
        const QByteArray &method, const QString &path, const QByteArray &origin, const QByteArray &body = {})
    {
        return http.send(method,
            relay->http(path),
            body,
            { { "Origin", origin }, { "Content-Type", "application/json" }, { "Authorization", "Bearer my-secret" } });
    }

private Q_SLOTS:
    void init() { QVERIFY(startRelay(configWithOrigins())); }

    void foreignOriginIsRefusedEverywhere_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("dev signer") << QByteArray("POST") << QStringLiteral("/apps/my-app/auth") << authBody;
        QTest::newRow("publish") << QByteArray("POST") << QStringLiteral("/apps/my-app/events")
                                 << QByteArray("{\"channel\":\"c\",\"event\":\"e\",\"data\":\"{}\"}");
        QTest::newRow("channels") << QByteArray("GET") << QStringLiteral("/apps/my-app/channels") << QByteArray();
        QTest::newRow("preflight") << QByteArray("OPTIONS") << QStringLiteral("/apps/my-app/auth") << QByteArray();
        QTest::newRow("health") << QByteArray("GET") << QStringLiteral("/health") << QByteArray();
    }
    void foreignOriginIsRefusedEverywhere()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const HttpResult refused = withOrigin(method, path, "http://evil.example", body);
        QCOMPARE(refused.status, 403);
        const QString message = refused.json.value("error").toString();
        QVERIFY2(message.contains("http://evil.example") && message.contains("--allowed-origin"), qPrintable(message));
        QVERIFY(!refused.body.contains("\"auth\""));
        QCOMPARE(withOrigin(method, path, "null", body).status, 403); // sandboxed frames, file://
    }

    void webSocketUpgradeChecksTheOrigin()
    {
        const QByteArray refused = rawExchange(relay->port(), upgrade("my-key", "http://evil.example"));
        QCOMPARE(statusOf(refused), 403); // the whole answer, up to the close
        QVERIFY2(refused.contains("--allowed-origin"), refused.constData());
        QVERIFY(!upgradeAccepted(relay->ws(), QStringLiteral("https://evil.example")));
        QVERIFY(upgradeAccepted(relay->ws(), QStringLiteral("http://localhost:5173")));
        WsClient noOrigin; // SDKs and tools send none
        QVERIFY(noOrigin.open(relay->ws()));
    }

    void localDevelopmentOriginsPassByDefault_data()
    {
        QTest::addColumn<QByteArray>("origin");
        for (const char *origin : { "http://localhost:3000",
                 "http://127.0.0.1:8080",
                 "https://127.0.0.2",
                 "http://[::1]:5173",
                 "http://app.localhost",
                 "https://myapp.test",
                 "http://a.b.test:8000" })
            QTest::newRow(origin) << QByteArray(origin);
    }
    void localDevelopmentOriginsPassByDefault()
    {
        QFETCH(QByteArray, origin);
        const HttpResult signed_ = withOrigin("POST", "/apps/my-app/auth", origin, authBody);
        QCOMPARE(signed_.status, 200);
        QCOMPARE(signed_.header("Access-Control-Allow-Origin"), origin);
        QVERIFY(signed_.header("Vary").contains("Origin"));
    }

    void lookalikesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("origin");
        for (const char *origin : { "http://localhost.evil.example",
                 "http://evil-localhost",
                 "http://test",
                 "http://127.0.0.1.evil.example",
                 "http://evil.example/localhost",
                 "http://x@localhost",
                 "localhost",
                 "http://app.example.com" /* configured for https only */,
                 "https://a.corp.example" /* configured for port 8443 only */ })
            QTest::newRow(origin) << QByteArray(origin);
    }
    void lookalikesAreRefused()
    {
        QFETCH(QByteArray, origin);
        QCOMPARE(withOrigin("GET", "/health", origin).status, 403);
    }

    void configuredOriginsPass()
    {
        for (const QByteArray origin : { "https://app.example.com",
                 "https://app.example.com:443",
                 "https://a.corp.example:8443",
                 "http://x.y.corp.example:8443" }) {
            const HttpResult result = withOrigin("POST", "/apps/my-app/auth", origin, authBody);
            QVERIFY2(result.status == 200, origin.constData());
            QCOMPARE(result.header("Access-Control-Allow-Origin"), origin);
        }
    }

    void perAppOriginsApplyToThatAppOnly()
    {
        const QByteArray origin = "https://other.example";
        QCOMPARE(withOrigin("POST", "/apps/other-app/auth", origin, authBody).status, 200);
        QCOMPARE(withOrigin("POST", "/apps/my-app/auth", origin, authBody).status, 403);
        QCOMPARE(withOrigin("GET", "/health", origin).status, 403);
        QVERIFY(upgradeAccepted(relay->ws(QStringLiteral("other-key")), QString::fromLatin1(origin)));
        QCOMPARE(statusOf(exchange(relay->port(), upgrade("my-key", origin))), 403);
    }

    void requestsWithoutOriginAreUnaffected()
    {
        const HttpResult result = http.post(relay->http("/apps/my-app/auth"), authBody, QByteArray());
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Access-Control-Allow-Origin"), QByteArray("*"));
    }

    void foreignHostIsRefusedOnLoopback_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("status");
        QTest::newRow("rebound name") << QByteArray("evil.example:6001") << 403;
        QTest::newRow("rebound name, no port") << QByteArray("rebind.attacker.example") << 403;
        QTest::newRow("localhost") << QByteArray("localhost:6001") << 200;
        QTest::newRow("*.localhost") << QByteArray("app.localhost") << 200;
        QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1:6001") << 200;
        QTest::newRow("[::1]") << QByteArray("[::1]:6001") << 200;
        QTest::newRow("configured name") << QByteArray("app.example.com") << 200;
        QTest::newRow("configured wildcard") << QByteArray("a.corp.example:6001") << 200;
        QTest::newRow("per-app name") << QByteArray("other.example") << 200;
    }
    void foreignHostIsRefusedOnLoopback()
    {
        QFETCH(QByteArray, host);
        QFETCH(int, status);
        const QByteArray response = rawExchange(relay->port(), get("/health", host));
        QCOMPARE(statusOf(response), status);
        if (status == 403)
            QVERIFY2(response.contains("DNS rebinding"), response.constData());
        QCOMPARE(
            statusOf(exchange(relay->port(), upgrade("my-key", "http://localhost", host))), status == 403 ? 403 : 101);
    }

    void anyHostWhenNotOnLoopback()
    {
        Relay::RelayConfig config = testConfig();
        config.host = QStringLiteral("0.0.0.0");
        TestRelay open(config);
        QVERIFY(open.started());
        QCOMPARE(statusOf(exchange(open.port(), get("/health", "relay.lan:6001"))), 200);
        QCOMPARE(statusOf(exchange(open.port(), get("/health", "relay.lan", "http://evil.example"))), 403);
    }

    void wildcardOpensEveryOrigin()
    {
        Relay::RelayConfig config = testConfig();
        config.allowedOrigins = { QStringLiteral("*") };
        TestRelay open(config);
        QVERIFY(open.started());
        const HttpResult result
            = http.send("GET", open.http("/health"), {}, { { "Origin", "https://anything.example" } });
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Access-Control-Allow-Origin"), QByteArray("https://anything.example"));
        // "*" opens origins, not DNS names: a rebound name still gets nothing on loopback.
        QCOMPARE(statusOf(exchange(open.port(), get("/health", "evil.example"))), 403);
    }
};

QTEST_MAIN(TestOrigins)
#include "tst_origins.moc"
