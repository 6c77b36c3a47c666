// SPDX-License-Identifier: MIT
// Channel listing and detail, /stats, /health, and isolation between several apps on one relay.
#include "relaytestkit.h"

#include <QTest>

using namespace RelayTest;

namespace {
QJsonObject channelJson(const QString &name, const QString &type, int subscribers, const QString &appId = QStringLiteral("my-app"))
{
    return { { "name", name }, { "type", type }, { "subscriber_count", subscribers }, { "occupied", subscribers > 0 },
        { "app_id", appId } };
}

/// The documented fields of a channel object (presence channels may carry more, such as user_count).
QJsonObject documented(const QJsonValue &channel)
{
    QJsonObject out;
    for (const char *key : { "name", "type", "subscriber_count", "occupied", "app_id" }) {
        const QJsonValue value = channel.toObject().value(QLatin1String(key));
        if (!value.isUndefined())
            out.insert(QLatin1String(key), value);
    }
    return out;
}

QList<QJsonObject> documentedList(const QJsonArray &channels)
{
    QList<QJsonObject> out;
    for (const QJsonValue &channel : channels)
        out.append(documented(channel));
    return out;
}
} // namespace

namespace {
/// The /stats webhook counters of an app that sent no webhooks.
QJsonObject noWebhookTraffic()
{
    return { { "dropped", 0 }, { "failed", 0 }, { "retried", 0 }, { "sent", 0 } };
}
} // namespace

class ChannelsTest : public RelaySuite {
    Q_OBJECT
private Q_SLOTS:
    void listHasExactValuesSortedByName()
    {
        const HttpResult empty = http.get(relay->http(QStringLiteral("/apps/my-app/channels")));
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.json, QJsonObject({ { "channels", QJsonArray {} } }));

