// SPDX-License-Identifier: MIT
// The per-socket send budget: a client that stops reading is closed with 4100 once its unsent bytes pass the
// limit, its memory is released, and every other client still receives every event.
#include "relaytestkit.h"

#include <QTcpSocket>
#include <QTest>

using namespace RelayTest;

class SendBudgetTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stalledReaderIsClosedOthersUnaffected()
    {
        Relay::RelayConfig config = testConfig();
        config.sendBudgetKb = 256;
        TestRelay relay(config);
        QVERIFY(relay.started());

        // A client that subscribes, then never reads again.
        QTcpSocket stalled;
        stalled.setReadBufferSize(4096); // Qt stops reading from the kernel once this much is buffered
        stalled.connectToHost(QHostAddress::LocalHost, relay.port());
        QVERIFY(stalled.waitForConnected(timeoutMs));
        stalled.write("GET /app/my-key HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(relay.hub().connectionCount(), 1, timeoutMs);
        const QByteArray subscribe = "{\"event\":\"relay:subscribe\",\"data\":{\"channel\":\"firehose\"}}";
        QByteArray frame;
        frame.append(char(0x81)).append(char(0x80 | subscribe.size())).append("\0\0\0\0", 4).append(subscribe);
        stalled.write(frame);

        WsClient healthy;
        QVERIFY(healthy.open(relay.ws()));
        healthy.subscribe("firehose");
        QTRY_COMPARE(relay.hub().appById(u"my-app")->channels.find("firehose")->subscribers.size(), 2);

        // 40 MB in 500 events: far more than the kernel's socket buffers and the budget together.
        Http http;
        const QString data(80 * 1024, 'x');
        int published = 0;
        for (; published < 500 && relay.hub().connectionCount() == 2; ++published) {
            QCOMPARE(http.postJson(relay.http("/apps/my-app/events"), { { "channel", "firehose" }, { "event", "big" }, { "data", data } })
                         .status,
                200);
        }
        QTRY_COMPARE_WITH_TIMEOUT(relay.hub().connectionCount(), 1, timeoutMs);
        QVERIFY2(published < 500, "the stalled client was never closed");
        qInfo("stalled client closed after %d events of 80 KB", published);

        // The healthy client got every event, and keeps getting them.
        QTRY_COMPARE_WITH_TIMEOUT(healthy.count("big"), published, timeoutMs);
        QCOMPARE(http.postJson(relay.http("/apps/my-app/events"), { { "channel", "firehose" }, { "event", "after" }, { "data", "{}" } })
                     .status,
            200);
        QVERIFY(!healthy.waitFor("after").isEmpty());
        QCOMPARE(relay.hub().appById(u"my-app")->channels.find("firehose")->subscribers.size(), 1);

        // The close frame queued behind the unread data says 4100 (0x1004).
        stalled.setReadBufferSize(0);
        QByteArray tail;
        QTRY_VERIFY_WITH_TIMEOUT((tail = (tail + stalled.readAll()).right(64)).contains(QByteArray("\x88", 1))
                || stalled.state() == QAbstractSocket::UnconnectedState,
            timeoutMs);
    }
};

QTEST_GUILESS_MAIN(SendBudgetTest)
#include "tst_sendbudget.moc"
