// SPDX-License-Identifier: MIT
// The HTTP layer's own guarantees over Qt 6.4's server: 100-continue, 400/404/405/408/413/426/431, Connection:
// close and HTTP/1.0, keep-alive, pipelining, chunked bodies with trailers, timeouts for stalled and idle
// connections, strict line ends and header values, upgrades only where WebSockets are served.
#include "relaytestkit.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

using namespace RelayTest;

namespace {
const QByteArray publishBody = "{\"channel\":\"chat\",\"event\":\"e\",\"data\":\"{}\"}";

QByteArray publishHead(qint64 length, const QByteArray &extra = {})
{
    return "POST /apps/my-app/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer my-secret\r\n"
           "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(length) + "\r\n" + extra + "\r\n";
}

/// Reads from `socket`, running the event loop, until `needle` has arrived or the timeout passes.
QByteArray readUntil(QTcpSocket &socket, const QByteArray &needle, int waitMs = timeoutMs)
{
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (!received.contains(needle) && timer.elapsed() < waitMs) {
        QTest::qWait(5); // the relay runs in this thread: let it answer
        received += socket.readAll();
    }
    return received;
}

int statusOf(const QByteArray &response)
{
    return response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0;
}

/// The status of every response in `received`, in order.
QList<int> statusesOf(const QByteArray &received)
{
    QList<int> statuses;
    for (qsizetype at = received.indexOf("HTTP/1.1 "); at >= 0; at = received.indexOf("HTTP/1.1 ", at + 1))
        statuses.append(received.mid(at + 9, 3).toInt());
    return statuses;
}

QByteArray upgradeRequest(const QByteArray &path, const QByteArray &key, const QByteArray &version)
{
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
        + key + "\r\nSec-WebSocket-Version: " + version + "\r\n\r\n";
}
} // namespace

