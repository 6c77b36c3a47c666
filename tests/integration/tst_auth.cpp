// SPDX-License-Identifier: MIT
// POST /apps/{id}/auth (JSON and form bodies, CORS, rejections) and signed private-channel subscriptions.
#include "relaytestkit.h"

#include <QRegularExpression>
#include <QTest>
#include <QUrlQuery>

using namespace RelayTest;

namespace {
const QString authPath = QStringLiteral("/apps/my-app/auth");
const QString privateChannel = QStringLiteral("private-x");

/// A form body as browser SDKs post it: every value percent-encoded.
QByteArray form(const QList<QPair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields)
        body += (body.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    return body;
}

QJsonObject subscribeFrame(const QString &channel, const QJsonValue &auth, const QString &channelData = {})
{
    QJsonObject data { { "channel", channel } };
    if (!auth.isUndefined())
        data.insert("auth", auth);
    if (!channelData.isEmpty())
        data.insert("channel_data", channelData);
    return { { "event", "relay:subscribe" }, { "data", data } };
}
} // namespace

class AuthTest : public RelaySuite {
    Q_OBJECT
private Q_SLOTS:
    void privateAuthFromJsonLetsTheSocketSubscribe()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        const HttpResult result = http.postJson(relay->http(authPath),
            { { "socket_id", client.socketId() }, { "channel_name", privateChannel } }, QByteArray());
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(result.json.keys(), QStringList({ "auth" }));
        const QString auth = result.json.value("auth").toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^my-key:[0-9a-f]{64}$")).match(auth).hasMatch(), qPrintable(auth));
        QCOMPARE(auth, signChannel(client.socketId(), privateChannel));

        client.send(subscribeFrame(privateChannel, auth));
        const QJsonObject succeeded = client.waitFor(QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(succeeded.value("channel").toString(), privateChannel);
    }

