// SPDX-License-Identifier: MIT
// client-* events: forwarding without echo, user_id on presence, refusals, rate and size limits, history.
#include "relaytestkit.h"

#include <QTest>

using namespace RelayTest;

namespace {
const QString privateChannel = QStringLiteral("private-chat");
const QString presenceChannel = QStringLiteral("presence-room");

QJsonObject clientEvent(
    const QString &channel, const QJsonValue &data, const QString &event = QStringLiteral("client-typing"))
{
    return { { "event", event }, { "channel", channel }, { "data", data } };
}

} // namespace

class ClientEventsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        relay = std::make_unique<TestRelay>();
        QVERIFY(relay->started());
    }
    void cleanup() { relay.reset(); }

    void privateEventGoesToOthersNotToTheSender()
    {
        WsClient sender;
        WsClient first;
        WsClient second;
        WsClient outsider;
        for (WsClient *client : { &sender, &first, &second, &outsider })
            QVERIFY(client->open(relay->ws()));
        for (WsClient *client : { &sender, &first, &second })
            QCOMPARE(eventOf(client->subscribe(privateChannel)), QStringLiteral("relay:subscription_succeeded"));
        outsider.subscribe(QStringLiteral("private-other"));

        sender.send(clientEvent(privateChannel, "{\"typing\":true}"));
        for (WsClient *client : { &first, &second }) {
            const QJsonObject frame = client->waitFor(QStringLiteral("client-typing"));
            QCOMPARE(frame,
                QJsonObject(
                    { { "event", "client-typing" }, { "channel", privateChannel }, { "data", "{\"typing\":true}" } }));
        }
        QVERIFY(sender.sync());
        QVERIFY(!sender.has(QStringLiteral("client-typing")));
        QVERIFY(!sender.has(QStringLiteral("relay:error")));
        QVERIFY(outsider.sync());
        QVERIFY(!outsider.has(QStringLiteral("client-typing")));
    }

    void presenceEventCarriesTheSendersUserId()
    {
        WsClient alice;
        WsClient bob;
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(bob.open(relay->ws()));
        QCOMPARE(
            eventOf(alice.subscribe(presenceChannel, member("alice"))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(bob.subscribe(presenceChannel, member(7))), QStringLiteral("relay:subscription_succeeded"));

        bob.send(clientEvent(presenceChannel, "{\"x\":1}", QStringLiteral("client-move")));
        const QJsonObject fromBob = alice.waitFor(QStringLiteral("client-move"));
        QCOMPARE(fromBob.value("channel").toString(), presenceChannel);
        QCOMPARE(fromBob.value("data").toString(), QStringLiteral("{\"x\":1}"));
        QVERIFY(fromBob.value("user_id").isDouble());
        QCOMPARE(fromBob.value("user_id").toInt(), 7);

        alice.send(clientEvent(presenceChannel, "{\"x\":2}", QStringLiteral("client-move")));
        const QJsonObject fromAlice = bob.waitFor(QStringLiteral("client-move"));
        QVERIFY(fromAlice.value("user_id").isString());
        QCOMPARE(fromAlice.value("user_id").toString(), QStringLiteral("alice"));

        QVERIFY(alice.sync());
        QVERIFY(bob.sync());
        QVERIFY(!alice.has(QStringLiteral("client-move")));
        QVERIFY(!bob.has(QStringLiteral("client-move")));
    }

    void privateEventCarriesNoUserId()
    {
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        sender.subscribe(privateChannel);
        receiver.subscribe(privateChannel);
        sender.send(clientEvent(privateChannel, "{}"));
        QVERIFY(!receiver.waitFor(QStringLiteral("client-typing")).contains("user_id"));
    }

    void objectDataArrivesAsJsonString()
    {
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        sender.subscribe(privateChannel);
        receiver.subscribe(privateChannel);
        sender.send(clientEvent(privateChannel, QJsonObject { { "a", QJsonArray { 1, 2 } }, { "b", "c" } }));
        const QJsonObject frame = receiver.waitFor(QStringLiteral("client-typing"));
        QVERIFY(frame.value("data").isString());
        QCOMPARE(frame.value("data").toString(), QStringLiteral("{\"a\":[1,2],\"b\":\"c\"}"));
        QCOMPARE(WsClient::data(frame), QJsonObject({ { "a", QJsonArray { 1, 2 } }, { "b", "c" } }));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("channel");
        QTest::addColumn<bool>("senderSubscribed");
        QTest::newRow("public channel") << QStringLiteral("chat") << true;
        QTest::newRow("private, sender not subscribed") << privateChannel << false;
        QTest::newRow("presence, sender not subscribed") << presenceChannel << false;
    }

    void refusals()
    {
        QFETCH(QString, channel);
        QFETCH(bool, senderSubscribed);
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        const QString channelData = channel.startsWith(QLatin1String("presence-")) ? member(1) : QString();
        QCOMPARE(eventOf(receiver.subscribe(channel, channelData)), QStringLiteral("relay:subscription_succeeded"));
        if (senderSubscribed)
            QCOMPARE(eventOf(sender.subscribe(channel)), QStringLiteral("relay:subscription_succeeded"));

        sender.send(clientEvent(channel, "{}"));
        const QJsonObject error = sender.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(error.value("channel").toString(), channel);
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4009);
        QVERIFY(!WsClient::data(error).value("message").toString().isEmpty());
        QVERIFY(sender.sync()); // the socket stays open
        QVERIFY(receiver.sync());
        QVERIFY(!receiver.has(QStringLiteral("client-typing")));
        QCOMPARE(
            http.get(relay->http(QStringLiteral("/apps/my-app/events/log"))).json.value("events").toArray().size(), 0);
    }

    void pusherRefusalsArePusherErrors_data()
    {
        QTest::addColumn<QString>("channel");
        QTest::addColumn<bool>("senderSubscribed");
        QTest::newRow("public channel") << QStringLiteral("chat") << true;
        QTest::newRow("private, sender not subscribed") << privateChannel << false;
        QTest::newRow("encrypted") << QStringLiteral("private-encrypted-room") << true;
    }
    void pusherRefusalsArePusherErrors()
    {
        // pusher-js and Laravel Echo take pusher:subscription_error for a failed subscription; a refused
        // client event is pusher:error with its code and channel.
        QFETCH(QString, channel);
        QFETCH(bool, senderSubscribed);
        WsClient sender;
        QVERIFY(sender.open(relay->ws(QStringLiteral("my-key"), QStringLiteral("protocol=7"))));
        if (senderSubscribed)
            QCOMPARE(eventOf(sender.subscribe(channel)), QStringLiteral("pusher_internal:subscription_succeeded"));
        sender.send(clientEvent(channel, "{}"));
        const QJsonObject error = sender.waitFor(QStringLiteral("pusher:error"));
        QCOMPARE(error.value("channel").toString(), channel);
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4009);
        QVERIFY(sender.sync());
        QVERIFY(!sender.has(QStringLiteral("pusher:subscription_error")));
    }

    void refusedAfterUnsubscribing()
    {
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        sender.subscribe(privateChannel);
        receiver.subscribe(privateChannel);
        sender.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", privateChannel } } } });
        sender.send(clientEvent(privateChannel, "{}"));
        QCOMPARE(WsClient::data(sender.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4009);
        QVERIFY(receiver.sync());
        QVERIFY(!receiver.has(QStringLiteral("client-typing")));
    }

    void refusedWhenDisabled()
    {
        Relay::RelayConfig config = testConfig();
        config.apps[0].clientEventsEnabled = false;
        relay = std::make_unique<TestRelay>(config);
        QVERIFY(relay->started());
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        sender.subscribe(privateChannel);
        receiver.subscribe(privateChannel);
        sender.send(clientEvent(privateChannel, "{}"));
        const QJsonObject error = sender.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(error.value("channel").toString(), privateChannel);
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4009);
        QVERIFY(receiver.sync());
        QVERIFY(!receiver.has(QStringLiteral("client-typing")));
    }

    void rateLimited()
    {
        Relay::RelayConfig config = testConfig();
        config.apps[0].clientEventsPerSecond = 3;
        relay = std::make_unique<TestRelay>(config);
        QVERIFY(relay->started());
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        sender.subscribe(privateChannel);
        receiver.subscribe(privateChannel);

        for (int i = 1; i <= 4; ++i)
            sender.send(clientEvent(privateChannel, QString::number(i), QStringLiteral("client-n")));
        const QJsonObject error = sender.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4301);
        QCOMPARE(error.value("channel").toString(), privateChannel);
        QVERIFY(sender.sync());
        QVERIFY(receiver.sync());
        QCOMPARE(receiver.count(QStringLiteral("client-n")), 3);
        QStringList received;
        for (const QJsonObject &frame : std::as_const(receiver.frames))
            received.append(frame.value("data").toString());
        QCOMPARE(received, QStringList({ "1", "2", "3" }));
        QCOMPARE(sender.count(QStringLiteral("relay:error")), 0); // one error, for the 4th only
        // The limit is per socket: the receiver may still send.
        receiver.send(clientEvent(privateChannel, "{}", QStringLiteral("client-reply")));
        QVERIFY(!sender.waitFor(QStringLiteral("client-reply")).isEmpty());
    }

    void invalidUnicodeIsRefusedNotForwarded()
    {
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        sender.subscribe(privateChannel);
        receiver.subscribe(privateChannel);

        // Valid UTF-8 on the wire, but the JSON escape names half a character: never forwarded as '?'.
        sender.sendText(QStringLiteral(R"({"event":"client-x","channel":"private-chat","data":"\ud800"})"));
        QCOMPARE(WsClient::data(sender.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4000);
        QVERIFY(sender.isConnected());
        QVERIFY(receiver.sync());
        QVERIFY(!receiver.has(QStringLiteral("client-x")));
        // A whole pair is a character like any other.
        sender.sendText(QStringLiteral(R"({"event":"client-y","channel":"private-chat","data":"\ud83d\ude00"})"));
        QCOMPARE(receiver.waitFor(QStringLiteral("client-y")).value("data").toString(), QStringLiteral("\U0001F600"));
    }

    void oversizeDataIsRefused()
    {
        Relay::RelayConfig config = testConfig();
        config.apps[0].maxEventPayloadKb = 1;
        relay = std::make_unique<TestRelay>(config);
        QVERIFY(relay->started());
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        sender.subscribe(privateChannel);
        receiver.subscribe(privateChannel);

        sender.send(clientEvent(privateChannel, QString(1025, u'x'), QStringLiteral("client-big")));
        const QJsonObject error = sender.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4011);
        QVERIFY(receiver.sync());
        QVERIFY(!receiver.has(QStringLiteral("client-big")));

        // An object whose compact text is over the limit counts the same.
        sender.send(
            clientEvent(privateChannel, QJsonObject { { "t", QString(1100, u'y') } }, QStringLiteral("client-big")));
        QCOMPARE(WsClient::data(sender.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4011);
        QVERIFY(receiver.sync());
        QVERIFY(!receiver.has(QStringLiteral("client-big")));

        // The limit is in bytes: 600 two-byte characters are 1200 bytes of UTF-8.
        sender.send(clientEvent(privateChannel, QString(600, QChar(0xe9)), QStringLiteral("client-big")));
        QCOMPARE(WsClient::data(sender.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4011);
        QVERIFY(receiver.sync());
        QVERIFY(!receiver.has(QStringLiteral("client-big")));

        // At the limit it is forwarded.
        sender.send(clientEvent(privateChannel, QString(1024, u'x'), QStringLiteral("client-fits")));
        QCOMPARE(receiver.waitFor(QStringLiteral("client-fits")).value("data").toString().size(), 1024);
        QCOMPARE(
            http.get(relay->http(QStringLiteral("/apps/my-app/events/log"))).json.value("events").toArray().size(), 1);
    }

    void clientEventsAreInHistory()
    {
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(relay->ws()));
        QVERIFY(receiver.open(relay->ws()));
        sender.subscribe(presenceChannel, member(1));
        receiver.subscribe(presenceChannel, member(2));
        sender.send(clientEvent(presenceChannel, QJsonObject { { "k", 1 } }, QStringLiteral("client-note")));
        QVERIFY(!receiver.waitFor(QStringLiteral("client-note")).isEmpty());
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events")),
                         { { "channel", presenceChannel }, { "event", "api-note" }, { "data", "{}" } })
                     .status,
            200);

        const HttpResult history = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/events")));
        QCOMPARE(history.status, 200);
        const QJsonArray events = history.json.value("events").toArray();
        QCOMPARE(events.size(), 2);
        const QJsonObject fromClient = events.at(0).toObject();
        QCOMPARE(fromClient.value("event").toString(), QStringLiteral("client-note"));
        QCOMPARE(fromClient.value("channel").toString(), presenceChannel);
        QCOMPARE(fromClient.value("data").toString(), QStringLiteral("{\"k\":1}"));
        QCOMPARE(fromClient.value("source").toString(), QStringLiteral("client"));
        QCOMPARE(fromClient.value("socket_id").toString(), sender.socketId());
        QVERIFY(fromClient.value("id").isDouble());
        QVERIFY(!fromClient.value("timestamp").toString().isEmpty());
        QCOMPARE(events.at(1).toObject().value("source").toString(), QStringLiteral("api"));
        QVERIFY(!events.at(1).toObject().contains("socket_id"));

        const QJsonArray log
            = http.get(relay->http(QStringLiteral("/apps/my-app/events/log"))).json.value("events").toArray();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).toObject(), fromClient);
    }

private:
    std::unique_ptr<TestRelay> relay;
    Http http;
};

QTEST_GUILESS_MAIN(ClientEventsTest)
#include "tst_clientevents.moc"
