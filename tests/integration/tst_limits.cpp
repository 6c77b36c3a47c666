// SPDX-License-Identifier: MIT
// Every configurable limit is enforced: connections (server and app), channel name length, payload, batch
// size, request body, WebSocket message size, and the idle ping / pong timeout.
#include "relaytestkit.h"

#include <QTest>

using namespace RelayTest;

class LimitsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void serverConnectionLimit()
    {
        Relay::RelayConfig config = testConfig();
        config.maxConnections = 2;
        TestRelay relay(config);
        WsClient a, b, c;
        QVERIFY(a.open(relay.ws()));
        QVERIFY(b.open(relay.ws()));
        c.openRaw(relay.ws());
        QCOMPARE(WsClient::data(c.waitFor("relay:error")).value("code").toInt(), 4004);
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4004);
        QVERIFY(a.sync()); // admitted clients are unaffected
        // A freed slot can be taken again.
        a.socket().close();
        QTRY_COMPARE(relay.hub().connectionCount(), 1);
        WsClient d;
        QVERIFY(d.open(relay.ws()));
    }

    void appConnectionLimit()
    {
        Relay::RelayConfig config = testConfig();
        config.apps.first().maxConnections = 1;
        Relay::AppConfig other;
        other.id = "other";
        other.key = "other-key";
        other.secret = "other-secret";
        config.apps.append(other);
        TestRelay relay(config);
        WsClient a, b, c;
        QVERIFY(a.open(relay.ws()));
        b.openRaw(relay.ws());
        QVERIFY(b.waitClosed());
        QCOMPARE(b.closeCode(), 4004);
        QVERIFY(c.open(relay.ws("other-key"))); // the other app has room
    }

    void channelNameLength()
    {
        Relay::RelayConfig config = testConfig();
        config.apps.first().maxChannelNameLength = 10;
        TestRelay relay(config);
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        QCOMPARE(client.subscribe("abcdefghij").value("event").toString(), QString("relay:subscription_succeeded"));
        const QJsonObject error = client.subscribe("abcdefghijk");
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4010);
        Http http;
        QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                         { { "channel", "abcdefghijk" }, { "event", "e" }, { "data", "{}" } })
                     .status,
            400);
    }

    void payloadLimit()
    {
        Relay::RelayConfig config = testConfig();
        config.apps.first().maxEventPayloadKb = 1;
        TestRelay relay(config);
        Http http;
        const auto publish = [&](int size) {
            return http.postJson(relay.http("/apps/my-app/events"),
                { { "channel", "chat" }, { "event", "e" }, { "data", QString(size, 'x') } });
        };
        QCOMPARE(publish(1024).status, 200);
        const HttpResult over = publish(1025);
        QCOMPARE(over.status, 413);
        QVERIFY(over.json.value("error").toString().contains("1 KB"));
    }

    void batchLimitAndAtomicity()
    {
        Relay::RelayConfig config = testConfig();
        config.apps.first().maxBatchSize = 3;
        TestRelay relay(config);
        Http http;
        QJsonArray four;
        for (int i = 0; i < 4; ++i)
            four.append(QJsonObject { { "channel", "chat" }, { "event", "e" }, { "data", "{}" } });
        QCOMPARE(http.postJson(relay.http("/apps/my-app/events/batch"), { { "batch", four } }).status, 413);
        QJsonArray oneBad {
            four[0], four[1], QJsonObject { { "channel", "bad name" }, { "event", "e" }, { "data", "{}" } }
        };
        const HttpResult bad = http.postJson(relay.http("/apps/my-app/events/batch"), { { "batch", oneBad } });
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.json.value("error").toString().startsWith("batch[2]"));
        // Nothing of a rejected batch was published.
        QCOMPARE(http.get(relay.http("/apps/my-app/events/log")).json.value("events").toArray().size(), 0);
    }

    void subscriptionsPerSocket_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("refusal");
        QTest::newRow("relay") << QString() << QString("relay:error");
        QTest::newRow("pusher") << QString("protocol=7") << QString("pusher:subscription_error");
    }

    void subscriptionsPerSocket()
    {
        QFETCH(QString, query);
        QFETCH(QString, refusal);
        Relay::RelayConfig config = testConfig();
        config.apps.first().maxSubscriptionsPerSocket = 3;
        TestRelay relay(config);
        WsClient client;
        WsClient other;
        QVERIFY(client.open(relay.ws("my-key", query)));
        QVERIFY(other.open(relay.ws("my-key", query)));
        for (const char *channel : { "a", "b", "private-c" })
            QVERIFY(eventOf(client.subscribe(channel)).endsWith("subscription_succeeded"));
        QVERIFY(eventOf(client.subscribe("b")).endsWith("subscription_succeeded")); // again: not a new one
        const QJsonObject refused = client.subscribe("d");
        QCOMPARE(eventOf(refused), refusal);
        QCOMPARE(refused.value("channel").toString(), QString("d"));
        QCOMPARE(WsClient::data(refused).value("code").toInt(), 4016);
        const QJsonObject said = WsClient::data(refused);
        QVERIFY(said.value(query.isEmpty() ? "message" : "error").toString().contains("limit of 3 subscriptions"));
        QVERIFY(client.sync()); // still open
        QVERIFY(eventOf(other.subscribe("d")).endsWith("subscription_succeeded")); // the cap is per socket
        Http http;
        QCOMPARE(http.get(relay.http("/apps/my-app/channels/d")).json.value("subscriber_count").toInt(), 1);
        // A freed slot can be taken again.
        client.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", "a" } } } });
        QVERIFY(eventOf(client.subscribe("d")).endsWith("subscription_succeeded"));
    }

    void requestBodyLimit()
    {
        Relay::RelayConfig config = testConfig();
        config.maxRequestBodyKb = 4;
        TestRelay relay(config);
        Http http;
        QCOMPARE(http.post(relay.http("/apps/my-app/events"), QByteArray(5 * 1024, ' ')).status, 413);
        QCOMPARE(http.get(relay.http("/health")).status, 200);
    }

    void webSocketMessageLimit()
    {
        Relay::RelayConfig config = testConfig();
        config.maxFrameKb = 1;
        TestRelay relay(config);
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        client.sendText("{\"event\":\"relay:ping\",\"data\":\"" + QString(2048, 'x') + "\"}");
        QVERIFY(client.waitClosed());
        QCOMPARE(client.closeCode(), 1009);
    }

    void idleClientIsPingedThenClosed()
    {
        Relay::RelayConfig config = testConfig();
        config.activityTimeoutSeconds = 1;
        config.pongTimeoutSeconds = 1;
        TestRelay relay(config);
        WsClient silent;
        WsClient answering;
        QVERIFY(silent.open(relay.ws()));
        QVERIFY(answering.open(relay.ws()));
        QVERIFY(!silent.waitFor("relay:ping", 4000).isEmpty());
        QVERIFY(!answering.waitFor("relay:ping", 4000).isEmpty());
        answering.send({ { "event", "relay:pong" }, { "data", QJsonObject {} } });
        QVERIFY(silent.waitClosed(5000));
        QCOMPARE(silent.closeCode(), 4201);
        QVERIFY(answering.isConnected());
    }

    void activityTimeoutIsAdvertised()
    {
        Relay::RelayConfig config = testConfig();
        config.activityTimeoutSeconds = 42;
        TestRelay relay(config);
        WsClient client;
        client.openRaw(relay.ws());
        const QJsonObject established = client.waitFor("relay:connection_established");
        QCOMPARE(WsClient::data(established).value("activity_timeout").toInt(), 42);
        QVERIFY(Relay::isValidSocketId(WsClient::data(established).value("socket_id").toString()));
    }
};

QTEST_GUILESS_MAIN(LimitsTest)
#include "tst_limits.moc"
