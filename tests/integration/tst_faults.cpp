// SPDX-License-Identifier: MIT
// Fault injection: each fault's effect as a real QWebSocket client sees it, and its mark in the feed.
#include "relaytestkit.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace RelayTest;
using Relay::ConnectionFault;
using Relay::FeedEvent;

namespace {
QList<FeedEvent> faultsIn(const QList<FeedEvent> &events)
{
    QList<FeedEvent> out;
    for (const FeedEvent &event : events) {
        if (event.kind == FeedEvent::Kind::Fault)
            out.append(event);
    }
    return out;
}

ConnectionFault fault(ConnectionFault::Kind kind, qint64 delayMs = 0, int code = 4000)
{
    ConnectionFault out;
    out.kind = kind;
    out.delayMs = delayMs;
    out.closeCode = code;
    return out;
}

Relay::Status publish(TestRelay &relay, const QString &channel, const QString &event, const QString &data = {})
{
    return relay.hub().publish(*relay.hub().appById(u"my-app"), Relay::Publication { channel, event, data, {} });
}

QByteArray upgradeRequest()
{
    return "GET /app/my-key HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}
} // namespace

class FaultsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void delayHoldsOutgoingFrames()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        relay.hub().feed().setObserved(true);
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        QVERIFY(!client.subscribe(QStringLiteral("news")).isEmpty());
        QVERIFY(relay.server().injectFault(client.socketId(), fault(ConnectionFault::Kind::Delay, 400)).ok());

        QElapsedTimer clock;
        clock.start();
        QVERIFY(publish(relay, "news", "first", "1").ok());
        QVERIFY(publish(relay, "news", "second", "2").ok());
        QVERIFY(!client.waitFor(QStringLiteral("first")).isEmpty());
        const qint64 arrived = clock.elapsed();
        qInfo("a 400 ms delay: the event arrived after %lld ms", arrived);
        QVERIFY2(arrived >= 390 && arrived < 1500, qPrintable(QString::number(arrived)));
        QCOMPARE(client.frames.size() <= 1, true);
        QVERIFY(!client.waitFor(QStringLiteral("second")).isEmpty()); // order kept

        QVERIFY(relay.server().injectFault(client.socketId(), fault(ConnectionFault::Kind::Delay, 0)).ok());
        clock.restart();
        QVERIFY(client.sync());
        QVERIFY2(clock.elapsed() < 300, "the delay outlived its removal");