    void privateAuthFromFormLetsTheSocketSubscribe()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        const QString channel = QStringLiteral("private-a@b,c=d;e.f");
        const HttpResult result = http.post(relay->http(authPath),
            form({ { "socket_id", client.socketId() }, { "channel_name", channel } }), QByteArray(),
            "application/x-www-form-urlencoded");
        QCOMPARE(result.status, 200);
        const QString auth = result.json.value("auth").toString();
        QCOMPARE(auth, signChannel(client.socketId(), channel));
        client.send(subscribeFrame(channel, auth));
        QCOMPARE(client.waitFor(QStringLiteral("relay:subscription_succeeded")).value("channel").toString(), channel);
    }

    void presenceAuthFromJsonLetsTheSocketJoin()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        const QString channelData = QStringLiteral("{\"user_id\":1,\"user_info\":{\"name\":\"Alice\"}}");
        const HttpResult result = http.postJson(relay->http(authPath),
            { { "socket_id", client.socketId() }, { "channel_name", "presence-room" }, { "channel_data", channelData } },
            QByteArray());
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.keys(), QStringList({ "auth", "channel_data" }));
        QCOMPARE(result.json.value("channel_data").toString(), channelData);
        QCOMPARE(result.json.value("auth").toString(), signChannel(client.socketId(), "presence-room", channelData));

        client.send(subscribeFrame("presence-room", result.json.value("auth"), result.json.value("channel_data").toString()));
        const QJsonObject succeeded = client.waitFor(QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(WsClient::data(succeeded).value("presence").toObject().value("ids").toArray(), QJsonArray({ 1 }));
        const HttpResult users = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/users")));
        QCOMPARE(users.json.value("users").toArray(),
            QJsonArray({ QJsonObject { { "id", 1 }, { "user_info", QJsonObject { { "name", "Alice" } } } } }));
    }

    void presenceAuthFromFormLetsTheSocketJoin()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        // Characters that mean something in a form body: '+', '&', '=', '%' and a space.
        const QString channelData = QStringLiteral("{\"user_id\":\"a+b\",\"user_info\":{\"name\":\"A & B = 100% sure\"}}");
        const HttpResult result = http.post(relay->http(authPath),
            form({ { "socket_id", client.socketId() }, { "channel_name", "presence-room" }, { "channel_data", channelData } }),
            QByteArray(), "application/x-www-form-urlencoded; charset=UTF-8");
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value("channel_data").toString(), channelData);
        QCOMPARE(result.json.value("auth").toString(), signChannel(client.socketId(), "presence-room", channelData));

        client.send(subscribeFrame("presence-room", result.json.value("auth"), result.json.value("channel_data").toString()));
        const QJsonObject succeeded = client.waitFor(QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(WsClient::data(succeeded).value("presence").toObject().value("ids").toArray(), QJsonArray({ "a+b" }));
    }

    void formSpacesMayBeWrittenAsPlus()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        const QByteArray body = "socket_id=" + client.socketId().toUtf8()
            + "&channel_name=presence-room&channel_data=%7B%22user_id%22%3A1%2C%22user_info%22%3A%7B%22name%22%3A%22Ann+Lee%22%7D%7D";
        const HttpResult result = http.post(relay->http(authPath), body, QByteArray(), "application/x-www-form-urlencoded");
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value("channel_data").toString(),
            QStringLiteral("{\"user_id\":1,\"user_info\":{\"name\":\"Ann Lee\"}}"));
    }

    void rejections_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        const QByteArray json = "application/json";
        const QByteArray formType = "application/x-www-form-urlencoded";
        QTest::newRow("public channel") << QByteArray("{\"socket_id\":\"1.2\",\"channel_name\":\"chat\"}") << json;
        QTest::newRow("public channel (form)") << QByteArray("socket_id=1.2&channel_name=chat") << formType;
        QTest::newRow("presence without channel_data")
            << QByteArray("{\"socket_id\":\"1.2\",\"channel_name\":\"presence-room\"}") << json;
        QTest::newRow("presence without channel_data (form)")
            << QByteArray("socket_id=1.2&channel_name=presence-room") << formType;
        QTest::newRow("channel_data without user_id")
            << QByteArray("{\"socket_id\":\"1.2\",\"channel_name\":\"presence-room\",\"channel_data\":\"{\\\"user_info\\\":{}}\"}")
            << json;
        QTest::newRow("channel_data not json")
            << QByteArray("{\"socket_id\":\"1.2\",\"channel_name\":\"presence-room\",\"channel_data\":\"nope\"}") << json;
        QTest::newRow("channel_data number")
            << QByteArray("{\"socket_id\":\"1.2\",\"channel_name\":\"presence-room\",\"channel_data\":5}") << json;
        QTest::newRow("missing socket_id") << QByteArray("{\"channel_name\":\"private-x\"}") << json;
        QTest::newRow("missing socket_id (form)") << QByteArray("channel_name=private-x") << formType;
        QTest::newRow("numeric socket_id") << QByteArray("{\"socket_id\":1.2,\"channel_name\":\"private-x\"}") << json;
        QTest::newRow("invalid socket_id") << QByteArray("{\"socket_id\":\"abc\",\"channel_name\":\"private-x\"}") << json;
        QTest::newRow("socket_id without dot") << QByteArray("{\"socket_id\":\"12\",\"channel_name\":\"private-x\"}") << json;
        QTest::newRow("socket_id with sign") << QByteArray("{\"socket_id\":\"-1.2\",\"channel_name\":\"private-x\"}") << json;
        QTest::newRow("missing channel_name") << QByteArray("{\"socket_id\":\"1.2\"}") << json;
        QTest::newRow("invalid channel name") << QByteArray("{\"socket_id\":\"1.2\",\"channel_name\":\"private-a b\"}") << json;
        QTest::newRow("invalid channel name (form)") << QByteArray("socket_id=1.2&channel_name=private-%2Fx") << formType;
        QTest::newRow("long channel name")
            << ("{\"socket_id\":\"1.2\",\"channel_name\":\"private-" + QByteArray(200, 'a') + "\"}") << json;
        QTest::newRow("malformed json") << QByteArray("{\"socket_id\":\"1.2\",") << json;
        QTest::newRow("json array") << QByteArray("[\"1.2\",\"private-x\"]") << json;
        QTest::newRow("empty body") << QByteArray() << json;
    }

    void rejections()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        const HttpResult result = http.post(relay->http(authPath), body, QByteArray(), contentType);
        QCOMPARE(result.status, 400);
        QVERIFY2(!result.json.value("error").toString().isEmpty(), result.body.constData());
        QVERIFY(!result.json.contains("auth"));
        QCOMPARE(result.header("Access-Control-Allow-Origin"), QByteArray("*"));
    }

    void corsPreflightAndHeaders()
    {
        const HttpResult preflight = http.send("OPTIONS", relay->http(authPath), {},
            { { "Origin", "http://localhost:3000" }, { "Access-Control-Request-Method", "POST" },
                { "Access-Control-Request-Headers", "content-type" } });
        QCOMPARE(preflight.status, 204);
        QVERIFY(preflight.body.isEmpty());
        QCOMPARE(preflight.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:3000"));
        QVERIFY2(preflight.header("Access-Control-Allow-Methods").contains("POST"),
            preflight.header("Access-Control-Allow-Methods").constData());
        const QByteArray allowedHeaders = preflight.header("Access-Control-Allow-Headers").toLower();
        QVERIFY2(allowedHeaders.contains("content-type"), allowedHeaders.constData());

        const HttpResult ok = http.post(relay->http(authPath), "{\"socket_id\":\"1.2\",\"channel_name\":\"private-x\"}",
            QByteArray());
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.header("Access-Control-Allow-Origin"), QByteArray("*"));
    }

    void needsNoBearerButIgnoresOne()
    {
        const QByteArray body = "{\"socket_id\":\"1.2\",\"channel_name\":\"private-x\"}";
        QCOMPARE(http.post(relay->http(authPath), body, QByteArray()).status, 200);
        QCOMPARE(http.post(relay->http(authPath), body, "my-secret").status, 200);
        QCOMPARE(http.post(relay->http(authPath), body, "wrong").status, 200);
    }

    void disabledEndpointIsForbidden()
    {
        Relay::RelayConfig config = testConfig();
        config.apps[0].authEndpointEnabled = false;
        relay = std::make_unique<TestRelay>(config);
        QVERIFY(relay->started());
        const HttpResult result
            = http.post(relay->http(authPath), "{\"socket_id\":\"1.2\",\"channel_name\":\"private-x\"}", QByteArray());
        QCOMPARE(result.status, 403);
        QVERIFY(!result.json.value("error").toString().isEmpty());
        QVERIFY(!result.json.contains("auth"));
        // Signing by the app's own auth server still works over WebSocket.
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        QCOMPARE(eventOf(client.subscribe(privateChannel)), QStringLiteral("relay:subscription_succeeded"));
    }

    void unknownAppIsNotFound()
    {
        const HttpResult result = http.post(relay->http(QStringLiteral("/apps/other-app/auth")),
            "{\"socket_id\":\"1.2\",\"channel_name\":\"private-x\"}", QByteArray());
        QCOMPARE(result.status, 404);
        QVERIFY(!result.json.value("error").toString().isEmpty());
    }

    void wrongMethodIsNotAllowed()
    {
        QCOMPARE(http.get(relay->http(authPath), QByteArray()).status, 405);
    }

    void privateSubscribeWithoutAuthIsRefused()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.send(subscribeFrame(privateChannel, QJsonValue(QJsonValue::Undefined)));
        const QJsonObject error = client.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(error.value("channel").toString(), privateChannel);
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4009);
        QVERIFY(!WsClient::data(error).value("message").toString().isEmpty());

        client.send(subscribeFrame(privateChannel, ""));
        QCOMPARE(WsClient::data(client.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4009);
        client.send(subscribeFrame(privateChannel, 42));
        QCOMPARE(WsClient::data(client.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4009);
        client.send(subscribeFrame(privateChannel, "no-colon-here"));
        QCOMPARE(WsClient::data(client.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4009);

        QVERIFY(client.sync()); // still open
        QVERIFY(!client.has(QStringLiteral("relay:subscription_succeeded")));
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/channels"))).json.value("channels").toArray().size(), 0);
    }

    void privateSubscribeWithForeignAuthIsRefused_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("secret");
        QTest::newRow("other key and secret") << QStringLiteral("other-key") << QStringLiteral("other-secret");
        QTest::newRow("other key, our secret") << QStringLiteral("other-key") << QStringLiteral("my-secret");
        QTest::newRow("our key, other secret") << QStringLiteral("my-key") << QStringLiteral("other-secret");
    }

    void privateSubscribeWithForeignAuthIsRefused()
    {
        QFETCH(QString, key);
        QFETCH(QString, secret);
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.send(subscribeFrame(privateChannel, signChannel(client.socketId(), privateChannel, {}, key, secret)));
        const QJsonObject error = client.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(error.value("channel").toString(), privateChannel);
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4009);
        QVERIFY(client.sync());
        QVERIFY(!client.has(QStringLiteral("relay:subscription_succeeded")));
    }

    void privateSubscribeWithAnotherSocketsAuthIsRefused()
    {
        WsClient owner;
        WsClient thief;
        QVERIFY(owner.open(relay->ws()));
        QVERIFY(thief.open(relay->ws()));
        const HttpResult result = http.postJson(relay->http(authPath),
            { { "socket_id", owner.socketId() }, { "channel_name", privateChannel } }, QByteArray());
        QCOMPARE(result.status, 200);
        thief.send(subscribeFrame(privateChannel, result.json.value("auth")));
        const QJsonObject error = thief.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(error.value("channel").toString(), privateChannel);
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4009);
        // Signed for another channel, too.
        thief.send(subscribeFrame(privateChannel, signChannel(thief.socketId(), QStringLiteral("private-y"))));
        QCOMPARE(WsClient::data(thief.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4009);
        // The owner's own signature works for the owner.
        owner.send(subscribeFrame(privateChannel, result.json.value("auth")));
        QVERIFY(!owner.waitFor(QStringLiteral("relay:subscription_succeeded")).isEmpty());
    }

    void privateSubscribeSucceedsWithEmptyData()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        const QJsonObject succeeded = client.subscribe(privateChannel);
        QCOMPARE(eventOf(succeeded), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(succeeded.value("channel").toString(), privateChannel);
        QCOMPARE(succeeded.value("data").toString(), QStringLiteral("{}"));
        // The subscribe data may also arrive as a JSON-encoded string.
        const QString channel = QStringLiteral("private-y");
        const QJsonObject data { { "channel", channel }, { "auth", signChannel(client.socketId(), channel) } };
        client.send({ { "event", "relay:subscribe" },
            { "data", QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)) } });
        const QJsonObject second = client.waitFor(QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(second.value("channel").toString(), channel);
        QCOMPARE(WsClient::data(second), QJsonObject());
    }

    void subscribingTwiceAnswersTwiceAndIsHarmless()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        QCOMPARE(eventOf(client.subscribe(privateChannel)), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(client.subscribe(privateChannel)), QStringLiteral("relay:subscription_succeeded"));
        const HttpResult channel = http.get(relay->http(QStringLiteral("/apps/my-app/channels/private-x")));
        QCOMPARE(channel.status, 200);
        QCOMPARE(channel.json.value("subscriber_count").toInt(), 1);
        QCOMPARE(channel.json.value("type").toString(), QStringLiteral("private"));

        // One delivery per socket, and one unsubscribe empties the channel.
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events")),
                         { { "channel", privateChannel }, { "event", "e" }, { "data", "{}" } })
                     .status,
            200);
        QVERIFY(!client.waitFor(QStringLiteral("e")).isEmpty());
        QVERIFY(client.sync());
        QCOMPARE(client.count(QStringLiteral("e")), 0);
        client.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", privateChannel } } } });
        QVERIFY(client.sync());
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/channels/private-x"))).json.value("subscriber_count").toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(AuthTest)
#include "tst_auth.moc"
