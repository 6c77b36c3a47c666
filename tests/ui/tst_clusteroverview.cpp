// SPDX-License-Identifier: MIT
// The Overview as one node of a cluster: the real relay (RelayHost's thread) on a real redis-server, and the
// panel showing the nodes, their connections, Redis's status and round trip, and the outage when it goes.
#include "connectionspanel.h"
#include "mainwindow.h"
#include "overviewpanel.h"
#include "redisserver.h"
#include "relayhost.h"
#include "relaytestkit.h"

#include <QLabel>
#include <QTest>

using namespace Inspector;

class TestClusterOverview : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsNodesRedisAndRoundTrip()
    {
        if (!RelayTest::RedisServer::available())
            QSKIP("redis-server is not installed (Debian package redis-server; packaging/setup.sh installs it)");
        RelayTest::RedisServer redis;
        QVERIFY(redis.start());
        Relay::RelayConfig config = RelayTest::testConfig();
        config.redis.url = redis.url();
        config.redis.node = QStringLiteral("desk-node");
        Relay::RelayHost host(config);
        QVERIFY(host.start());
        MainWindow window(host);
        window.show();
        auto *status = window.overview()->findChild<QLabel *>(QStringLiteral("clusterStatus"));
        QVERIFY(status);
        RelayTest::WsClient client;
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/app/my-key").arg(host.port()))));
        QTRY_VERIFY_WITH_TIMEOUT(status->isVisible(), RelayTest::timeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("round trip")), RelayTest::timeoutMs);
        QVERIFY2(status->text().contains(QStringLiteral("Redis <b>connected</b>")), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QStringLiteral("desk-node (this node): 1")), qPrintable(status->text()));

        // The status bar adds the cluster's totals to this node's own.
        auto *statusBarText = window.findChild<QLabel *>(QStringLiteral("statusText"));
        QVERIFY(statusBarText);
        QTRY_VERIFY_WITH_TIMEOUT(
            statusBarText->text().contains(QStringLiteral("cluster: 1 connection on 1 node")), RelayTest::timeoutMs);

        // A second node with two sockets: Connections lists this node's socket and names the cluster's totals.
        config.redis.node = QStringLiteral("other-node");
        Relay::RelayHost other(config);
        QVERIFY(other.start());
        RelayTest::WsClient first;
        RelayTest::WsClient second;
        for (RelayTest::WsClient *remote : { &first, &second })
            QVERIFY(remote->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/app/my-key").arg(other.port()))));
        QLabel *totals = window.connections()->totalsLabel();
        QTRY_VERIFY_WITH_TIMEOUT(
            totals->text().contains(QStringLiteral("cluster: 3 sockets on 2 nodes")), RelayTest::timeoutMs);
        QVERIFY2(totals->text().startsWith(QStringLiteral("1 socket on this relay")), qPrintable(totals->text()));
        QVERIFY2(totals->text().contains(QStringLiteral("desk-node 1")), qPrintable(totals->text()));
        QVERIFY2(totals->text().contains(QStringLiteral("other-node 2")), qPrintable(totals->text()));
        QTRY_VERIFY_WITH_TIMEOUT(
            statusBarText->text().contains(QStringLiteral("cluster: 3 connections on 2 nodes")), RelayTest::timeoutMs);

        redis.stop();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("unreachable")), RelayTest::timeoutMs);
    }

    void aNodeAloneShowsNoCluster()
    {
        Relay::RelayHost host(RelayTest::testConfig());
        QVERIFY(host.start());
        MainWindow window(host);
        window.show();
        auto *status = window.overview()->findChild<QLabel *>(QStringLiteral("clusterStatus"));
        QVERIFY(status);
        RelayTest::WsClient client;
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/app/my-key").arg(host.port()))));
        // Once a snapshot with the connection has arrived, the cluster line is still hidden.
        QTRY_VERIFY_WITH_TIMEOUT(
            window.overview()->countsText().contains(QStringLiteral("Connections 1 ·")), RelayTest::timeoutMs);
        QVERIFY(!status->isVisible());
    }
};

QTEST_MAIN(TestClusterOverview)
#include "tst_clusteroverview.moc"
