// SPDX-License-Identifier: MIT
// Bad WebSocket input: each gets an error frame with its code (or the WebSocket close code), the socket stays
// usable where the protocol says so, and other clients never lose data.
#include "relaytestkit.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

using namespace RelayTest;

namespace {
/// A masked client frame with the given opcode and payload (payload under 126 bytes).
QByteArray clientFrame(quint8 opcode, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    frame.append(char(0x80 | payload.size()));
    const QByteArray mask("\x11\x22\x33\x44", 4);
    frame.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}
} // namespace

class BadInputTest : public RelaySuite {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(startRelay());
        bystander = std::make_unique<WsClient>();
        client = std::make_unique<WsClient>();
        QVERIFY(bystander->open(relay->ws()));
        bystander->subscribe("private-room");
        QVERIFY(client->open(relay->ws()));
    }
    void cleanup()
    {
        // Whatever the bad client did, a publish still reaches the other client->
        QCOMPARE(http.postJson(relay->http("/apps/my-app/events"),
                         { { "channel", "private-room" }, { "event", "still-here" }, { "data", "{}" } })
                     .status,
            200);
        QVERIFY(!bystander->waitFor("still-here").isEmpty());
        client.reset();
        bystander.reset();
        relay.reset();
    }

    void badFramesGetErrorFrames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("code");
        QTest::newRow("malformed json") << "{\"event\":" << 4000;
        QTest::newRow("not an object") << "[1,2,3]" << 4000;
        QTest::newRow("a string") << "\"relay:ping\"" << 4000;
        QTest::newRow("missing event") << "{\"data\":{}}" << 4000;
        QTest::newRow("numeric event") << "{\"event\":5}" << 4000;
        QTest::newRow("numeric channel") << "{\"event\":\"client-x\",\"channel\":5}" << 4000;
        QTest::newRow("unknown relay event") << "{\"event\":\"relay:fly\",\"data\":{}}" << 4002;
        QTest::newRow("unknown plain event") << "{\"event\":\"hello\",\"data\":{}}" << 4002;
        QTest::newRow("subscribe without data") << "{\"event\":\"relay:subscribe\"}" << 4000;
        QTest::newRow("subscribe without channel") << "{\"event\":\"relay:subscribe\",\"data\":{}}" << 4000;
        QTest::newRow("subscribe numeric channel") << "{\"event\":\"relay:subscribe\",\"data\":{\"channel\":1}}" << 4000;
        QTest::newRow("subscribe bad string data") << "{\"event\":\"relay:subscribe\",\"data\":\"{nope\"}" << 4000;
        QTest::newRow("subscribe invalid name") << "{\"event\":\"relay:subscribe\",\"data\":{\"channel\":\"a b\"}}" << 4010;
        QTest::newRow("subscribe empty name") << "{\"event\":\"relay:subscribe\",\"data\":{\"channel\":\"\"}}" << 4010;
        QTest::newRow("unsubscribe without channel") << "{\"event\":\"relay:unsubscribe\",\"data\":{}}" << 4000;
        QTest::newRow("client event without channel") << "{\"event\":\"client-x\",\"data\":{}}" << 4000;
    }

    void badFramesGetErrorFrames()
    {
        QFETCH(QString, text);
        QFETCH(int, code);
        client->sendText(text);
        const QJsonObject error = client->waitFor("relay:error");
        QCOMPARE(WsClient::data(error).value("code").toInt(), code);
        QVERIFY(!WsClient::data(error).value("message").toString().isEmpty());
        QVERIFY(client->sync()); // the socket stays open and usable
        QVERIFY(client->isConnected());
    }

    void invalidChannelErrorNamesTheChannel()
    {
        client->send({ { "event", "relay:subscribe" }, { "data", QJsonObject { { "channel", "bad#name" } } } });
        const QJsonObject error = client->waitFor("relay:error");
        QCOMPARE(error.value("channel").toString(), QString("bad#name"));
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4010);
    }

    void subscribeDataAsJsonString()
    {
        client->send({ { "event", "relay:subscribe" }, { "data", "{\"channel\":\"chat\"}" } });
        QVERIFY(!client->waitFor("relay:subscription_succeeded").isEmpty());
        client->send({ { "event", "relay:unsubscribe" }, { "data", "{\"channel\":\"chat\"}" } });
        QVERIFY(client->sync());
        QTRY_VERIFY(!relay->hub().appById(u"my-app")->channels.find("chat"));
    }

    void unsubscribeFromUnknownChannelIsHarmless()
    {
        client->send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", "never" } } } });
        QVERIFY(client->sync());
        QVERIFY(!client->has("relay:error"));
    }

    void binaryFrameGetsErrorFrame()
    {
        client->socket().sendBinaryMessage("\x01\x02");
        QCOMPARE(WsClient::data(client->waitFor("relay:error")).value("code").toInt(), 4012);
        QVERIFY(client->sync());
    }

    void pusherPrefixIsAcceptedOnRelayConnections()
    {
        client->send({ { "event", "pusher:subscribe" }, { "data", QJsonObject { { "channel", "chat" } } } });
        QVERIFY(!client->waitFor("relay:subscription_succeeded").isEmpty());
        client->send({ { "event", "pusher:ping" }, { "data", QJsonObject {} } });
        QVERIFY(!client->waitFor("relay:pong").isEmpty());
    }

    void pingGetsPongWithEmptyData()
    {
        client->send({ { "event", "relay:ping" }, { "data", QJsonObject {} } });
        const QJsonObject pong = client->waitFor("relay:pong");
        QCOMPARE(pong.value("data").toString(), QString("{}"));
    }

    void invalidUtf8ClosesWith1007()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay->port());
        QVERIFY(socket.waitForConnected(timeoutMs));
        socket.write("GET /app/my-key HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains("connection_established"), timeoutMs);
        QVERIFY(received.startsWith("HTTP/1.1 101"));
        socket.write(clientFrame(0x1, QByteArray("\xff\xfe\xfd", 3)));
        received.clear();
        // A close frame: opcode 0x8, then the code 1007 (0x03EF) big-endian.
        QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains(QByteArray("\x03\xef", 2)), timeoutMs);
        QCOMPARE(quint8(received[0]), quint8(0x88));
    }

    void queryParametersAreAllowed()
    {
        WsClient withQuery;
        QVERIFY(withQuery.open(relay->ws("my-key", "client=js&version=1.0"))); // relay dialect without `protocol`
        QCOMPARE(withQuery.subscribe("chat").value("event").toString(), QString("relay:subscription_succeeded"));
    }

    void unknownAppKeyGets4001()
    {
        WsClient stranger;
        stranger.openRaw(relay->ws("no-such-key"));
        const QJsonObject error = stranger.waitFor("relay:error");
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4001);
        QVERIFY(stranger.waitClosed());
        QCOMPARE(stranger.closeCode(), 4001);
    }

    void unsupportedPusherProtocolGets4007()
    {
        WsClient old;
        old.openRaw(relay->ws("my-key", "protocol=99"));
        QVERIFY(old.waitClosed());
        QCOMPARE(old.closeCode(), 4007);
    }

private:
    std::unique_ptr<WsClient> bystander;
    std::unique_ptr<WsClient> client;
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "tst_badinput.moc"
