// SPDX-License-Identifier: MIT
// The pure parts of the cluster engine: redis:// URLs, the messages between nodes and the snapshot a joining
// node is handed.
#include "config/redisurl.h"
#include "engine/brokermessage.h"
#include "service/clustersnapshot.h"

#include <QTest>

using namespace Relay;

class EngineTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void redisUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("db");
        QTest::newRow("host only") << "redis://cache" << true << "cache" << 6379 << ""
                                   << "" << 0;
        QTest::newRow("port and db") << "redis://127.0.0.1:6380/2" << true << "127.0.0.1" << 6380 << ""
                                     << "" << 2;
        QTest::newRow("password") << "redis://:s3cret@10.0.0.5:7000" << true << "10.0.0.5" << 7000 << ""
                                  << "s3cret" << 0;
        QTest::newRow("user and password") << "redis://app:pw@h/1" << true << "h" << 6379 << "app"
                                           << "pw" << 1;
        QTest::newRow("encoded user and password")
            << "redis://ci%40team:p%3Aw%2F1@h:6390" << true << "h" << 6390 << "ci@team"
            << "p:w/1" << 0;
        QTest::newRow("wrong scheme") << "http://cache:6379" << false << "" << 0 << ""
                                      << "" << 0;
        QTest::newRow("no host") << "redis://:6379" << false << "" << 0 << ""
                                 << "" << 0;
        QTest::newRow("db not a number") << "redis://cache/zero" << false << "" << 0 << ""
                                         << "" << 0;
        QTest::newRow("query") << "redis://cache?db=1" << false << "" << 0 << ""
                               << "" << 0;
        QTest::newRow("empty") << "" << false << "" << 0 << ""
                               << "" << 0;
    }

    void redisUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        const Result<RedisEndpoint> endpoint = parseRedisUrl(url);
        QCOMPARE(endpoint.ok(), valid);
        if (!valid) {
            QVERIFY(endpoint.error().message.contains(QStringLiteral("redis://")));
            return;
        }
        QTEST(endpoint->host, "host");
        QTEST(int(endpoint->port), "port");
        QTEST(endpoint->user, "user");
        QTEST(endpoint->password, "password");
        QTEST(endpoint->db, "db");
    }

    void messagesSurviveTheWire()
    {
        const BrokerMessage sent { BrokerMessage::Kind::ClientEvent,
            QStringLiteral("node-a"),
            QStringLiteral("my-app"),
            QStringLiteral("presence-x"),
            QStringLiteral("client-typing"),
            QStringLiteral("{\"é\":\"😀\"}"),
            QStringLiteral("\"u1\""),
            QStringLiteral("123.456"),
            QString(),
            7,
            QStringLiteral("node-a/kx2/1") };
        const std::optional<BrokerMessage> received = BrokerMessage::parse(sent.serialize());
        QVERIFY(received);
        QCOMPARE(received->kind, sent.kind);
        QCOMPARE(received->node, sent.node);
        QCOMPARE(received->appId, sent.appId);
        QCOMPARE(received->channel, sent.channel);
        QCOMPARE(received->event, sent.event);
        QCOMPARE(received->data, sent.data);
        QCOMPARE(received->userIdJson, sent.userIdJson);
        QCOMPARE(received->socketId, sent.socketId);
        QCOMPARE(received->count, 7);
        QCOMPARE(received->origin, sent.origin);
    }

    void snapshotsSurviveTheWireWithinTheirBudget()
    {
        EventRecord old;
        old.event = QStringLiteral("old");
        old.channel = QStringLiteral("c");
        old.data = QString(400, u'x');
        old.timestamp = QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC);
        old.origin = QStringLiteral("a/1/1");
        EventRecord fresh = old;
        fresh.event = QStringLiteral("fresh");
        fresh.data = QStringLiteral("{\"é\":1}");
        fresh.source = EventSource::Client;
        fresh.socketId = QStringLiteral("1.2");
        fresh.timestamp = QDateTime::fromMSecsSinceEpoch(2000, Qt::UTC);
        fresh.origin = QStringLiteral("a/1/2");
        const AppSnapshot app { QStringLiteral("my-app"),
            { old, fresh },
            { CachedFrame { QStringLiteral("cache-x"), QStringLiteral("{\"event\":\"e\"}"), 1500 } } };
        const std::optional<QList<AppSnapshot>> whole
            = ClusterSnapshot::decode(ClusterSnapshot::encode({ app }, 1 << 20));
        QVERIFY(whole);
        QCOMPARE(whole->size(), 1);
        QCOMPARE(whole->first().appId, app.appId);
        QCOMPARE(whole->first().events.size(), 2);
        const EventRecord &back = whole->first().events.last();
        QCOMPARE(back.event, fresh.event);
        QCOMPARE(back.data, fresh.data);
        QCOMPARE(back.socketId, fresh.socketId);
        QCOMPARE(back.source, EventSource::Client);
        QCOMPARE(back.timestamp, fresh.timestamp);
        QCOMPARE(back.origin, fresh.origin);
        QCOMPARE(whole->first().cache.size(), 1);
        QCOMPARE(whole->first().cache.first().storedMs, 1500);
        // A budget too small for the old event's 400 characters keeps the newest events only.
        const std::optional<QList<AppSnapshot>> cut = ClusterSnapshot::decode(ClusterSnapshot::encode({ app }, 400));
        QVERIFY(cut);
        QCOMPARE(cut->first().events.size(), 1);
        QCOMPARE(cut->first().events.first().event, QStringLiteral("fresh"));
        QByteArray truncated = ClusterSnapshot::encode({ app }, 1 << 20);
        truncated.chop(5);
        QVERIFY(!ClusterSnapshot::decode(truncated));
        QVERIFY(!ClusterSnapshot::decode(QByteArrayLiteral("junk")));
    }

    void foreignBytesAreNoMessage()
    {
        QVERIFY(!BrokerMessage::parse(QByteArray()));
        QVERIFY(!BrokerMessage::parse(QByteArrayLiteral("hello")));
        QByteArray truncated = BrokerMessage { BrokerMessage::Kind::Event,
            QStringLiteral("n"),
            QStringLiteral("a"),
            QStringLiteral("c"),
            QStringLiteral("e"),
            QStringLiteral("d"),
            {},
            {},
            {},
            0,
            {} }.serialize();
        truncated.chop(3);
        QVERIFY(!BrokerMessage::parse(truncated));
        QByteArray badKind = BrokerMessage {}.serialize();
        badKind[1] = char(99);
        QVERIFY(!BrokerMessage::parse(badKind));
    }
};

QTEST_MAIN(EngineTest)
#include "tst_engine.moc"
