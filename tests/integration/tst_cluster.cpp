// SPDX-License-Identifier: MIT
// Several relay processes as one over a real redis-server: fan-out of publishes and client events, socket
// exclusion across nodes, shared history, and the node's view of Redis going away and coming back.
#include "clusterkit.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace RelayTest;

class ClusterTest : public QObject {
    Q_OBJECT
private:
    RedisServer m_redis;
    QTemporaryDir m_dir;
    QString m_config; ///< a short node timeout, so that a killed node is noticed quickly
    RelayProcess m_a;
    RelayProcess m_b;
    Http m_http;

    QStringList nodeArguments(const QString &name) const
    {
        return { "--redis", m_redis.url(), "--node", name, "--config", m_config };
    }
    int usersOn(RelayProcess &node, const QString &channel)
    {
        return m_http.get(node.http("/apps/my-app/channels/" + channel + "/users"))
            .json.value("users")
            .toArray()
            .size();
    }

    HttpResult publish(RelayProcess &node, const QString &channel, const QString &event, const QString &socketId = {})
    {
        QJsonObject body { { "channel", channel }, { "event", event }, { "data", "{\"n\":1}" } };
        if (!socketId.isEmpty())
            body.insert("socket_id", socketId);
        return m_http.postJson(node.http("/apps/my-app/events"), body);
    }

    static QString hmac(const QByteArray &text)
    {
        return QString::fromLatin1(
            QMessageAuthenticationCode::hash(text, "my-secret", QCryptographicHash::Sha256).toHex());
    }