        WsClient one;
        WsClient two;
        WsClient three;
        for (WsClient *client : { &one, &two, &three })
            QVERIFY(client->open(relay->ws()));
        for (WsClient *client : { &one, &two, &three })
            QCOMPARE(eventOf(client->subscribe(QStringLiteral("zeta"))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(one.subscribe(QStringLiteral("chat"))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(two.subscribe(QStringLiteral("chat"))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(one.subscribe(QStringLiteral("private-b"))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(one.subscribe(QStringLiteral("presence-a"), member(1))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(two.subscribe(QStringLiteral("presence-a"), member(2))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(three.subscribe(QStringLiteral("presence-a"), member(2))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(three.subscribe(QStringLiteral("Alpha"))), QStringLiteral("relay:subscription_succeeded"));

        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(result.json.keys(), QStringList({ "channels" }));
        const QJsonArray channels = result.json.value("channels").toArray();
        const QList<QJsonObject> expected {
            channelJson("Alpha", "public", 1),
            channelJson("chat", "public", 2),
            channelJson("presence-a", "presence", 3),
            channelJson("private-b", "private", 1),
            channelJson("zeta", "public", 3),
        };
        QCOMPARE(documentedList(channels), expected);
        // Public and private channels carry exactly the documented fields.
        QCOMPARE(channels.at(1).toObject(), expected.at(1));
        QCOMPARE(channels.at(3).toObject(), expected.at(3));
    }

    void channelDisappearsWhenItsLastSubscriberLeaves()
    {
        WsClient one;
        auto two = std::make_unique<WsClient>();
        QVERIFY(one.open(relay->ws()));
        QVERIFY(two->open(relay->ws()));
        one.subscribe(QStringLiteral("chat"));
        two->subscribe(QStringLiteral("chat"));
        one.subscribe(QStringLiteral("news"));
        two->subscribe(QStringLiteral("presence-p"), member(2));

        one.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", "news" } } } });
        QVERIFY(one.sync());
        QCOMPARE(documentedList(list()),
            QList<QJsonObject>({ channelJson("chat", "public", 2), channelJson("presence-p", "presence", 1) }));

        one.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", "chat" } } } });
        QVERIFY(one.sync());
        QCOMPARE(documentedList(list()),
            QList<QJsonObject>({ channelJson("chat", "public", 1), channelJson("presence-p", "presence", 1) }));

        two.reset(); // disconnect: its channels go with it
        QTRY_COMPARE(list().size(), 0);
        const HttpResult chat = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat")));
        QCOMPARE(chat.json, channelJson("chat", "public", 0));
    }

    void unsubscribeFrameAsJsonString()
    {
        WsClient one;
        QVERIFY(one.open(relay->ws()));
        one.subscribe(QStringLiteral("chat"));
        one.send({ { "event", "relay:unsubscribe" }, { "data", "{\"channel\":\"chat\"}" } });
        QVERIFY(one.sync());
        QCOMPARE(list().size(), 0);
    }

    void singleChannelShape()
    {
        WsClient one;
        WsClient two;
        QVERIFY(one.open(relay->ws()));
        QVERIFY(two.open(relay->ws()));
        one.subscribe(QStringLiteral("chat"));
        two.subscribe(QStringLiteral("chat"));
        one.subscribe(QStringLiteral("private-x"));

        HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json, channelJson("chat", "public", 2));
        result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/private-x")));
        QCOMPARE(result.json, channelJson("private-x", "private", 1));
        result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/nobody-here")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json, channelJson("nobody-here", "public", 0));
        result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-empty")));
        QCOMPARE(result.status, 200);
        QCOMPARE(documented(result.json), channelJson("presence-empty", "presence", 0));
    }

    void invalidChannelNameIsRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("space") << QStringLiteral("/apps/my-app/channels/chat%20room");
        QTest::newRow("slash") << QStringLiteral("/apps/my-app/channels/chat%2Froom");
        QTest::newRow("bang") << QStringLiteral("/apps/my-app/channels/chat!");
        QTest::newRow("too long") << (QStringLiteral("/apps/my-app/channels/") + QString(201, u'a'));
        QTest::newRow("non-ascii") << QStringLiteral("/apps/my-app/channels/caf%C3%A9");
    }

    void invalidChannelNameIsRefused()
    {
        QFETCH(QString, path);
        const HttpResult result = http.get(relay->http(path));
        QCOMPARE(result.status, 400);
        QVERIFY2(!result.json.value("error").toString().isEmpty(), result.body.constData());
    }

    void channelsNeedBearer()
    {
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/channels")), QByteArray()).status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat")), "nope").status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/unknown/channels"))).status, 404);
    }

    void statsCountsConnectionsChannelsAndDeliveries()
    {
        HttpResult stats = http.get(relay->http(QStringLiteral("/stats")), QByteArray());
        QCOMPARE(stats.status, 200);
        QCOMPARE(stats.json.value("connections").toInt(), 0);
        QCOMPARE(stats.json.value("channels").toInt(), 0);
        QCOMPARE(stats.json.value("apps").toObject().value("my-app").toObject(),
            QJsonObject({ { "connections", 0 }, { "channels", 0 }, { "events_published", 0 }, { "messages_delivered", 0 },
                { "webhooks", noWebhookTraffic() } }));

        WsClient one;
        WsClient two;
        auto three = std::make_unique<WsClient>();
        for (WsClient *client : { &one, &two, three.get() })
            QVERIFY(client->open(relay->ws()));
        one.subscribe(QStringLiteral("chat"));
        two.subscribe(QStringLiteral("chat"));
        two.subscribe(QStringLiteral("news"));
        three->subscribe(QStringLiteral("private-p"));

        publish({ { "channel", "chat" }, { "event", "e" }, { "data", "{}" } }); // 2 deliveries
        publish({ { "channel", "chat" }, { "event", "e" }, { "data", "{}" } }); // 2
        publish({ { "channel", "news" }, { "event", "e" }, { "data", "{}" } }); // 1
        publish({ { "channel", "empty" }, { "event", "e" }, { "data", "{}" } }); // 0
        publish({ { "channel", "chat" }, { "event", "e" }, { "data", "{}" }, { "socket_id", one.socketId() } }); // 1
        QVERIFY(one.sync());
        QVERIFY(two.sync());
        QCOMPARE(one.count(QStringLiteral("e")), 2);
        QCOMPARE(two.count(QStringLiteral("e")), 4);

        stats = http.get(relay->http(QStringLiteral("/stats")), QByteArray());
        QCOMPARE(stats.status, 200);
        QCOMPARE(stats.header("Content-Type"), QByteArray("application/json"));
        QVERIFY(stats.json.value("uptime_seconds").isDouble());
        QVERIFY(stats.json.value("uptime_seconds").toDouble() >= 0);
        QCOMPARE(stats.json.value("connections").toInt(), 3);
        QCOMPARE(stats.json.value("channels").toInt(), 3);
        QCOMPARE(stats.json.value("apps").toObject().keys(), QStringList({ "my-app" }));
        QCOMPARE(stats.json.value("apps").toObject().value("my-app").toObject(),
            QJsonObject({ { "connections", 3 }, { "channels", 3 }, { "events_published", 5 }, { "messages_delivered", 6 },
                { "webhooks", noWebhookTraffic() } }));

        three.reset();
        QTRY_COMPARE(http.get(relay->http(QStringLiteral("/stats")), QByteArray()).json.value("connections").toInt(), 2);
        stats = http.get(relay->http(QStringLiteral("/stats")), QByteArray());
        QCOMPARE(stats.json.value("channels").toInt(), 2);
        QCOMPARE(stats.json.value("apps").toObject().value("my-app").toObject().value("connections").toInt(), 2);
    }

    void clientEventsCountInStats()
    {
        WsClient one;
        WsClient two;
        WsClient three;
        for (WsClient *client : { &one, &two, &three }) {
            QVERIFY(client->open(relay->ws()));
            client->subscribe(QStringLiteral("private-room"));
        }
        one.send({ { "event", "client-x" }, { "channel", "private-room" }, { "data", "{}" } });
        QVERIFY(!two.waitFor(QStringLiteral("client-x")).isEmpty());
        QVERIFY(!three.waitFor(QStringLiteral("client-x")).isEmpty());
        const QJsonObject app
            = http.get(relay->http(QStringLiteral("/stats")), QByteArray()).json.value("apps").toObject().value("my-app").toObject();
        QCOMPARE(app.value("events_published").toInt(), 1);
        QCOMPARE(app.value("messages_delivered").toInt(), 2);
    }

    void health()
    {
        const HttpResult result = http.get(relay->http(QStringLiteral("/health")), QByteArray());
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json, QJsonObject({ { "status", "ok" } }));
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
    }