class HttpGuardTest : public RelaySuite {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        Relay::RelayConfig config = testConfig();
        config.httpTimeoutSeconds = 1;
        config.maxRequestBodyKb = 64;
        QVERIFY(startRelay(config));
    }

    void expectContinueIsAnsweredAtOnce()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay->port());
        QVERIFY(socket.waitForConnected(timeoutMs));
        socket.write(publishHead(publishBody.size(), "Expect: 100-continue\r\n"));
        QElapsedTimer timer;
        timer.start();
        const QByteArray interim = readUntil(socket, "\r\n\r\n");
        QVERIFY2(interim.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), interim.constData());
        QVERIFY(timer.elapsed() < 900); // curl would otherwise wait a full second
        socket.write(publishBody);
        const QByteArray final = readUntil(socket, "{\"ok\":true}");
        QCOMPARE(statusOf(final), 200);
    }

    void oversizedBodyIsRefusedFromContentLength()
    {
        // Only the head is sent: the 413 must come before any body byte.
        const QByteArray response = rawExchange(relay->port(), publishHead(10 * 1024 * 1024), 3000);
        QCOMPARE(statusOf(response), 413);
        QVERIFY(response.contains("\"error\""));
        QVERIFY(response.contains("Content-Type: application/json"));
    }

    void oversizedBodySentAnywayStillGets413()
    {
        Http http;
        const HttpResult result
            = http.post(relay->http("/apps/my-app/events"), QByteArray(200 * 1024, 'x'));
        QCOMPARE(result.status, 413);
        QVERIFY(!result.json.value("error").toString().isEmpty());
    }

    void expectContinueOverLimitGets413InsteadOf100()
    {
        const QByteArray response
            = rawExchange(relay->port(), publishHead(10 * 1024 * 1024, "Expect: 100-continue\r\n"), 3000);
        QCOMPARE(statusOf(response), 413);
        QVERIFY(!response.contains("100 Continue"));
    }

    void oversizedHeaderGets431()
    {
        const QByteArray request = "GET /health HTTP/1.1\r\nX-Big: " + QByteArray(17 * 1024, 'a') + "\r\n\r\n";
        const QByteArray response = rawExchange(relay->port(), request, 3000);
        QCOMPARE(statusOf(response), 431);
        QVERIFY(response.contains("\"error\""));
    }

    void malformedRequestsGet400_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n");
        QTest::newRow("no version") << QByteArray("GET /health\r\n\r\n");
        QTest::newRow("bad version") << QByteArray("GET /health HTTP/9.9\r\n\r\n");
        QTest::newRow("header without colon") << QByteArray("GET /health HTTP/1.1\r\nNoColonHere\r\n\r\n");
        QTest::newRow("bad content-length") << QByteArray("POST /health HTTP/1.1\r\nContent-Length: ten\r\n\r\n");
    }

    void malformedRequestsGet400()
    {
        QFETCH(QByteArray, request);
        const QByteArray response = rawExchange(relay->port(), request, 3000);
        QCOMPARE(statusOf(response), 400);
        QVERIFY(response.contains("{\"error\":"));
    }

    void wrongMethodGets405WithAllow()
    {
        Http http;
        const HttpResult result = http.send("PUT", relay->http("/apps/my-app/channels"));
        QCOMPARE(result.status, 405);
        QCOMPARE(result.header("Allow"), QByteArray("GET, OPTIONS"));
        QVERIFY(!result.json.value("error").toString().isEmpty());
    }

    void unknownPathsGet404Json()
    {
        Http http;
        for (const char *path : { "/nope", "/health/", "/apps/my-app", "/apps/my-app/channels/chat/members" }) {
            const HttpResult result = http.get(relay->http(QString::fromLatin1(path)));
            QCOMPARE(result.status, 404);
            QVERIFY2(!result.json.value("error").toString().isEmpty(), path);
        }
    }

    void encodedSlashStaysInTheChannelSegment()
    {
        Http http;
        const HttpResult result = http.get(relay->http("/apps/my-app/channels/a%2Fb"));
        QCOMPARE(result.status, 400); // an invalid channel name, not another route
    }

    void plainGetOnWebSocketPathGets426()
    {
        Http http;
        const HttpResult result = http.get(relay->http("/app/my-key"), QByteArray());
        QCOMPARE(result.status, 426);
    }

    void webSocketUpgradeOnOtherPathGets404()
    {
        const QByteArray request = "GET /socket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        const QByteArray response = rawExchange(relay->port(), request, 1500);
        QCOMPARE(statusOf(response), 404);
        QVERIFY(!response.contains("101"));
    }

    void connectionCloseIsHonoured()
    {
        QElapsedTimer timer;
        timer.start();
        const QByteArray response
            = rawExchange(relay->port(), "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 3000);
        QCOMPARE(statusOf(response), 200);
        QVERIFY(response.endsWith("{\"status\":\"ok\"}"));
        QVERIFY(timer.elapsed() < 900); // closed by the server, not by the timeout
    }

    void http10IsAnsweredThenClosed()
    {
        QElapsedTimer timer;
        timer.start();
        const QByteArray response = rawExchange(relay->port(), "GET /health HTTP/1.0\r\n\r\n", 3000);
        QVERIFY(response.startsWith("HTTP/1."));
        QVERIFY(response.contains(" 200 "));
        QVERIFY(timer.elapsed() < 900);
    }

    void keepAliveServesSeveralRequests()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay->port());
        QVERIFY(socket.waitForConnected(timeoutMs));
        for (int i = 0; i < 3; ++i) {
            socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            QCOMPARE(statusOf(readUntil(socket, "{\"status\":\"ok\"}")), 200);
        }
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void chunkedBodyIsAccepted()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe("chat");
        const QByteArray request = "POST /apps/my-app/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer my-secret\r\n"
                                   "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + QByteArray::number(publishBody.size(), 16) + "\r\n" + publishBody + "\r\n0\r\n\r\n";
        QCOMPARE(statusOf(rawExchange(relay->port(), request, 3000)), 200);
        QVERIFY(!client.waitFor("e").isEmpty());
    }

    void stalledRequestGets408()
    {
        QElapsedTimer timer;
        timer.start();
        const QByteArray response = rawExchange(relay->port(), publishHead(publishBody.size()) + "{\"chan", 5000);
        QCOMPARE(statusOf(response), 408);
        QVERIFY(timer.elapsed() < 4000);
    }

    void stalledHeadGets408()
    {
        const QByteArray response = rawExchange(relay->port(), "GET /health HTTP/1.1\r\nHost:", 5000);
        QCOMPARE(statusOf(response), 408);
    }

    void idleKeepAliveIsClosed()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay->port());
        QVERIFY(socket.waitForConnected(timeoutMs));
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(statusOf(readUntil(socket, "{\"status\":\"ok\"}")), 200);
        QElapsedTimer timer;
        timer.start();
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        QVERIFY(timer.elapsed() >= 500); // not closed right after the answer
    }

    void corsPreflightOnEveryEndpoint()
    {
        Http http;
        const HttpResult result = http.send("OPTIONS", relay->http("/apps/my-app/events"), {},
            { { "Origin", "http://localhost:3000" }, { "Access-Control-Request-Method", "POST" } });
        QCOMPARE(result.status, 204);
        QCOMPARE(result.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:3000"));
        QVERIFY(result.header("Access-Control-Allow-Methods").contains("POST"));
        QVERIFY(result.header("Access-Control-Allow-Headers").contains("Authorization"));
        QCOMPARE(http.get(relay->http("/health")).header("Access-Control-Allow-Origin"), QByteArray("*"));
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe("chat");
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay->port());
        QVERIFY(socket.waitForConnected(timeoutMs));
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n" + publishHead(publishBody.size()) + publishBody
            + "GET /apps/my-app/channels/chat HTTP/1.1\r\nAuthorization: Bearer my-secret\r\n\r\n"
              "GET /nowhere HTTP/1.1\r\n\r\n");
        const QByteArray received = readUntil(socket, "no such endpoint");
        QCOMPARE(statusesOf(received), (QList<int> { 200, 200, 200, 404 }));
        const qsizetype health = received.indexOf("{\"status\":\"ok\"}");
        const qsizetype published = received.indexOf("{\"ok\":true}");
        const qsizetype channel = received.indexOf("\"subscriber_count\":1");
        QVERIFY(health > 0 && published > health && channel > published);
        QVERIFY(!client.waitFor("e").isEmpty());
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void chunkedBodyWithTrailersKeepsTheConnection()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe("chat");
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay->port());
        QVERIFY(socket.waitForConnected(timeoutMs));
        const QByteArray first = publishBody.first(10);
        const QByteArray rest = publishBody.sliced(10);
        socket.write("POST /apps/my-app/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer my-secret\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n"
            + QByteArray::number(first.size(), 16) + ";ext=1\r\n" + first + "\r\n"
            + QByteArray::number(rest.size(), 16) + "\r\n" + rest + "\r\n0\r\nX-Checksum: abc\r\nX-More: 1\r\n\r\n"
            + "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        const QByteArray received = readUntil(socket, "{\"status\":\"ok\"}");
        QCOMPARE(statusesOf(received), (QList<int> { 200, 200 }));
        QVERIFY(!client.waitFor("e").isEmpty());
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(statusOf(readUntil(socket, "{\"status\":\"ok\"}")), 200);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void bareLineFeedsAreRefusedAtOnce()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay->port());
        QVERIFY(socket.waitForConnected(timeoutMs));
        socket.write("GET /health HTTP/1.1\nHost: x\n\n");
        const QByteArray response = readUntil(socket, "bare LF");
        QCOMPARE(statusOf(response), 400);
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 900);
    }

    void manyHeaderLinesKeepAuthorization()
    {
        QByteArray request = "GET /apps/my-app/channels HTTP/1.1\r\nHost: localhost\r\n";
        for (int i = 0; i < 150; ++i)
            request += "X-Filler-" + QByteArray::number(i) + ": 1\r\n";
        request += "Authorization: Bearer my-secret\r\nConnection: close\r\n\r\n";
        QVERIFY(request.size() < 16 * 1024);
        QCOMPARE(statusOf(rawExchange(relay->port(), request, 3000)), 200);
    }

    void nulInAHeaderValueGets400()
    {
        static constexpr char text[] = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Name: a\0b\r\n\r\n";
        const QByteArray request(text, sizeof(text) - 1);
        QCOMPARE(statusOf(rawExchange(relay->port(), request, 3000)), 400);
    }

    void upgradeOffTheWebSocketPathGets404_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("health") << QByteArray("/health");
        QTest::newRow("events") << QByteArray("/apps/my-app/events");
        QTest::newRow("app without key") << QByteArray("/app/");
    }
    void upgradeOffTheWebSocketPathGets404()
    {
        QFETCH(QByteArray, path);
        const QByteArray response
            = rawExchange(relay->port(), upgradeRequest(path, "dGhlIHNhbXBsZSBub25jZQ==", "13"), 3000);
        QCOMPARE(statusOf(response), 404);
    }

    void emptyWebSocketKeyOrVersionGets400_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("version");
        QTest::newRow("empty key") << QByteArray() << QByteArray("13");
        QTest::newRow("empty version") << QByteArray("dGhlIHNhbXBsZSBub25jZQ==") << QByteArray();
    }
    void emptyWebSocketKeyOrVersionGets400()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, version);
        const QByteArray response = rawExchange(relay->port(), upgradeRequest("/app/my-key", key, version), 3000);
        QCOMPARE(statusOf(response), 400);
    }

    void loneSurrogateInDataIsRefused()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe("chat");
        Http http;
        const HttpResult result = http.post(relay->http("/apps/my-app/events"),
            "{\"channel\":\"chat\",\"event\":\"e\",\"data\":\"\\ud800\"}");
        QCOMPARE(result.status, 400);
        QVERIFY2(result.json.value("error").toString().contains("Unicode"), result.body.constData());
        QVERIFY(client.sync());
        QVERIFY(!client.has("e"));
    }

    void relayKeepsServingAfterAbuse()
    {
        rawExchange(relay->port(), "GARBAGE\r\n\r\n", 500);
        rawExchange(relay->port(), publishHead(10 * 1024 * 1024), 500);
        Http http;
        QCOMPARE(http.get(relay->http("/health")).status, 200);
    }
};

QTEST_GUILESS_MAIN(HttpGuardTest)
#include "tst_httpguard.moc"
