// SPDX-License-Identifier: MIT
// Webhook delivery guarantees against a real HTTP server the test owns: retries with backoff, timeouts, an
// unreachable URL, the bounded queue, shutdown, and the /stats counters.
#include "auth/signer.h"
#include "relaytestkit.h"
#include "webhookreceiver.h"
#include "webhooks/webhookdispatcher.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace RelayTest;
using Relay::WebhookTarget;

class WebhookDeliveryTest : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<WebhookReceiver> receiver;
    std::unique_ptr<TestRelay> relay;

    void start(const QString &url, const std::function<void(Relay::RelayConfig &)> &change = {})
    {
        Relay::RelayConfig config = testConfig();
        Relay::WebhookSettings &settings = config.defaultApp().webhooks;
        settings.targets = { WebhookTarget { url, { "channel_occupied" }, {}, {}, {} } };
        settings.retryFirstMs = 100;
        settings.retryForS = 5;
        settings.timeoutMs = 2000;
        if (change)
            change(config);
        relay = std::make_unique<TestRelay>(config);
        QVERIFY(relay->started());
    }

    /// The counters as the relay holds them; /stats serialises these (and is closed once shutdown begins).
    const Relay::WebhookCounters &counters()
    {
        return relay->hub().appById(QStringLiteral("my-app"))->counters.webhooks;
    }

    QJsonObject webhookStats()
    {
        Http http;
        return http.get(relay->http(QStringLiteral("/stats")))
            .json.value("apps")
            .toObject()
            .value("my-app")
            .toObject()
            .value("webhooks")
            .toObject();
    }

    /// The same outcomes as /metrics exports them: relaydesk_webhook_deliveries_total of my-app by outcome.
    QJsonObject webhookMetrics()
    {
        Http http;
        const HttpResult answer = http.get(relay->http(QStringLiteral("/metrics")));
        QJsonObject byOutcome;
        static const QRegularExpression sample(
            QStringLiteral(R"re(^relaydesk_webhook_deliveries_total\{app_id="my-app",outcome="([a-z]+)"\} ([0-9]+)$)re"),
            QRegularExpression::MultilineOption);
        for (QRegularExpressionMatchIterator it = sample.globalMatch(QString::fromUtf8(answer.body)); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            byOutcome.insert(match.captured(1), match.captured(2).toInt());
        }
        return byOutcome;
    }

    /// Opens channels named `prefix`0..n-1 with one client: n channel_occupied events.
    void occupy(WsClient &client, int n, const QString &prefix = QStringLiteral("c"))
    {
        if (!client.isConnected())
            QVERIFY(client.open(relay->ws()));
        for (int i = 0; i < n; ++i)
            client.subscribe(prefix + QString::number(i));
    }

