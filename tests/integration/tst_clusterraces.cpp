// SPDX-License-Identifier: MIT
// Several relay processes over a real redis-server doing things at the same moment: presence joins and leaves on
// both nodes, first subscribers racing for channel_occupied, webhooks once per cluster, a killed node's webhooks.
#include "clusterkit.h"
#include "webhookreceiver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace RelayTest;

class ClusterRacesTest : public QObject {
    Q_OBJECT
private:
    RedisServer m_redis;
    QTemporaryDir m_dir;
    Http m_http;

    int usersOn(RelayProcess &node, const QString &channel)
    {
        return m_http.get(node.http("/apps/my-app/channels/" + channel + "/users"))
            .json.value("users")
            .toArray()
            .size();
    }

    /// A client's view of a presence channel from its frames in arrival order: subscription_succeeded's ids,
    /// then member_added and member_removed. `problems` gets every frame that contradicts the view so far.
    static QSet<QString> presenceView(const WsClient &client, const QString &channel, QStringList &problems)
    {
        QSet<QString> view;
        for (const QJsonObject &frame : client.frames) {
            if (frame.value("channel").toString() != channel)
                continue;
            const QString event = eventOf(frame);
            const QJsonObject data = WsClient::data(frame);
            if (event.endsWith("subscription_succeeded")) {
                for (const QJsonValue &id : data.value("presence").toObject().value("ids").toArray())
                    view.insert(id.toString());
            } else if (event.endsWith("member_added")) {
                const QString id = data.value("user_id").toString();
                if (view.contains(id))
                    problems.append("member_added for " + id + ", already listed");
                view.insert(id);
            } else if (event.endsWith("member_removed")) {
                const QString id = data.value("user_id").toString();
                if (!view.remove(id))
                    problems.append("member_removed for " + id + ", not listed");
            }
        }
        return view;
    }

    /// Sends a signed subscribe frame without waiting for the answer.
    static void sendSubscribe(WsClient &client, const QString &channel, const QString &channelData)
    {
        client.send({ { "event", "relay:subscribe" },
            { "data",
                QJsonObject { { "channel", channel },
                    { "auth", signChannel(client.socketId(), channel, channelData) },
                    { "channel_data", channelData } } } });
    }