    /// A Pusher server SDK's signed request (auth_key, auth_timestamp, auth_version, body_md5, auth_signature).
    HttpResult pusherPost(RelayProcess &node, const QString &path, const QByteArray &body)
    {
        const QString query
            = QStringLiteral("auth_key=my-key&auth_timestamp=%1&auth_version=1.0&body_md5=%2")
                  .arg(QDateTime::currentSecsSinceEpoch())
                  .arg(QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Md5).toHex()));
        const QString signature = hmac(("POST\n" + path + "\n" + query).toUtf8());
        return m_http.send("POST",
            node.http(path + "?" + query + "&auth_signature=" + signature),
            body,
            { { "Content-Type", "application/json" } });
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!RedisServer::available())
            QSKIP("redis-server is not installed (Debian package redis-server; packaging/setup.sh installs it)");
        QVERIFY(m_redis.start());
        m_config = m_dir.filePath("cluster.json");
        QFile config(m_config);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"redis_node_timeout_s": 2, "apps": [{"id": "my-app", "key": "my-key", "secret": "my-secret"},
            {"id": "small", "key": "small-key", "secret": "small-secret", "max_connections": 2}]})");
        config.close();
        QVERIFY(m_a.start(nodeArguments("a")));
        QVERIFY(m_b.start(nodeArguments("b")));
        QVERIFY(waitForStatus(m_http, m_a.http("/health"), 200));
        QVERIFY(waitForStatus(m_http, m_b.http("/health"), 200));
    }

    void publishOnOneNodeReachesSubscribersOnEveryNodeOnce()
    {
        WsClient onA;
        WsClient onB;
        QVERIFY(onA.open(m_a.ws()));
        QVERIFY(onB.open(m_b.ws()));
        onA.subscribe("news");
        onB.subscribe("news");
        QCOMPARE(publish(m_a, "news", "first").status, 200);
        QCOMPARE(onA.waitFor("first").value("channel").toString(), QStringLiteral("news"));
        QCOMPARE(WsClient::data(onB.waitFor("first")).value("n").toInt(), 1);
        // A second event published on the other node, then a round trip: nothing arrives twice.
        QCOMPARE(publish(m_b, "news", "second").status, 200);
        QVERIFY(!onA.waitFor("second").isEmpty());
        QVERIFY(!onB.waitFor("second").isEmpty());
        QVERIFY(onA.sync());
        QVERIFY(onB.sync());
        QCOMPARE(onA.count("first") + onA.count("second"), 0);
        QCOMPARE(onB.count("first") + onB.count("second"), 0);
    }

    void excludedSocketIsSkippedOnItsOwnNode()
    {
        WsClient excluded;
        WsClient other;
        QVERIFY(excluded.open(m_b.ws()));
        QVERIFY(other.open(m_b.ws()));
        excluded.subscribe("room");
        other.subscribe("room");
        QCOMPARE(publish(m_a, "room", "update", excluded.socketId()).status, 200);
        QVERIFY(!other.waitFor("update").isEmpty());
        QVERIFY(excluded.sync());
        QCOMPARE(excluded.count("update"), 0);
    }

    void clientEventsCrossNodesButNotBackToTheSender()
    {
        WsClient sender;
        WsClient receiver;
        QVERIFY(sender.open(m_a.ws()));
        QVERIFY(receiver.open(m_b.ws()));
        QCOMPARE(eventOf(sender.subscribe("private-chat")), QStringLiteral("relay:subscription_succeeded"));
        receiver.subscribe("private-chat");
        sender.send({ { "event", "client-typing" }, { "channel", "private-chat" }, { "data", "{\"who\":\"a\"}" } });
        QCOMPARE(WsClient::data(receiver.waitFor("client-typing")).value("who").toString(), QStringLiteral("a"));
        QVERIFY(sender.sync());
        QCOMPARE(sender.count("client-typing"), 0);
        QVERIFY(receiver.sync());
        QCOMPARE(receiver.count("client-typing"), 0);
    }

    void historyIsSharedBetweenNodes()
    {
        QCOMPARE(publish(m_a, "logbook", "entry").status, 200);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const HttpResult history = m_http.get(m_b.http("/apps/my-app/channels/logbook/events"));
                return history.json.value("events").toArray().size() == 1;
            },
            timeoutMs));
        const QJsonObject event = m_http.get(m_b.http("/apps/my-app/channels/logbook/events"))
                                      .json.value("events")
                                      .toArray()
                                      .first()
                                      .toObject();
        QCOMPARE(event.value("event").toString(), QStringLiteral("entry"));
        QCOMPARE(event.value("source").toString(), QStringLiteral("api"));
    }

    void presenceIsClusterWide()
    {
        const QString room = QStringLiteral("presence-hall");
        WsClient alice;
        WsClient bobPhone;
        auto bobLaptop = std::make_unique<WsClient>();
        QVERIFY(alice.open(m_a.ws()));
        QVERIFY(bobPhone.open(m_b.ws()));
        QVERIFY(bobLaptop->open(m_a.ws()));
        alice.subscribe(room, member(1));
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(m_b, room), 1, timeoutMs);
        // Bob's first socket, on the other node, sees Alice; Alice is told Bob arrived.
        const QJsonObject joined = bobPhone.subscribe(room, member(2));
        const QJsonObject presence = WsClient::data(joined).value("presence").toObject();
        QCOMPARE(presence.value("count").toInt(), 2);
        QCOMPARE(presence.value("ids").toArray(), QJsonArray({ 1, 2 }));
        QCOMPARE(WsClient::data(alice.waitFor("relay:member_added")).value("user_id").toInt(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(m_a, room), 2, timeoutMs);

        // Bob again, on Alice's node: still one member, nobody is told twice.
        bobLaptop->subscribe(room, member(2));
        QVERIFY(alice.sync());
        QVERIFY(!alice.has("relay:member_added"));
        const QJsonObject channel = m_http.get(m_b.http("/apps/my-app/channels/" + room)).json;
        QCOMPARE(channel.value("user_count").toInt(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_http.get(m_b.http("/apps/my-app/channels/" + room)).json.value("subscriber_count").toInt(), 3, timeoutMs);

        // The phone goes: Bob is still on the laptop. Then the laptop goes: Bob has left everywhere.
        bobPhone.socket().close();
        QVERIFY(bobPhone.waitClosed());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_http.get(m_a.http("/apps/my-app/channels/" + room)).json.value("subscriber_count").toInt(), 2, timeoutMs);
        QVERIFY(alice.sync());
        QVERIFY(!alice.has("relay:member_removed"));
        bobLaptop.reset();
        QCOMPARE(WsClient::data(alice.waitFor("relay:member_removed")).value("user_id").toInt(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(m_b, room), 1, timeoutMs);
    }

    void pusherTriggerInfoCountsTheCluster()
    {
        const QString room = QStringLiteral("presence-trigger-info");
        WsClient onA;
        WsClient onB;
        WsClient alsoOnB;
        QVERIFY(onA.open(m_a.ws()));
        QVERIFY(onB.open(m_b.ws()));
        QVERIFY(alsoOnB.open(m_b.ws()));
        onA.subscribe(room, member("a"));
        onB.subscribe(room, member("b"));
        alsoOnB.subscribe(room, member("b"));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_http.get(m_a.http("/apps/my-app/channels/" + room)).json.value("subscriber_count").toInt(), 3, timeoutMs);
        const QJsonObject body {
            { "name", "ping" }, { "channel", room }, { "data", "{}" }, { "info", "user_count,subscription_count" }
        };
        const HttpResult answer = pusherPost(m_a, "/apps/my-app/events", QJsonDocument(body).toJson());
        QCOMPARE(answer.status, 200);
        const QJsonObject counts = answer.json.value("channels").toObject().value(room).toObject();
        QCOMPARE(counts.value("subscription_count").toInt(), 3);
        QCOMPARE(counts.value("user_count").toInt(), 2);
    }

    void lateNodeSeesEarlierHistoryAndCachedEvents()
    {
        QCOMPARE(publish(m_a, "before-late", "early").status, 200);
        QCOMPARE(publish(m_b, "cache-before-late", "cached").status, 200);
        RelayProcess late;
        QVERIFY(late.start(nodeArguments("late")));
        QVERIFY(waitForStatus(m_http, late.http("/health"), 200));
        const auto eventNames = [&](const QString &path) {
            QStringList names;
            for (const QJsonValue &event : m_http.get(late.http(path)).json.value("events").toArray())
                names.append(event.toObject().value("event").toString());
            return names;
        };
        QTRY_COMPARE_WITH_TIMEOUT(
            eventNames("/apps/my-app/channels/before-late/events"), QStringList { "early" }, timeoutMs);
        const QStringList log = eventNames("/apps/my-app/events/log");
        QVERIFY2(log.contains("early") && log.contains("cached"), qPrintable(log.join(",")));
        const QJsonObject first = m_http.get(late.http("/apps/my-app/channels/before-late/events"))
                                      .json.value("events")
                                      .toArray()
                                      .first()
                                      .toObject();
        QCOMPARE(first.value("channel").toString(), QStringLiteral("before-late"));
        QCOMPARE(first.value("data").toString(), QStringLiteral("{\"n\":1}"));
        WsClient subscriber;
        QVERIFY(subscriber.open(late.ws()));
        subscriber.subscribe("cache-before-late");
        QCOMPARE(WsClient::data(subscriber.waitFor("cached")).value("n").toInt(), 1);
        QVERIFY(subscriber.sync());
        QVERIFY(!subscriber.has("relay:cache_miss"));
        // Published after the late node joined: recorded once there, however it arrived.
        QCOMPARE(publish(m_a, "before-late", "after").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(eventNames("/apps/my-app/channels/before-late/events").size(), 2, timeoutMs);
        QVERIFY(subscriber.sync());
        QCOMPARE(eventNames("/apps/my-app/channels/before-late/events").count("early"), 1);
    }

    void killedNodesMembersAreRemovedAfterTheTimeout()
    {
        const QString room = QStringLiteral("presence-crash");
        WsClient watcher;
        QVERIFY(watcher.open(m_a.ws()));
        watcher.subscribe(room, member("watcher"));
        RelayProcess doomed;
        QVERIFY(doomed.start(nodeArguments("c")));
        QVERIFY(waitForStatus(m_http, doomed.http("/health"), 200));
        WsClient victim;
        QVERIFY(victim.open(doomed.ws()));
        victim.subscribe(room, member("victim"));
        QCOMPARE(WsClient::data(watcher.waitFor("relay:member_added")).value("user_id").toString(),
            QStringLiteral("victim"));
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(m_b, room), 2, timeoutMs);

        doomed.kill();
        // Two seconds of silence, then every live node drops the dead node's members.
        const QJsonObject removed = watcher.waitFor("relay:member_removed", 3 * timeoutMs);
        QCOMPARE(WsClient::data(removed).value("user_id").toString(), QStringLiteral("victim"));
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(m_b, room), 1, timeoutMs);
        QCOMPARE(usersOn(m_a, room), 1);
    }

    void terminateClosesTheUsersSocketsOnEveryNode()
    {
        WsClient onA;
        WsClient onB;
        WsClient bystander;
        for (auto [client, node] : { std::pair { &onA, &m_a }, std::pair { &onB, &m_b } }) {
            QVERIFY(client->open(node->ws("?protocol=7")));
            const QString userData = QStringLiteral("{\"id\":\"u1\"}");
            client->send({ { "event", "pusher:signin" },
                { "data",
                    QJsonObject { { "auth", "my-key:" + hmac((client->socketId() + "::user::" + userData).toUtf8()) },
                        { "user_data", userData } } } });
            QVERIFY(!client->waitFor("pusher:signin_success").isEmpty());
        }
        QVERIFY(bystander.open(m_b.ws()));
        const HttpResult answer = pusherPost(m_a, "/apps/my-app/users/u1/terminate_connections", "{}");
        QCOMPARE(answer.status, 200);
        QVERIFY(onA.waitClosed());
        QVERIFY(onB.waitClosed());
        QCOMPARE(onB.closeCode(), 4009);
        QVERIFY(bystander.sync());
        QVERIFY(bystander.isConnected());
    }

    void appConnectionLimitCountsTheCluster()
    {
        const auto smallApp = [](RelayProcess &node) {
            return QUrl(QStringLiteral("ws://127.0.0.1:%1/app/small-key").arg(node.port()));
        };
        const auto clusterConnections = [&](RelayProcess &node) {
            int total = 0;
            const QJsonObject stats = m_http.get(node.http("/stats")).json;
            for (const QJsonValue &entry : stats.value("cluster").toObject().value("nodes").toArray())
                total += entry.toObject().value("apps").toObject().value("small").toInt();
            return total;
        };
        WsClient first;
        WsClient second;
        QVERIFY(first.open(smallApp(m_a)));
        QVERIFY(second.open(smallApp(m_b)));
        QTRY_COMPARE_WITH_TIMEOUT(clusterConnections(m_a), 2, timeoutMs);
        // The app's limit is 2 and both are taken, one on each node: a third on either is refused.
        WsClient third;
        third.openRaw(smallApp(m_a));
        QVERIFY(third.waitClosed());
        QCOMPARE(third.closeCode(), 4004);
        second.socket().close();
        QVERIFY(second.waitClosed());
        QTRY_COMPARE_WITH_TIMEOUT(clusterConnections(m_a), 1, timeoutMs);
        WsClient again;
        QVERIFY(again.open(smallApp(m_a)));
    }

    void redisGoingAwayDegradesHealthAndComingBackHealsFanOut()
    {
        const QString room = QStringLiteral("presence-outage");
        WsClient onA;
        WsClient onB;
        auto leaver = std::make_unique<WsClient>();
        QVERIFY(onA.open(m_a.ws()));
        QVERIFY(onB.open(m_b.ws()));
        QVERIFY(leaver->open(m_b.ws()));
        onA.subscribe("outage");
        onB.subscribe("outage");
        onA.subscribe(room, member("stayer"));
        leaver->subscribe(room, member("leaver"));
        QVERIFY(!onA.waitFor("relay:member_added").isEmpty());
        m_redis.stop();
        QVERIFY(waitForStatus(m_http, m_a.http("/health"), 503));
        const HttpResult health = m_http.get(m_a.http("/health"));
        QCOMPARE(health.json.value("status").toString(), QStringLiteral("degraded"));
        // Local clients are still served while the cluster is away; the message for the others is counted.
        QCOMPARE(publish(m_a, "outage", "alone").status, 200);
        QVERIFY(!onA.waitFor("alone").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            m_http.get(m_a.http("/stats")).json.value("cluster").toObject().value("messages_dropped").toInt() >= 1,
            timeoutMs);
        // A member leaves while nobody can be told.
        leaver.reset();
        QVERIFY(onA.sync());
        QVERIFY(!onA.has("relay:member_removed"));

        QVERIFY(m_redis.start());
        QVERIFY(waitForStatus(m_http, m_a.http("/health"), 200, 3 * timeoutMs));
        QVERIFY(waitForStatus(m_http, m_b.http("/health"), 200, 3 * timeoutMs));
        // The nodes send their whole state again: what B no longer holds leaves A's view.
        QCOMPARE(
            WsClient::data(onA.waitFor("relay:member_removed")).value("user_id").toString(), QStringLiteral("leaver"));
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(m_a, room), 1, timeoutMs);
        QCOMPARE(publish(m_a, "outage", "together").status, 200);
        QVERIFY(!onB.waitFor("together").isEmpty());
        QVERIFY(onB.sync());
        QCOMPARE(onB.count("alone"), 0);
    }

    void aclUserFromTheUrlIsUsed()
    {
        // A Redis of its own whose default user is off: only the ACL user the test creates may connect.
        RedisServer guarded;
        QVERIFY(guarded.start());
        QTcpSocket admin;
        admin.connectToHost(QHostAddress::LocalHost, guarded.port());
        QVERIFY(admin.waitForConnected(timeoutMs));
        admin.write("ACL SETUSER relay on >p@ss ~* &* +@all\r\nACL SETUSER default off\r\n");
        QByteArray answers;
        QVERIFY(QTest::qWaitFor(
            [&] {
                answers += admin.readAll();
                return answers.count("\r\n") >= 2;
            },
            timeoutMs));
        QCOMPARE(answers, QByteArray("+OK\r\n+OK\r\n"));
        const QString url = QStringLiteral("redis://relay:p%40ss@127.0.0.1:%1").arg(guarded.port());
        RelayProcess member;
        QVERIFY(member.start({ "--redis", url, "--node", "acl" }));
        QVERIFY(waitForStatus(m_http, member.http("/health"), 200));
        RelayProcess intruder;
        QVERIFY(intruder.start(
            { "--redis", QStringLiteral("redis://relay:wrong@127.0.0.1:%1").arg(guarded.port()), "--node", "no" }));
        QTRY_VERIFY_WITH_TIMEOUT(m_http.get(intruder.http("/health"))
                                     .json.value("cluster")
                                     .toObject()
                                     .value("error")
                                     .toString()
                                     .contains("AUTH"),
            timeoutMs);
        QCOMPARE(m_http.get(intruder.http("/health")).status, 503);
    }

    void redisUnreachableAtStartStillServesLocalClients()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        RelayProcess lonely;
        QVERIFY(
            lonely.start({ "--redis", QStringLiteral("redis://127.0.0.1:%1").arg(closedPort), "--node", "lonely" }));
        const HttpResult health = m_http.get(lonely.http("/health"));
        QCOMPARE(health.status, 503);
        QCOMPARE(health.json.value("status").toString(), QStringLiteral("degraded"));
        QCOMPARE(health.json.value("cluster").toObject().value("redis").toString(), QStringLiteral("unreachable"));
        WsClient local;
        QVERIFY(local.open(lonely.ws()));
        local.subscribe("here");
        QCOMPARE(publish(lonely, "here", "still-served").status, 200);
        QVERIFY(!local.waitFor("still-served").isEmpty());
    }

    void badRedisUrlIsRefusedAtStart()
    {
        QProcess process;
        process.start(QStringLiteral(RELAYDESK_BINARY), { "--no-gui", "--port", "0", "--redis", "http://nowhere" });
        QVERIFY(process.waitForFinished(timeoutMs));
        QCOMPARE(process.exitCode(), 1); // every startup failure: one line and exit 1
        QVERIFY(process.readAllStandardError().contains("redis://"));
    }
};

QTEST_MAIN(ClusterTest)
#include "tst_cluster.moc"