        const QList<FeedEvent> marks = faultsIn(relay.hub().feed().drain());
        QCOMPARE(marks.size(), 2);
        QCOMPARE(marks.first().event, QStringLiteral("delay"));
        QCOMPARE(marks.first().socketId, client.socketId());
        QCOMPARE(marks.first().appId, QStringLiteral("my-app"));
        QVERIFY(marks.first().detail.contains(QLatin1String("400 ms")));
    }

    void stalledConnectionIsClosedBySendBudget()
    {
        Relay::RelayConfig config = testConfig();
        config.sendBudgetKb = 64;
        TestRelay relay(config);
        QVERIFY(relay.started());
        WsClient stalled;
        QVERIFY(stalled.open(relay.ws()));
        QVERIFY(!stalled.subscribe(QStringLiteral("firehose")).isEmpty());
        WsClient healthy;
        QVERIFY(healthy.open(relay.ws()));
        QVERIFY(!healthy.subscribe(QStringLiteral("firehose")).isEmpty());
        QVERIFY(relay.server().injectFault(stalled.socketId(), fault(ConnectionFault::Kind::Stall)).ok());

        // The stalled client keeps talking; the relay neither reads nor answers it.
        stalled.send({ { "event", "relay:ping" }, { "data", QJsonObject {} } });
        stalled.socket().ping();
        QVERIFY(healthy.sync());
        QCOMPARE(stalled.count(QStringLiteral("relay:pong")), 0);

        const QString data(8 * 1024, u'x');
        int published = 0;
        while (relay.hub().connectionCount() == 2 && published < 100) {
            QVERIFY(publish(relay, "firehose", "big", data).ok());
            ++published;
            QCoreApplication::processEvents();
        }
        QVERIFY2(published < 100, "the stalled connection was never closed");
        QVERIFY(stalled.waitClosed());
        QCOMPARE(stalled.closeCode(), 4100);
        QCOMPARE(stalled.count(QStringLiteral("big")), 0);
        QTRY_COMPARE(healthy.count(QStringLiteral("big")), published);
    }

    void ignoredPingsGetNoAnswer()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        WsClient client;
        QVERIFY(client.open(relay.ws(QStringLiteral("my-key"), QStringLiteral("protocol=7&client=js&version=8.4.0"))));
        QVERIFY(relay.server().injectFault(client.socketId(), fault(ConnectionFault::Kind::IgnorePings)).ok());
        QSignalSpy pongs(&client.socket(), &QWebSocket::pong);
        client.socket().ping("probe");
        client.send({ { "event", "pusher:ping" }, { "data", QJsonObject {} } });
        // A subscription after the pings is answered, so the pings were read and dropped.
        QVERIFY(!client.subscribe(QStringLiteral("news")).isEmpty());
        QCOMPARE(client.count(QStringLiteral("pusher:pong")), 0);
        QCOMPARE(pongs.size(), 0);

        QVERIFY(relay.server().injectFault(client.socketId(), fault(ConnectionFault::Kind::Clear)).ok());
        client.socket().ping("again");
        QVERIFY(pongs.wait(timeoutMs));
        QVERIFY(client.sync());
    }

    void closeWithChosenCode()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        relay.hub().feed().setObserved(true);
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        ConnectionFault close = fault(ConnectionFault::Kind::Close, 0, 4321);
        close.reason = QStringLiteral("try again");
        QVERIFY(relay.server().injectFault(client.socketId(), close).ok());
        QVERIFY(client.waitClosed());
        QCOMPARE(client.closeCode(), 4321);
        QCOMPARE(client.socket().closeReason(), QStringLiteral("try again"));

        const QList<FeedEvent> marks = faultsIn(relay.hub().feed().drain());
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.first().code, 4321);

        const Relay::Status unknown
            = relay.server().injectFault(QStringLiteral("1.2"), fault(ConnectionFault::Kind::Stall));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, Relay::ErrorCode::NotFound);
        WsClient other;
        QVERIFY(other.open(relay.ws()));
        QCOMPARE(
            relay.server().injectFault(other.socketId(), fault(ConnectionFault::Kind::Close, 0, 1005)).error().code,
            Relay::ErrorCode::BadRequest);
    }

    void simulatedRestart()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        relay.hub().feed().setObserved(true);
        WsClient first;
        QVERIFY(first.open(relay.ws()));
        WsClient second;
        QVERIFY(second.open(relay.ws(QStringLiteral("my-key"), QStringLiteral("protocol=7"))));
        relay.server().simulateRestart(1);
        QVERIFY(first.waitClosed());
        QVERIFY(second.waitClosed());
        QCOMPARE(first.closeCode(), 4200);
        QCOMPARE(second.closeCode(), 4200);

        // New connections are refused with 503 while "restarting"; the HTTP API still answers.
        const QByteArray refused = rawExchange(relay.port(), upgradeRequest(), 2000);
        QVERIFY2(refused.startsWith("HTTP/1.1 503"), refused.left(200).constData());
        QVERIFY(refused.contains("restarting"));
        Http http;
        QCOMPARE(http.get(relay.http(QStringLiteral("/health"))).status, 200);

        // After the pause a client reconnects.
        QTRY_VERIFY_WITH_TIMEOUT(rawExchange(relay.port(), upgradeRequest(), 300).startsWith("HTTP/1.1 101"), 5000);
        WsClient back;
        QVERIFY(back.open(relay.ws()));

        const QList<FeedEvent> marks = faultsIn(relay.hub().feed().drain());
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.first().event, QStringLiteral("restart"));
        QCOMPARE(marks.first().code, 4200);
        QVERIFY(marks.first().detail.contains(QLatin1String("2 clients")));
    }
};

QTEST_GUILESS_MAIN(FaultsTest)
#include "tst_faults.moc"
