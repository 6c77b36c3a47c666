// SPDX-License-Identifier: MIT
// The pure parts of the cluster engine: redis:// URLs and the messages between nodes.
#include "config/redisurl.h"
#include "engine/brokermessage.h"

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
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("db");
        QTest::newRow("host only") << "redis://cache" << true << "cache" << 6379 << "" << 0;
        QTest::newRow("port and db") << "redis://127.0.0.1:6380/2" << true << "127.0.0.1" << 6380 << "" << 2;
        QTest::newRow("password") << "redis://:s3cret@10.0.0.5:7000" << true << "10.0.0.5" << 7000 << "s3cret" << 0;
        QTest::newRow("user and password") << "redis://app:pw@h/1" << true << "h" << 6379 << "pw" << 1;
        QTest::newRow("wrong scheme") << "http://cache:6379" << false << "" << 0 << "" << 0;
        QTest::newRow("no host") << "redis://:6379" << false << "" << 0 << "" << 0;
        QTest::newRow("db not a number") << "redis://cache/zero" << false << "" << 0 << "" << 0;
        QTest::newRow("query") << "redis://cache?db=1" << false << "" << 0 << "" << 0;
        QTest::newRow("empty") << "" << false << "" << 0 << "" << 0;
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
            7 };
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
            0 }
                                   .serialize();
        truncated.chop(3);
        QVERIFY(!BrokerMessage::parse(truncated));
        QByteArray badKind = BrokerMessage {}.serialize();
        badKind[1] = char(99);
        QVERIFY(!BrokerMessage::parse(badKind));
    }
};

QTEST_MAIN(EngineTest)
#include "tst_engine.moc"