    /// A config for a cluster of its own (`prefix`) whose app sends every webhook to `url` without hold-back.
    QString hookConfig(const QString &name, const QString &prefix, const QString &url, int nodeTimeoutSeconds)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QJsonDocument(QJsonObject { { "redis_prefix", prefix },
                                     { "redis_node_timeout_s", nodeTimeoutSeconds },
                                     { "apps",
                                         QJsonArray { QJsonObject { { "id", "my-app" },
                                             { "key", "my-key" },
                                             { "secret", "my-secret" },
                                             { "webhook_hold_back_ms", 0 },
                                             { "webhooks", QJsonArray { QJsonObject { { "url", url } } } } } } } })
                       .toJson());
        return path;
    }

    /// Nodes "c" and "d" with `config`, each answering and each knowing the other.
    bool startPair(RelayProcess &c, RelayProcess &d, const QString &config)
    {
        return c.start({ "--redis", m_redis.url(), "--node", "c", "--config", config })
            && d.start({ "--redis", m_redis.url(), "--node", "d", "--config", config })
            && waitForStatus(m_http, c.http("/health"), 200) && waitForStatus(m_http, d.http("/health"), 200)
            && QTest::qWaitFor([&] { return nodeNames(c).size() == 2 && nodeNames(d).size() == 2; }, timeoutMs);
    }

    /// Webhook events named `name` whose `field` is `value`.
    static int countHooks(const WebhookReceiver &receiver, const char *name, const char *field, const QString &value)
    {
        int n = 0;
        for (const QJsonObject &event : receiver.events())
            n += event.value("name").toString() == QLatin1String(name) && event.value(field).toString() == value;
        return n;
    }

    QStringList nodeNames(RelayProcess &node)
    {
        QStringList names;
        for (const QJsonValue &entry :
            m_http.get(node.http("/stats")).json.value("cluster").toObject().value("nodes").toArray())
            names.append(entry.toObject().value("name").toString());
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!RedisServer::available())
            QSKIP("redis-server is not installed (Debian package redis-server; packaging/setup.sh installs it)");
        QVERIFY(m_redis.start());
    }

    void concurrentJoinsOnTwoNodesConvergeWithoutDuplicates()
    {
        // Members joining on both nodes at the same moment: each node's subscription_succeeded may lack the
        // other node's newcomer, who then arrives as member_added. Whatever the interleaving, every client's
        // view (subscription_succeeded, then member_added and member_removed) ends with every member exactly
        // once, and nobody is removed who did not leave.
        RelayProcess a;
        RelayProcess b;
        QVERIFY(a.start({ "--redis", m_redis.url(), "--node", "a" }));
        QVERIFY(b.start({ "--redis", m_redis.url(), "--node", "b" }));
        QVERIFY(waitForStatus(m_http, a.http("/health"), 200));
        QVERIFY(waitForStatus(m_http, b.http("/health"), 200));
        QTRY_COMPARE_WITH_TIMEOUT(nodeNames(a).size(), 2, timeoutMs);
        for (int round = 0; round < 6; ++round) {
            const QString room = QStringLiteral("presence-race-%1").arg(round);
            WsClient watcherOnA;
            WsClient watcherOnB;
            QVERIFY(watcherOnA.open(a.ws()));
            QVERIFY(watcherOnB.open(b.ws()));
            sendSubscribe(watcherOnA, room, member("wa")); // the answers stay in frames, for presenceView
            sendSubscribe(watcherOnB, room, member("wb"));
            QTRY_COMPARE_WITH_TIMEOUT(usersOn(a, room), 2, timeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(usersOn(b, room), 2, timeoutMs);
            WsClient alice; // on A
            WsClient bob; // on B
            WsClient carolOnA; // carol on both nodes at once
            WsClient carolOnB;
            QVERIFY(alice.open(a.ws()));
            QVERIFY(bob.open(b.ws()));
            QVERIFY(carolOnA.open(a.ws()));
            QVERIFY(carolOnB.open(b.ws()));
            sendSubscribe(alice, room, member("alice"));
            sendSubscribe(bob, room, member("bob"));
            sendSubscribe(carolOnA, room, member("carol"));
            sendSubscribe(carolOnB, room, member("carol"));
            const QSet<QString> everyone { "wa", "wb", "alice", "bob", "carol" };
            const std::vector<WsClient *> clients { &watcherOnA, &watcherOnB, &alice, &bob, &carolOnA, &carolOnB };
            for (WsClient *client : clients) {
                QStringList problems;
                QTRY_COMPARE_WITH_TIMEOUT(presenceView(*client, room, problems), everyone, timeoutMs);
            }
            QTRY_COMPARE_WITH_TIMEOUT(usersOn(a, room), 5, timeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(usersOn(b, room), 5, timeoutMs);
            for (WsClient *client : clients) {
                QVERIFY(client->sync());
                QStringList problems;
                QCOMPARE(presenceView(*client, room, problems), everyone);
                QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
            }
            // Carol leaves both nodes at the same moment: each watcher is told once.
            carolOnA.socket().close();
            carolOnB.socket().close();
            const QSet<QString> stayers { "wa", "wb", "alice", "bob" };
            for (WsClient *client : { &watcherOnA, &watcherOnB, &alice, &bob }) {
                QStringList problems;
                QTRY_COMPARE_WITH_TIMEOUT(presenceView(*client, room, problems), stayers, timeoutMs);
                QVERIFY(client->sync());
                QCOMPARE(presenceView(*client, room, problems), stayers);
                QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
            }
        }
    }

    void webhooksFireOncePerCluster()
    {
        WebhookReceiver receiver;
        // Two nodes in a cluster of their own (another prefix), sending webhooks without hold-back.
        const QString config = m_dir.filePath("hooks.json");
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject { { "redis_prefix", "hooks" },
                              { "apps",
                                  QJsonArray { QJsonObject { { "id", "my-app" },
                                      { "key", "my-key" },
                                      { "secret", "my-secret" },
                                      { "webhook_hold_back_ms", 0 },
                                      { "webhooks", QJsonArray { QJsonObject { { "url", receiver.url() } } } } } } } })
                .toJson());
        file.close();
        RelayProcess c;
        RelayProcess d;
        QVERIFY(c.start({ "--redis", m_redis.url(), "--node", "c", "--config", config }));
        QVERIFY(d.start({ "--redis", m_redis.url(), "--node", "d", "--config", config }));
        QVERIFY(waitForStatus(m_http, c.http("/health"), 200));
        QVERIFY(waitForStatus(m_http, d.http("/health"), 200));
        const QString room = QStringLiteral("presence-hooks");
        const auto count = [&](const char *name) { return int(receiver.eventNames().count(QLatin1String(name))); };

        auto aliceOnC = std::make_unique<WsClient>();
        auto aliceOnD = std::make_unique<WsClient>();
        auto bobOnD = std::make_unique<WsClient>();
        QVERIFY(aliceOnC->open(c.ws()));
        aliceOnC->subscribe(room, member("alice"));
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(d, room), 1, timeoutMs);
        // Alice again on the other node, then Bob there: the channel was occupied once, Alice added once.
        QVERIFY(aliceOnD->open(d.ws()));
        aliceOnD->subscribe(room, member("alice"));
        QVERIFY(bobOnD->open(d.ws()));
        bobOnD->subscribe(room, member("bob"));
        QTRY_COMPARE_WITH_TIMEOUT(count("member_added"), 2, timeoutMs);
        QCOMPARE(count("channel_occupied"), 1);

        // Alice leaves C but is still on D: no member_removed. Then D empties: Alice and Bob go, the channel
        // is vacated, each once.
        aliceOnC.reset();
        QTRY_COMPARE_WITH_TIMEOUT(
            m_http.get(d.http("/apps/my-app/channels/" + room)).json.value("subscriber_count").toInt(), 2, timeoutMs);
        QCOMPARE(count("member_removed"), 0);
        aliceOnD.reset();
        bobOnD.reset();
        QTRY_COMPARE_WITH_TIMEOUT(count("channel_vacated"), 1, timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(count("member_removed"), 2, timeoutMs);
        QCOMPARE(count("member_added"), 2);
        QCOMPARE(count("channel_occupied"), 1);
    }

    void killedNodesWebhooksAreSentOnceByTheOthers()
    {
        WebhookReceiver receiver;
        const QString config = hookConfig("crash-hooks.json", "crash", receiver.url(), 2);
        RelayProcess c;
        RelayProcess d;
        auto doomed = std::make_unique<RelayProcess>();
        QVERIFY(c.start({ "--redis", m_redis.url(), "--node", "c", "--config", config }));
        QVERIFY(d.start({ "--redis", m_redis.url(), "--node", "d", "--config", config }));
        QVERIFY(doomed->start({ "--redis", m_redis.url(), "--node", "e", "--config", config }));
        for (RelayProcess *node : { &c, &d, doomed.get() })
            QVERIFY(waitForStatus(m_http, node->http("/health"), 200));
        QTRY_COMPARE_WITH_TIMEOUT(nodeNames(c).size(), 3, timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(nodeNames(d).size(), 3, timeoutMs);
        const QString room = QStringLiteral("presence-crash-hooks");
        const auto count
            = [&](const char *name, const QString &channel) { return countHooks(receiver, name, "channel", channel); };
        WsClient watcher;
        WsClient victim;
        QVERIFY(watcher.open(c.ws()));
        QVERIFY(victim.open(doomed->ws()));
        watcher.subscribe(room, member("watcher"));
        victim.subscribe(room, member("victim"));
        victim.subscribe("solo");
        QTRY_COMPARE_WITH_TIMEOUT(count("member_added", room), 2, timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(count("channel_occupied", "solo"), 1, timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(d, room), 2, timeoutMs);

        doomed->kill();
        // After two silent seconds both live nodes forget e; one of them speaks for its members and channels.
        QTRY_COMPARE_WITH_TIMEOUT(count("member_removed", room), 1, 3 * timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(count("channel_vacated", "solo"), 1, timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(nodeNames(c).size(), 2, timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(nodeNames(d).size(), 2, timeoutMs);
        // Markers sent by both live nodes after they forgot e: whatever else they sent is in by then.
        WsClient markC;
        WsClient markD;
        QVERIFY(markC.open(c.ws()));
        QVERIFY(markD.open(d.ws()));
        markC.subscribe("marker-c");
        markD.subscribe("marker-d");
        QTRY_COMPARE_WITH_TIMEOUT(
            count("channel_occupied", "marker-c") + count("channel_occupied", "marker-d"), 2, timeoutMs);
        QCOMPARE(count("member_removed", room), 1);
        QCOMPARE(count("channel_vacated", "solo"), 1);
        QCOMPARE(count("channel_vacated", room), 0); // the watcher is still there
        QCOMPARE(WsClient::data(watcher.waitFor("relay:member_removed")).value("user_id").toString(),
            QStringLiteral("victim"));
    }

    void occupiedAndVacatedAreDecidedOnceWhenNodesRace()
    {
        WebhookReceiver receiver;
        const QString config = hookConfig("race-hooks.json", "race", receiver.url(), 10);
        RelayProcess c;
        RelayProcess d;
        QVERIFY(startPair(c, d, config));
        const auto count
            = [&](const char *name, const QString &channel) { return countHooks(receiver, name, "channel", channel); };
        constexpr int rounds = 8;
        for (int round = 0; round < rounds; ++round) {
            // The first subscriber arrives on both nodes at the same moment, and later both leave at once.
            const QString channel = QStringLiteral("race-%1").arg(round);
            auto onC = std::make_unique<WsClient>();
            auto onD = std::make_unique<WsClient>();
            QVERIFY(onC->open(c.ws()));
            QVERIFY(onD->open(d.ws()));
            const QJsonObject subscribe { { "event", "relay:subscribe" },
                { "data", QJsonObject { { "channel", channel } } } };
            onC->send(subscribe);
            onD->send(subscribe);
            QVERIFY(!onC->waitFor("relay:subscription_succeeded").isEmpty());
            QVERIFY(!onD->waitFor("relay:subscription_succeeded").isEmpty());
            QTRY_COMPARE_WITH_TIMEOUT(count("channel_occupied", channel), 1, timeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(
                m_http.get(c.http("/apps/my-app/channels/" + channel)).json.value("subscriber_count").toInt(),
                2,
                timeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(
                m_http.get(d.http("/apps/my-app/channels/" + channel)).json.value("subscriber_count").toInt(),
                2,
                timeoutMs);
            onC->socket().close();
            onD->socket().close();
            QTRY_COMPARE_WITH_TIMEOUT(count("channel_vacated", channel), 1, timeoutMs);
        }
        // Markers from both nodes: whatever else they sent is in by then.
        WsClient markC;
        WsClient markD;
        QVERIFY(markC.open(c.ws()));
        QVERIFY(markD.open(d.ws()));
        markC.subscribe("race-marker-c");
        markD.subscribe("race-marker-d");
        QTRY_COMPARE_WITH_TIMEOUT(
            count("channel_occupied", "race-marker-c") + count("channel_occupied", "race-marker-d"), 2, timeoutMs);
        for (int round = 0; round < rounds; ++round) {
            const QString channel = QStringLiteral("race-%1").arg(round);
            QCOMPARE(count("channel_occupied", channel), 1);
            QCOMPARE(count("channel_vacated", channel), 1);
        }
    }

    void memberWebhooksAreDecidedOnceWhenNodesRace()
    {
        WebhookReceiver receiver;
        const QString config = hookConfig("member-race-hooks.json", "member-race", receiver.url(), 10);
        RelayProcess c;
        RelayProcess d;
        QVERIFY(startPair(c, d, config));
        const QString room = QStringLiteral("presence-member-race");
        // Bob stays on C throughout, so the channel's occupancy never changes: only Alice's webhooks are in play.
        WsClient bob;
        QVERIFY(bob.open(c.ws()));
        bob.subscribe(room, member("bob"));
        QTRY_COMPARE_WITH_TIMEOUT(usersOn(d, room), 1, timeoutMs);
        const auto count
            = [&](const char *name, const QString &user) { return countHooks(receiver, name, "user_id", user); };
        constexpr int rounds = 8;
        for (int round = 0; round < rounds; ++round) {
            // The same user's first connection arrives on both nodes at the same moment; later both leave at once.
            const QString user = QStringLiteral("alice-%1").arg(round);
            auto onC = std::make_unique<WsClient>();
            auto onD = std::make_unique<WsClient>();
            QVERIFY(onC->open(c.ws()));
            QVERIFY(onD->open(d.ws()));
            sendSubscribe(*onC, room, member(user));
            sendSubscribe(*onD, room, member(user));
            QVERIFY(!onC->waitFor("relay:subscription_succeeded").isEmpty());
            QVERIFY(!onD->waitFor("relay:subscription_succeeded").isEmpty());
            QTRY_COMPARE_WITH_TIMEOUT(count("member_added", user), 1, timeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(
                m_http.get(c.http("/apps/my-app/channels/" + room)).json.value("subscriber_count").toInt(),
                3,
                timeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(
                m_http.get(d.http("/apps/my-app/channels/" + room)).json.value("subscriber_count").toInt(),
                3,
                timeoutMs);
            onC->socket().close();
            onD->socket().close();
            QTRY_COMPARE_WITH_TIMEOUT(count("member_removed", user), 1, timeoutMs);
        }
        // A marker user from each node: whatever else the nodes sent is in by then.
        WsClient markC;
        WsClient markD;
        QVERIFY(markC.open(c.ws()));
        QVERIFY(markD.open(d.ws()));
        markC.subscribe(room, member("marker-c"));
        markD.subscribe(room, member("marker-d"));
        QTRY_COMPARE_WITH_TIMEOUT(count("member_added", "marker-c") + count("member_added", "marker-d"), 2, timeoutMs);
        for (int round = 0; round < rounds; ++round) {
            const QString user = QStringLiteral("alice-%1").arg(round);
            QCOMPARE(count("member_added", user), 1);
            QCOMPARE(count("member_removed", user), 1);
        }
        QCOMPARE(count("member_added", "bob"), 1);
        QCOMPARE(count("member_removed", "bob"), 0);
    }
};

QTEST_MAIN(ClusterRacesTest)
#include "tst_clusterraces.moc"
