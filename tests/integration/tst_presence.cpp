// SPDX-License-Identifier: MIT
// Presence channels: signed channel_data, the member list, member_added/removed, one member per user, limits.
#include "relaytestkit.h"

#include <QTest>

using namespace RelayTest;

namespace {
const QString room = QStringLiteral("presence-room");

QJsonObject named(const QString &name)
{
    return { { "name", name } };
}

} // namespace

class PresenceTest : public RelaySuite {
    Q_OBJECT
private Q_SLOTS:
    void subscriptionSucceededListsMembersSoFar()
    {
        WsClient alice;
        WsClient bob;
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(bob.open(relay->ws()));

        const QJsonObject first = alice.subscribe(room, member(1, named("Alice")));
        QCOMPARE(eventOf(first), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(first.value("channel").toString(), room);
        QVERIFY(first.value("data").isString()); // data is always a JSON-encoded string
        const QJsonObject firstPresence { { "count", 1 }, { "ids", QJsonArray { 1 } },
            { "hash", QJsonObject { { "1", named("Alice") } } } };
        QCOMPARE(WsClient::data(first), QJsonObject({ { "presence", firstPresence } }));

        const QJsonObject second = bob.subscribe(room, member("bob", named("Bob")));
        QCOMPARE(eventOf(second), QStringLiteral("relay:subscription_succeeded"));
        const QJsonObject secondPresence { { "count", 2 }, { "ids", QJsonArray { 1, "bob" } },
            { "hash", QJsonObject { { "1", named("Alice") }, { "bob", named("Bob") } } } };
        QCOMPARE(WsClient::data(second), QJsonObject({ { "presence", secondPresence } }));
    }

    void memberAddedGoesToOthersNotToTheJoiner()
    {
        WsClient alice;
        WsClient carol;
        WsClient bob;
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(carol.open(relay->ws()));
        QVERIFY(bob.open(relay->ws()));
        QCOMPARE(eventOf(alice.subscribe(room, member(1, named("Alice")))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(carol.subscribe(room, member(3, named("Carol")))), QStringLiteral("relay:subscription_succeeded"));
        QVERIFY(!alice.waitFor(QStringLiteral("relay:member_added")).isEmpty()); // carol's arrival
        QCOMPARE(eventOf(bob.subscribe(room, member(2, named("Bob")))), QStringLiteral("relay:subscription_succeeded"));

        const QJsonObject expected { { "id", 2 }, { "user_id", 2 }, { "user_info", named("Bob") } };
        for (WsClient *other : { &alice, &carol }) {
            const QJsonObject added = other->waitFor(QStringLiteral("relay:member_added"));
            QCOMPARE(added.value("channel").toString(), room);
            QVERIFY(added.value("data").isString());
            QCOMPARE(WsClient::data(added), expected);
        }
        QVERIFY(bob.sync());
        QVERIFY(!bob.has(QStringLiteral("relay:member_added")));
        QVERIFY(alice.sync());
        QVERIFY(!alice.has(QStringLiteral("relay:member_added"))); // exactly one per arrival
    }

    void eachDialectGetsItsOwnMemberFrames()
    {
        // member_added and member_removed are encoded once per dialect and shared: a relay-dialect and a
        // Pusher-dialect watcher each get the frame in their own names and shape.
        WsClient relayWatcher;
        WsClient pusherWatcher;
        WsClient dave;
        QVERIFY(relayWatcher.open(relay->ws()));
        QVERIFY(pusherWatcher.open(relay->ws(QStringLiteral("my-key"), QStringLiteral("protocol=7"))));
        QVERIFY(dave.open(relay->ws()));
        QCOMPARE(eventOf(relayWatcher.subscribe(room, member(1, named("Alice")))),
            QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(pusherWatcher.subscribe(room, member("p", named("Pat")))),
            QStringLiteral("pusher_internal:subscription_succeeded"));
        QVERIFY(!relayWatcher.waitFor(QStringLiteral("relay:member_added")).isEmpty()); // Pat's arrival
        QCOMPARE(
            eventOf(dave.subscribe(room, member(4, named("Dave")))), QStringLiteral("relay:subscription_succeeded"));

        const QJsonObject relayAdded = relayWatcher.waitFor(QStringLiteral("relay:member_added"));
        QCOMPARE(
            WsClient::data(relayAdded), QJsonObject({ { "id", 4 }, { "user_id", 4 }, { "user_info", named("Dave") } }));
        const QJsonObject pusherAdded = pusherWatcher.waitFor(QStringLiteral("pusher_internal:member_added"));
        QCOMPARE(pusherAdded.value("channel").toString(), room);
        QCOMPARE(WsClient::data(pusherAdded), QJsonObject({ { "user_id", 4 }, { "user_info", named("Dave") } }));

        dave.socket().close();
        const QJsonObject relayRemoved = relayWatcher.waitFor(QStringLiteral("relay:member_removed"));
        QCOMPARE(WsClient::data(relayRemoved), QJsonObject({ { "id", 4 }, { "user_id", 4 } }));
        const QJsonObject pusherRemoved = pusherWatcher.waitFor(QStringLiteral("pusher_internal:member_removed"));
        QCOMPARE(WsClient::data(pusherRemoved), QJsonObject({ { "user_id", 4 } }));
        QVERIFY(pusherWatcher.sync());
        QVERIFY(!pusherWatcher.has(QStringLiteral("relay:member_added")));
        QVERIFY(!pusherWatcher.has(QStringLiteral("relay:member_removed")));
    }

    void rosterAfterLeavesAndRejoins()
    {
        // The roster text is kept between joins; a leave must show in the next subscriber's roster.
        WsClient a;
        WsClient b;
        WsClient c;
        QVERIFY(a.open(relay->ws()));
        QVERIFY(b.open(relay->ws()));
        QVERIFY(c.open(relay->ws()));
        a.subscribe(room, member("a", named("A")));
        b.subscribe(room, member("b", named("B")));
        b.socket().close();
        QVERIFY(!a.waitFor(QStringLiteral("relay:member_removed")).isEmpty());
        const QJsonObject third = c.subscribe(room, member(3, named("C")));
        const QJsonObject expected { { "count", 2 },
            { "ids", QJsonArray { "a", 3 } },
            { "hash", QJsonObject { { "a", named("A") }, { "3", named("C") } } } };
        QCOMPARE(WsClient::data(third), QJsonObject({ { "presence", expected } }));
        WsClient b2;
        QVERIFY(b2.open(relay->ws()));
        const QJsonObject back = b2.subscribe(room, member("b", named("B again")));
        const QJsonObject expectedBack { { "count", 3 },
            { "ids", QJsonArray { "a", 3, "b" } },
            { "hash", QJsonObject { { "a", named("A") }, { "3", named("C") }, { "b", named("B again") } } } };
        QCOMPARE(WsClient::data(back), QJsonObject({ { "presence", expectedBack } }));
    }

    void memberRemovedOnUnsubscribeAndOnDisconnect()
    {
        WsClient alice;
        WsClient bob;
        auto carol = std::make_unique<WsClient>();
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(bob.open(relay->ws()));
        QVERIFY(carol->open(relay->ws()));
        alice.subscribe(room, member(1, named("Alice")));
        bob.subscribe(room, member("bob", named("Bob")));
        carol->subscribe(room, member(3, named("Carol")));

        bob.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", room } } } });
        const QJsonObject removed = alice.waitFor(QStringLiteral("relay:member_removed"));
        QCOMPARE(removed.value("channel").toString(), room);
        QVERIFY(removed.value("data").isString());
        QCOMPARE(WsClient::data(removed), QJsonObject({ { "id", "bob" }, { "user_id", "bob" } }));
        QVERIFY(bob.sync());
        QVERIFY(!bob.has(QStringLiteral("relay:member_removed"))); // it left: nothing more from the channel

        carol.reset(); // disconnects
        const QJsonObject gone = alice.waitFor(QStringLiteral("relay:member_removed"));
        QCOMPARE(WsClient::data(gone), QJsonObject({ { "id", 3 }, { "user_id", 3 } }));
        const HttpResult users = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/users")));
        QCOMPARE(users.json.value("users").toArray(),
            QJsonArray({ QJsonObject { { "id", 1 }, { "user_info", named("Alice") } } }));
    }

    void disconnectLeavesEveryPresenceChannel()
    {
        WsClient watcher;
        auto leaver = std::make_unique<WsClient>();
        QVERIFY(watcher.open(relay->ws()));
        QVERIFY(leaver->open(relay->ws()));
        const QString lobby = QStringLiteral("presence-lobby");
        for (const QString &channel : { room, lobby }) {
            watcher.subscribe(channel, member(1));
            leaver->subscribe(channel, member(2));
        }
        leaver.reset();
        QStringList channels;
        for (int i = 0; i < 2; ++i) {
            const QJsonObject removed = watcher.waitFor(QStringLiteral("relay:member_removed"));
            QCOMPARE(WsClient::data(removed).value("user_id").toInt(), 2);
            channels.append(removed.value("channel").toString());
        }
        channels.sort();
        QCOMPARE(channels, QStringList({ lobby, room }));
    }

    void oneMemberPerUserHoweverManySockets()
    {
        WsClient alice;
        WsClient bobPhone;
        auto bobLaptop = std::make_unique<WsClient>();
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(bobPhone.open(relay->ws()));
        QVERIFY(bobLaptop->open(relay->ws()));
        alice.subscribe(room, member(1, named("Alice")));
        bobPhone.subscribe(room, member(2, named("Bob")));
        QVERIFY(!alice.waitFor(QStringLiteral("relay:member_added")).isEmpty());

        const QJsonObject second = bobLaptop->subscribe(room, member(2, named("Bob")));
        QCOMPARE(eventOf(second), QStringLiteral("relay:subscription_succeeded"));
        const QJsonObject presence = WsClient::data(second).value("presence").toObject();
        QCOMPARE(presence.value("count").toInt(), 2);
        QCOMPARE(presence.value("ids").toArray(), QJsonArray({ 1, 2 }));
        QVERIFY(alice.sync());
        QVERIFY(bobPhone.sync());
        QVERIFY(!alice.has(QStringLiteral("relay:member_added")));
        QVERIFY(!bobPhone.has(QStringLiteral("relay:member_added")));
        const QString usersPath = QStringLiteral("/apps/my-app/channels/presence-room/users");
        QCOMPARE(http.get(relay->http(usersPath)).json.value("users").toArray().size(), 2);

        // The phone leaves: Bob is still there on the laptop.
        bobPhone.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", room } } } });
        QVERIFY(bobPhone.sync());
        QVERIFY(alice.sync());
        QVERIFY(!alice.has(QStringLiteral("relay:member_removed")));
        QCOMPARE(http.get(relay->http(usersPath)).json.value("users").toArray().size(), 2);

        // The laptop disconnects: Bob's last socket is gone.
        bobLaptop.reset();
        const QJsonObject removed = alice.waitFor(QStringLiteral("relay:member_removed"));
        QCOMPARE(WsClient::data(removed), QJsonObject({ { "id", 2 }, { "user_id", 2 } }));
        QCOMPARE(http.get(relay->http(usersPath)).json.value("users").toArray().size(), 1);
        QVERIFY(alice.sync());
        QCOMPARE(alice.count(QStringLiteral("relay:member_removed")), 0);
    }

    void subscribingTwiceIsHarmless()
    {
        WsClient alice;
        WsClient bob;
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(bob.open(relay->ws()));
        alice.subscribe(room, member(1, named("Alice")));
        bob.subscribe(room, member(2, named("Bob")));
        QVERIFY(!alice.waitFor(QStringLiteral("relay:member_added")).isEmpty());

        const QJsonObject again = bob.subscribe(room, member(2, named("Bob")));
        QCOMPARE(eventOf(again), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(WsClient::data(again).value("presence").toObject().value("count").toInt(), 2);
        QVERIFY(alice.sync());
        QVERIFY(!alice.has(QStringLiteral("relay:member_added")));

        // One unsubscribe takes the socket out, however often it subscribed.
        bob.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", room } } } });
        QCOMPARE(WsClient::data(alice.waitFor(QStringLiteral("relay:member_removed"))).value("user_id").toInt(), 2);
        const HttpResult users = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/users")));
        QCOMPARE(users.json.value("users").toArray().size(), 1);
    }

    void userInfoMayBeLeftOut()
    {
        WsClient alice;
        WsClient bob;
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(bob.open(relay->ws()));
        alice.subscribe(room, member(1, named("Alice")));
        const QJsonObject joined = bob.subscribe(room, QStringLiteral("{\"user_id\":5}"));
        QCOMPARE(eventOf(joined), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(WsClient::data(joined).value("presence").toObject().value("hash").toObject(),
            QJsonObject({ { "1", named("Alice") }, { "5", QJsonObject {} } }));
        QCOMPARE(WsClient::data(alice.waitFor(QStringLiteral("relay:member_added"))),
            QJsonObject({ { "id", 5 }, { "user_id", 5 }, { "user_info", QJsonObject {} } }));
        const HttpResult users = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/users")));
        QCOMPARE(users.json.value("users").toArray().at(1).toObject(), QJsonObject({ { "id", 5 }, { "user_info", QJsonObject {} } }));
    }

    void userIdsAreKeptAsGiven()
    {
        WsClient numeric;
        WsClient text;
        QVERIFY(numeric.open(relay->ws()));
        QVERIFY(text.open(relay->ws()));
        numeric.subscribe(room, member(42, named("Number")));
        const QJsonObject joined = text.subscribe(room, member("u-42", named("Text")));
        const QJsonArray ids = WsClient::data(joined).value("presence").toObject().value("ids").toArray();
        QCOMPARE(ids.size(), 2);
        QVERIFY(ids.at(0).isDouble());
        QCOMPARE(ids.at(0).toInt(), 42);
        QVERIFY(ids.at(1).isString());
        QCOMPARE(ids.at(1).toString(), QStringLiteral("u-42"));

        const QJsonObject added = WsClient::data(numeric.waitFor(QStringLiteral("relay:member_added")));
        QVERIFY(added.value("user_id").isString());
        QVERIFY(added.value("id").isString());
        QCOMPARE(added.value("user_id").toString(), QStringLiteral("u-42"));

        const QJsonArray users
            = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/users"))).json.value("users").toArray();
        QCOMPARE(users.size(), 2);
        QVERIFY(users.at(0).toObject().value("id").isDouble());
        QCOMPARE(users.at(0).toObject().value("id").toInt(), 42);
        QVERIFY(users.at(1).toObject().value("id").isString());
        QCOMPARE(users.at(1).toObject().value("id").toString(), QStringLiteral("u-42"));

        text.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", room } } } });
        const QJsonObject removed = WsClient::data(numeric.waitFor(QStringLiteral("relay:member_removed")));
        QCOMPARE(removed, QJsonObject({ { "id", "u-42" }, { "user_id", "u-42" } }));
    }

    void usersEndpointListsMembersInJoinOrder()
    {
        const QString path = QStringLiteral("/apps/my-app/channels/presence-room/users");
        HttpResult empty = http.get(relay->http(path));
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.json, QJsonObject({ { "users", QJsonArray {} } }));

        WsClient carol;
        WsClient alice;
        WsClient bob;
        QVERIFY(carol.open(relay->ws()));
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(bob.open(relay->ws()));
        carol.subscribe(room, member(3, named("Carol")));
        alice.subscribe(room, member(1, named("Alice")));
        bob.subscribe(room, member(2, QJsonObject { { "name", "Bob" }, { "tags", QJsonArray { "a", "b" } } }));

        const HttpResult result = http.get(relay->http(path));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        const QJsonArray expected {
            QJsonObject { { "id", 3 }, { "user_info", named("Carol") } },
            QJsonObject { { "id", 1 }, { "user_info", named("Alice") } },
            QJsonObject { { "id", 2 }, { "user_info", QJsonObject { { "name", "Bob" }, { "tags", QJsonArray { "a", "b" } } } } },
        };
        QCOMPARE(result.json, QJsonObject({ { "users", expected } }));
        QCOMPARE(http.get(relay->http(path), QByteArray()).status, 401);
    }

    void usersOfNonPresenceChannelIsBadRequest_data()
    {
        QTest::addColumn<QString>("channel");
        QTest::newRow("public") << QStringLiteral("chat");
        QTest::newRow("private") << QStringLiteral("private-room");
    }

    void usersOfNonPresenceChannelIsBadRequest()
    {
        QFETCH(QString, channel);
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        QCOMPARE(eventOf(client.subscribe(channel)), QStringLiteral("relay:subscription_succeeded"));
        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/%1/users").arg(channel)));
        QCOMPARE(result.status, 400);
        QVERIFY(!result.json.value("error").toString().isEmpty());
    }

    void badChannelDataIsRefused_data()
    {
        QTest::addColumn<QJsonValue>("channelData"); // undefined: left out
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("not json") << QJsonValue("not json");
        QTest::newRow("json array") << QJsonValue("[1,2]");
        QTest::newRow("no user_id") << QJsonValue("{\"user_info\":{\"name\":\"Alice\"}}");
        QTest::newRow("null user_id") << QJsonValue("{\"user_id\":null}");
        QTest::newRow("object user_id") << QJsonValue("{\"user_id\":{\"a\":1}}");
        QTest::newRow("bool user_id") << QJsonValue("{\"user_id\":true}");
        QTest::newRow("not a string") << QJsonValue(QJsonObject { { "user_id", 1 } });
    }

    void badChannelDataIsRefused()
    {
        QFETCH(QJsonValue, channelData);
        WsClient watcher;
        WsClient client;
        QVERIFY(watcher.open(relay->ws()));
        QVERIFY(client.open(relay->ws()));
        watcher.subscribe(room, member(1));
        const QString signedData = channelData.isString() ? channelData.toString() : QString();
        QJsonObject data { { "channel", room }, { "auth", signChannel(client.socketId(), room, signedData) } };
        if (!channelData.isUndefined())
            data.insert("channel_data", channelData);
        client.send({ { "event", "relay:subscribe" }, { "data", data } });

        const QJsonObject error = client.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(error.value("channel").toString(), room);
        QCOMPARE(WsClient::data(error).value("code").toInt(), 4009);
        QVERIFY(!WsClient::data(error).value("message").toString().isEmpty());
        QVERIFY(client.sync()); // the socket stays open
        QVERIFY(!client.has(QStringLiteral("relay:subscription_succeeded")));
        QVERIFY(watcher.sync());
        QVERIFY(!watcher.has(QStringLiteral("relay:member_added")));
        const HttpResult users = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/users")));
        QCOMPARE(users.json.value("users").toArray().size(), 1);
    }

    void wrongSignatureIsRefused()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        const QString alice = member(1, named("Alice"));

        // Signed with another secret.
        QJsonObject frame = client.subscribe(room, alice, QStringLiteral("not-my-secret"));
        QCOMPARE(eventOf(frame), QStringLiteral("relay:error"));
        QCOMPARE(WsClient::data(frame).value("code").toInt(), 4009);

        // Signed for other channel_data than the one sent: a user cannot swap in another identity.
        const QJsonObject data { { "channel", room }, { "auth", signChannel(client.socketId(), room, alice) },
            { "channel_data", member(1, named("Mallory")) } };
        client.send({ { "event", "relay:subscribe" }, { "data", data } });
        frame = client.waitFor(QStringLiteral("relay:error"));
        QCOMPARE(frame.value("channel").toString(), room);
        QCOMPARE(WsClient::data(frame).value("code").toInt(), 4009);

        // Signed without channel_data, as for a private channel.
        const QJsonObject unsignedData { { "channel", room }, { "auth", signChannel(client.socketId(), room) },
            { "channel_data", alice } };
        client.send({ { "event", "relay:subscribe" }, { "data", unsignedData } });
        QCOMPARE(WsClient::data(client.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4009);

        // No auth at all.
        client.send({ { "event", "relay:subscribe" }, { "data", QJsonObject { { "channel", room }, { "channel_data", alice } } } });
        QCOMPARE(WsClient::data(client.waitFor(QStringLiteral("relay:error"))).value("code").toInt(), 4009);

        QVERIFY(client.sync());
        QVERIFY(!client.has(QStringLiteral("relay:subscription_succeeded")));
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/users"))).json.value("users").toArray().size(), 0);
        // Correctly signed, the same socket gets in.
        QCOMPARE(eventOf(client.subscribe(room, alice)), QStringLiteral("relay:subscription_succeeded"));
    }

    void fullChannelRefusesNewUsers()
    {
        Relay::RelayConfig config = testConfig();
        config.apps[0].maxPresenceMembers = 2;
        relay = std::make_unique<TestRelay>(config);
        QVERIFY(relay->started());

        WsClient alice;
        WsClient bob;
        WsClient carol;
        WsClient aliceAgain;
        QVERIFY(alice.open(relay->ws()));
        QVERIFY(bob.open(relay->ws()));
        QVERIFY(carol.open(relay->ws()));
        QVERIFY(aliceAgain.open(relay->ws()));
        QCOMPARE(eventOf(alice.subscribe(room, member(1))), QStringLiteral("relay:subscription_succeeded"));
        QCOMPARE(eventOf(bob.subscribe(room, member(2))), QStringLiteral("relay:subscription_succeeded"));

        const QJsonObject refused = carol.subscribe(room, member(3));
        QCOMPARE(eventOf(refused), QStringLiteral("relay:error"));
        QCOMPARE(refused.value("channel").toString(), room);
        QCOMPARE(WsClient::data(refused).value("code").toInt(), 4015);
        QVERIFY(carol.sync()); // still open

        // An existing member's second socket is not a new member.
        QCOMPARE(eventOf(aliceAgain.subscribe(room, member(1))), QStringLiteral("relay:subscription_succeeded"));
        // Another channel has its own count.
        QCOMPARE(eventOf(carol.subscribe(QStringLiteral("presence-other"), member(3))),
            QStringLiteral("relay:subscription_succeeded"));

        bob.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", room } } } });
        QVERIFY(!alice.waitFor(QStringLiteral("relay:member_removed")).isEmpty());
        QCOMPARE(eventOf(carol.subscribe(room, member(3))), QStringLiteral("relay:subscription_succeeded"));
        const HttpResult users = http.get(relay->http(QStringLiteral("/apps/my-app/channels/presence-room/users")));
        QCOMPARE(users.json.value("users").toArray().size(), 2);
    }
};

QTEST_GUILESS_MAIN(PresenceTest)
#include "tst_presence.moc"