    void appsAreIsolated()
    {
        useTwoApps();
        WsClient a;
        WsClient b;
        QVERIFY(a.open(relay->ws(QStringLiteral("my-key"))));
        QVERIFY(b.open(relay->ws(QStringLiteral("other-key"))));
        a.subscribe(QStringLiteral("chat"));
        a.subscribe(QStringLiteral("only-a"));
        b.subscribe(QStringLiteral("chat"));

        // Events.
        publish({ { "channel", "chat" }, { "event", "for-a" }, { "data", "{}" } });
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/other-app/events")),
                         { { "channel", "chat" }, { "event", "for-b" }, { "data", "{}" } }, "other-secret")
                     .status,
            200);
        QVERIFY(!a.waitFor(QStringLiteral("for-a")).isEmpty());
        QVERIFY(!b.waitFor(QStringLiteral("for-b")).isEmpty());
        QVERIFY(a.sync());
        QVERIFY(b.sync());
        QVERIFY(!a.has(QStringLiteral("for-b")));
        QVERIFY(!b.has(QStringLiteral("for-a")));

        // Channels.
        QCOMPARE(documentedList(list()),
            QList<QJsonObject>({ channelJson("chat", "public", 1), channelJson("only-a", "public", 1) }));
        const HttpResult other = http.get(relay->http(QStringLiteral("/apps/other-app/channels")), "other-secret");
        QCOMPARE(other.status, 200);
        QCOMPARE(documentedList(other.json.value("channels").toArray()),
            QList<QJsonObject>({ channelJson("chat", "public", 1, "other-app") }));
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/other-app/channels/only-a")), "other-secret").json,
            channelJson("only-a", "public", 0, "other-app"));

        // History and the events log.
        const QJsonArray log = http.get(relay->http(QStringLiteral("/apps/other-app/events/log")), "other-secret")
                                   .json.value("events")
                                   .toArray();
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.at(0).toObject().value("event").toString(), QStringLiteral("for-b"));
        const QJsonArray history = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events")))
                                       .json.value("events")
                                       .toArray();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.at(0).toObject().value("event").toString(), QStringLiteral("for-a"));

        // Stats per app.
        const HttpResult stats = http.get(relay->http(QStringLiteral("/stats")), QByteArray());
        QCOMPARE(stats.json.value("connections").toInt(), 2);
        QCOMPARE(stats.json.value("channels").toInt(), 3); // chat twice (one per app) and only-a
        const QJsonObject apps = stats.json.value("apps").toObject();
        QCOMPARE(apps.keys(), QStringList({ "my-app", "other-app" }));
        QCOMPARE(apps.value("my-app").toObject(),
            QJsonObject({ { "connections", 1 }, { "channels", 2 }, { "events_published", 1 }, { "messages_delivered", 1 },
                { "webhooks", noWebhookTraffic() } }));
        QCOMPARE(apps.value("other-app").toObject(),
            QJsonObject({ { "connections", 1 }, { "channels", 1 }, { "events_published", 1 }, { "messages_delivered", 1 },
                { "webhooks", noWebhookTraffic() } }));
    }

    void bearerOfOneAppIsRejectedByAnother()
    {
        useTwoApps();
        const QJsonObject body { { "channel", "chat" }, { "event", "e" }, { "data", "{}" } };
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/other-app/events")), body, "my-secret").status, 401);
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events")), body, "other-secret").status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/other-app/channels")), "my-secret").status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/other-app/events/log")), "my-secret").status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/other-app/channels")), "other-secret").status, 200);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/events/log")), "my-secret").json.value("events").toArray().size(), 0);
    }

    void privateAuthIsPerApp()
    {
        useTwoApps();
        WsClient b;
        QVERIFY(b.open(relay->ws(QStringLiteral("other-key"))));
        const QString channel = QStringLiteral("private-x");
        // Signed by app A: refused on app B.
        b.send({ { "event", "relay:subscribe" },
            { "data", QJsonObject { { "channel", channel }, { "auth", signChannel(b.socketId(), channel) } } } });
        QCOMPARE(WsClient::data(b.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4009);
        // Signed by app B's own auth endpoint: accepted.
        const HttpResult auth = http.postJson(relay->http(QStringLiteral("/apps/other-app/auth")),
            { { "socket_id", b.socketId() }, { "channel_name", channel } }, QByteArray());
        QCOMPARE(auth.status, 200);
        QVERIFY(auth.json.value("auth").toString().startsWith(QLatin1String("other-key:")));
        QCOMPARE(auth.json.value("auth").toString(), signChannel(b.socketId(), channel, {}, "other-key", "other-secret"));
        b.send({ { "event", "relay:subscribe" },
            { "data", QJsonObject { { "channel", channel }, { "auth", auth.json.value("auth") } } } });
        QVERIFY(!b.waitFor(QStringLiteral("relay:subscription_succeeded")).isEmpty());
    }

    void unknownKeyGetsErrorThenClose()
    {
        WsClient client;
        client.openRaw(relay->ws(QStringLiteral("no-such-key")));
        const QJsonObject error = client.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4001);
        QVERIFY(!WsClient::data(error).value("message").toString().isEmpty());
        QVERIFY(client.waitClosed());
        QCOMPARE(client.closeCode(), 4001);
        QCOMPARE(http.get(relay->http(QStringLiteral("/stats")), QByteArray()).json.value("connections").toInt(), 0);
    }

private:
    void useTwoApps()
    {
        Relay::RelayConfig config = testConfig();
        Relay::AppConfig other;
        other.id = QStringLiteral("other-app");
        other.key = QStringLiteral("other-key");
        other.secret = QStringLiteral("other-secret");
        config.apps.append(other);
        QVERIFY(startRelay(config));
    }

    void publish(const QJsonObject &body)
    {
        const HttpResult result = http.postJson(relay->http(QStringLiteral("/apps/my-app/events")), body);
        QVERIFY2(result.status == 200, result.body.constData());
    }

    QJsonArray list()
    {
        return http.get(relay->http(QStringLiteral("/apps/my-app/channels"))).json.value("channels").toArray();
    }
};

QTEST_GUILESS_MAIN(ChannelsTest)
#include "tst_channels.moc"