private Q_SLOTS:
    void init() { receiver = std::make_unique<WebhookReceiver>(); }
    void cleanup()
    {
        relay.reset();
        receiver.reset();
    }

    void retriedUntilAccepted()
    {
        start(receiver->url());
        receiver->script({ 500, 503, 200 });
        WsClient client;
        occupy(client, 1);
        QTRY_COMPARE_WITH_TIMEOUT(receiver->requests.size(), 3, timeoutMs);
        const QByteArray body = receiver->requests.first().body;
        for (const WebhookReceiver::Request &request : std::as_const(receiver->requests)) {
            QCOMPARE(request.body, body); // the same delivery, the same signed bytes
            QCOMPARE(request.header("X-Pusher-Signature"), Relay::hmacSha256Hex("my-secret", body));
        }
        // Backoff 100 ms, then 200 ms.
        QVERIFY(receiver->requests[1].receivedMs - receiver->requests[0].receivedMs >= 90);
        QVERIFY(receiver->requests[2].receivedMs - receiver->requests[1].receivedMs >= 190);
        QTRY_COMPARE(webhookStats().value("sent").toInt(), 1);
        QCOMPARE(webhookStats(), QJsonObject({ { "sent", 1 }, { "failed", 2 }, { "retried", 2 }, { "dropped", 0 } }));
        QCOMPARE(webhookMetrics(), QJsonObject({ { "delivered", 1 }, { "failed", 2 }, { "retried", 2 } }));
        QCOMPARE(relay->server().webhooks().pending(), 0);
        QCOMPARE(receiver->requests.size(), 3);
    }

    void timeoutCountsAsAFailure()
    {
        start(receiver->url(), [](Relay::RelayConfig &config) { config.defaultApp().webhooks.timeoutMs = 200; });
        receiver->script({ WebhookReceiver::hang, 200 });
        WsClient client;
        occupy(client, 1);
        QTRY_COMPARE_WITH_TIMEOUT(receiver->requests.size(), 2, timeoutMs);
        QVERIFY(receiver->requests[1].receivedMs - receiver->requests[0].receivedMs >= 200 + 90);
        QTRY_COMPARE(webhookStats().value("sent").toInt(), 1);
        QCOMPARE(webhookStats().value("failed").toInt(), 1);
    }

    void unreachableIsDroppedAfterTheRetryWindow()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close(); // nobody listens there now: connection refused
        start(QStringLiteral("http://127.0.0.1:%1/hook").arg(port),
            [](Relay::RelayConfig &config) { config.defaultApp().webhooks.retryForS = 1; });
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(QStringLiteral("webhooks: gave up on a delivery to http://127.0.0.1:%1/hook "
                                              "\\(channel_occupied\\) after [45] attempts: .*refused")
                                   .arg(port)));
        WsClient client;
        occupy(client, 1);
        QTRY_COMPARE_WITH_TIMEOUT(webhookStats().value("dropped").toInt(), 1, timeoutMs);
        // 100, 200, 400 ms apart, and the next (800 ms) would pass the one-second window.
        const QJsonObject stats = webhookStats();
        QCOMPARE(stats.value("sent").toInt(), 0);
        QVERIFY2(stats.value("failed").toInt() >= 4, qPrintable(QString::number(stats.value("failed").toInt())));
        QCOMPARE(stats.value("retried").toInt(), stats.value("failed").toInt() - 1);
        QCOMPARE(relay->server().webhooks().pending(), 0);
    }

    void overflowDropsTheOldest()
    {
        start(receiver->url(), [](Relay::RelayConfig &config) {
            config.webhookMaxInFlight = 1;
            config.webhookQueueMax = 3;
        });
        receiver->script({ WebhookReceiver::hang });
        WsClient client;
        occupy(client, 1); // c0 in flight, hanging
        QTRY_COMPARE_WITH_TIMEOUT(receiver->requests.size(), 1, timeoutMs);
        occupy(client, 5, QStringLiteral("q")); // q0..q4 queue; three fit, so q0 and q1 are dropped
        QVERIFY(client.sync());
        QCOMPARE(webhookStats().value("dropped").toInt(), 2);
        QCOMPARE(webhookMetrics().value("dropped").toInt(), 2);
        receiver->release(); // answers c0, then the queue drains
        QTRY_COMPARE_WITH_TIMEOUT(receiver->requests.size(), 4, timeoutMs);
        QStringList channels;
        for (const QJsonObject &event : receiver->events())
            channels.append(event.value("channel").toString());
        channels.removeAll(QStringLiteral("c0"));
        QCOMPARE(channels, QStringList({ "q2", "q3", "q4" }));
    }

    void queueBytesAreBounded()
    {
        start(receiver->url(), [](Relay::RelayConfig &config) {
            config.webhookMaxInFlight = 1;
            config.webhookQueueMaxKb = 1;
        });
        receiver->script({ WebhookReceiver::hang });
        WsClient client;
        occupy(client, 1);
        QTRY_COMPARE_WITH_TIMEOUT(receiver->requests.size(), 1, timeoutMs);
        const QString longName = QString(150, u'x'); // each body is about 220 bytes: four fit in 1 KB
        occupy(client, 6, longName);
        QVERIFY(client.sync());
        QCOMPARE(webhookStats().value("dropped").toInt(), 2);
    }

    void shutdownGivesAGraceThenReportsOneLine()
    {
        start(receiver->url(), [](Relay::RelayConfig &config) {
            config.webhookMaxInFlight = 1;
            config.webhookShutdownGraceMs = 300;
        });
        receiver->script({ WebhookReceiver::hang });
        WsClient client;
        occupy(client, 3);
        QTRY_COMPARE_WITH_TIMEOUT(receiver->requests.size(), 1, timeoutMs);
        QTest::ignoreMessage(QtWarningMsg,
            QStringLiteral("webhooks: 3 deliveries still pending at shutdown were dropped (3 to %1)")
                .arg(receiver->url())
                .toUtf8()
                .constData());
        QSignalSpy stopped(&relay->server(), &Relay::RelayServer::stopped);
        QElapsedTimer timer;
        timer.start();
        relay->server().shutdown();
        QVERIFY(stopped.wait(timeoutMs));
        QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(counters().dropped, 3u);
    }

    void shutdownWaitsForDeliveriesThatFinishInTime()
    {
        start(receiver->url(), [](Relay::RelayConfig &config) {
            config.defaultApp().webhooks.targets.first().eventTypes.clear(); // channel_vacated too
            config.webhookShutdownGraceMs = 5000;
        });
        WsClient client;
        occupy(client, 2);
        QTRY_COMPARE_WITH_TIMEOUT(receiver->requests.size(), 2, timeoutMs);
        QSignalSpy stopped(&relay->server(), &Relay::RelayServer::stopped);
        relay->server().shutdown(); // the clients are closed: their vacated events are sent without hold-back
        QVERIFY(stopped.wait(timeoutMs));
        QCOMPARE(receiver->requests.size(), 4);
        QCOMPARE(receiver->eventNames().mid(2), QStringList({ "channel_vacated", "channel_vacated" }));
        QCOMPARE(counters().dropped, 0u);
        QCOMPARE(counters().sent, 4u);
    }
};

QTEST_GUILESS_MAIN(WebhookDeliveryTest)
#include "tst_webhookdelivery.moc"
