// SPDX-License-Identifier: MIT
// POST /apps/{id}/events: delivery, exclusion, validation, and that nothing is published on a rejection.
#include "relaytestkit.h"

#include <QSignalSpy>
#include <QTest>

using namespace RelayTest;

class PublishTest : public RelaySuite {
    Q_OBJECT
private Q_SLOTS:
    void specExampleIsDeliveredAsSent()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        QCOMPARE(client.subscribe(QStringLiteral("chat")).value("event").toString(), QStringLiteral("relay:subscription_succeeded"));
        const HttpResult result = http.postJson(relay->http(QStringLiteral("/apps/my-app/events")),
            { { "channel", "chat" }, { "event", "message" }, { "data", "{\"text\":\"Hello\"}" } });
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json, QJsonObject({ { "ok", true } }));
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject frame = client.waitFor(QStringLiteral("message"));
        QCOMPARE(frame.value("channel").toString(), QStringLiteral("chat"));
        QCOMPARE(frame.value("data").toString(), QStringLiteral("{\"text\":\"Hello\"}"));
    }

    void objectDataIsSentAsCompactString()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe(QStringLiteral("chat"));
        QCOMPARE(http.post(relay->http(QStringLiteral("/apps/my-app/events")),
                         "{\"channel\":\"chat\",\"event\":\"obj\",\"data\":{\"a\":[1,2]}}")
                     .status,
            200);
        QCOMPARE(client.waitFor(QStringLiteral("obj")).value("data").toString(), QStringLiteral("{\"a\":[1,2]}"));
    }

    void socketIdIsExcluded()
    {
        WsClient sender;
        WsClient other;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(other.open(relay->ws()));
        sender.subscribe(QStringLiteral("chat"));
        other.subscribe(QStringLiteral("chat"));
        const QJsonObject body { { "channel", "chat" }, { "event", "e" }, { "data", "{}" }, { "socket_id", sender.socketId() } };
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events")), body).status, 200);
        QVERIFY(!other.waitFor(QStringLiteral("e")).isEmpty());
        QVERIFY(sender.sync());
        QVERIFY(!sender.has(QStringLiteral("e")));
    }

    void onlySubscribersOfThatChannelReceive()
    {
        WsClient chat;
        WsClient news;
        QVERIFY(chat.open(relay->ws()));
        QVERIFY(news.open(relay->ws()));
        chat.subscribe(QStringLiteral("chat"));
        news.subscribe(QStringLiteral("news"));
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events")),
                         { { "channel", "chat" }, { "event", "only-chat" }, { "data", "1" } })
                     .status,
            200);
        QVERIFY(!chat.waitFor(QStringLiteral("only-chat")).isEmpty());
        QVERIFY(news.sync());
        QVERIFY(!news.has(QStringLiteral("only-chat")));
    }

    void rejections_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("malformed json") << QByteArray("{\"channel\":\"chat\",") << 400;
        QTest::newRow("array body") << QByteArray("[1,2]") << 400;
        QTest::newRow("empty body") << QByteArray() << 400;
        QTest::newRow("missing channel") << QByteArray("{\"event\":\"e\",\"data\":\"{}\"}") << 400;
        QTest::newRow("missing event") << QByteArray("{\"channel\":\"chat\",\"data\":\"{}\"}") << 400;
        QTest::newRow("missing data") << QByteArray("{\"channel\":\"chat\",\"event\":\"e\"}") << 400;
        QTest::newRow("numeric channel") << QByteArray("{\"channel\":5,\"event\":\"e\",\"data\":\"{}\"}") << 400;
        QTest::newRow("numeric data") << QByteArray("{\"channel\":\"chat\",\"event\":\"e\",\"data\":5}") << 400;
        QTest::newRow("empty event") << QByteArray("{\"channel\":\"chat\",\"event\":\"\",\"data\":\"{}\"}") << 400;
        QTest::newRow("bad channel chars") << QByteArray("{\"channel\":\"chat room\",\"event\":\"e\",\"data\":\"{}\"}") << 400;
        QTest::newRow("bad socket id") << QByteArray("{\"channel\":\"chat\",\"event\":\"e\",\"data\":\"{}\",\"socket_id\":\"abc\"}") << 400;
        QTest::newRow("numeric socket id") << QByteArray("{\"channel\":\"chat\",\"event\":\"e\",\"data\":\"{}\",\"socket_id\":12}") << 400;
        QTest::newRow("long channel") << ("{\"channel\":\"" + QByteArray(201, 'a') + "\",\"event\":\"e\",\"data\":\"{}\"}") << 400;
        QTest::newRow("data over 100 KB")
            << ("{\"channel\":\"chat\",\"event\":\"e\",\"data\":\"" + QByteArray(100 * 1024 + 1, 'x') + "\"}") << 413;
    }

    void rejections()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe(QStringLiteral("chat"));
        const HttpResult result = http.post(relay->http(QStringLiteral("/apps/my-app/events")), body);
        QCOMPARE(result.status, status);
        QVERIFY2(!result.json.value("error").toString().isEmpty(), result.body.constData());
        QVERIFY(client.sync());
        QCOMPARE(client.frames.size(), 0); // nothing was published
        const HttpResult log = http.get(relay->http(QStringLiteral("/apps/my-app/events/log")));
        QCOMPARE(log.json.value("events").toArray().size(), 0);
    }

    void dataAtTheLimitIsAccepted()
    {
        const QByteArray body = "{\"channel\":\"chat\",\"event\":\"e\",\"data\":\"" + QByteArray(100 * 1024, 'x') + "\"}";
        QCOMPARE(http.post(relay->http(QStringLiteral("/apps/my-app/events")), body).status, 200);
    }

    void authenticationAndApps()
    {
        const QByteArray body = "{\"channel\":\"chat\",\"event\":\"e\",\"data\":\"{}\"}";
        QCOMPARE(http.post(relay->http(QStringLiteral("/apps/my-app/events")), body, QByteArray()).status, 401);
        QCOMPARE(http.post(relay->http(QStringLiteral("/apps/my-app/events")), body, "wrong").status, 401);
        QCOMPARE(http.post(relay->http(QStringLiteral("/apps/my-app/events")), body, "my-secre").status, 401);
        QCOMPARE(http.post(relay->http(QStringLiteral("/apps/other/events")), body).status, 404);
        QCOMPARE(http.send("GET", relay->http(QStringLiteral("/apps/my-app/events"))).status, 405);
    }

    void cacheChannelReplaysTheDeliveredBytes()
    {
        const auto textOf = [](const QSignalSpy &spy, const QString &event) {
            for (const QList<QVariant> &arguments : spy) {
                const QString text = arguments.first().toString();
                if (text.contains(QStringLiteral("\"event\":\"%1\"").arg(event)))
                    return text;
            }
            return QString();
        };
        WsClient early;
        QVERIFY(early.open(relay->ws()));
        const QSignalSpy earlyText(&early.socket(), &QWebSocket::textMessageReceived);
        QCOMPARE(eventOf(early.subscribe(QStringLiteral("cache-prices"))),
            QStringLiteral("relay:subscription_succeeded"));
        QVERIFY(!early.waitFor(QStringLiteral("relay:cache_miss")).isEmpty());
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events")),
                         { { "channel", "cache-prices" },
                             { "event", "price" },
                             { "data", QStringLiteral("{\"eur\":1.5,\"note\":\"\u00e9 \\n \\\"q\\\"\"}") } })
                     .status,
            200);
        QVERIFY(!early.waitFor(QStringLiteral("price")).isEmpty());

        WsClient late;
        QVERIFY(late.open(relay->ws()));
        const QSignalSpy lateText(&late.socket(), &QWebSocket::textMessageReceived);
        late.subscribe(QStringLiteral("cache-prices"));
        QVERIFY(!late.waitFor(QStringLiteral("price")).isEmpty());
        const QString delivered = textOf(earlyText, QStringLiteral("price"));
        QVERIFY(!delivered.isEmpty());
        QCOMPARE(textOf(lateText, QStringLiteral("price")), delivered);
    }
};

QTEST_GUILESS_MAIN(PublishTest)
#include "tst_publish.moc"
