// SPDX-License-Identifier: MIT
// GET /metrics: the Prometheus text after known traffic (publishes to subscribers, client events, a 401, a 4100
// close, a refused key), --no-metrics, and promtool's lint when it is installed.
#include "relaytestkit.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

using namespace RelayTest;

namespace {
/// Samples by their full series name, e.g. `relaydesk_connected{app_id="my-app"}`.
QHash<QString, double> parseSamples(const QByteArray &text)
{
    QHash<QString, double> samples;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        samples.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toDouble());
    }
    return samples;
}

QByteArray webSocketUpgrade(const QByteArray &key)
{
    return "GET /app/" + key
        + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

QByteArray maskedTextFrame(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x81)).append(char(0x80 | payload.size())).append("\0\0\0\0", 4).append(payload);
    return frame;
}
} // namespace

class MetricsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsKnownTraffic()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        Http http;
        constexpr int subscribers = 3;
        constexpr int publishes = 5;
        std::vector<std::unique_ptr<WsClient>> clients;
        for (int i = 0; i < subscribers; ++i) {
            clients.push_back(std::make_unique<WsClient>());
            QVERIFY(clients.back()->open(relay.ws()));
            QCOMPARE(
                eventOf(clients.back()->subscribe("private-news")), QStringLiteral("relay:subscription_succeeded"));
        }
        for (int i = 0; i < publishes; ++i) {
            QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                             { { "channel", "private-news" }, { "event", "story" }, { "data", "{\"n\":1}" } })
                         .status,
                200);
        }
        for (auto &client : clients)
            QTRY_COMPARE_WITH_TIMEOUT(client->count("story"), publishes, timeoutMs);
        clients[0]->send({ { "event", "client-typing" }, { "channel", "private-news" }, { "data", "{}" } });
        QVERIFY(!clients[1]->waitFor("client-typing").isEmpty());
        QVERIFY(!clients[2]->waitFor("client-typing").isEmpty());
        QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                         { { "channel", "a" }, { "event", "b" }, { "data", "{}" } },
                         "wrong-secret")
                     .status,
            401);
        WsClient stranger; // an unknown key is refused with 4001 before a session exists
        stranger.openRaw(relay.ws("no-such-key"));
        QVERIFY(stranger.waitClosed());
        QCOMPARE(stranger.closeCode(), 4001);

        const HttpResult result = http.get(relay.http("/metrics"), {});
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        const QHash<QString, double> samples = parseSamples(result.body);
        const auto value = [&samples](const char *series) {
            const QString name = QString::fromLatin1(series);
            if (!samples.contains(name))
                qWarning("missing series %s", series);
            return samples.value(name, -1);
        };
        QCOMPARE(value(R"(relaydesk_connected{app_id="my-app"})"), double(subscribers));
        QCOMPARE(value(R"(relaydesk_new_connections_total{app_id="my-app"})"), double(subscribers));
        QCOMPARE(value(R"(relaydesk_new_disconnections_total{app_id="my-app"})"), 0.0);
        QCOMPARE(value(R"(relaydesk_events_published_total{app_id="my-app"})"), double(publishes));
        QCOMPARE(value(R"(relaydesk_client_events_total{app_id="my-app"})"), 1.0);
        QCOMPARE(value(R"(relaydesk_messages_delivered_total{app_id="my-app"})"),
            double(publishes * subscribers + subscribers - 1));
        // Each subscriber: connection_established, subscription_succeeded, the publishes; two got the client event.
        QCOMPARE(value(R"(relaydesk_ws_messages_sent_total{app_id="my-app"})"),
            double(subscribers * (2 + publishes) + subscribers - 1));
        QCOMPARE(value(R"(relaydesk_ws_messages_received_total{app_id="my-app"})"), double(subscribers + 1));
        QVERIFY(value(R"(relaydesk_socket_transmitted_bytes{app_id="my-app"})") > 0);
        QVERIFY(value(R"(relaydesk_socket_received_bytes{app_id="my-app"})") > 0);
        QCOMPARE(value(R"(relaydesk_channels{app_id="my-app"})"), 1.0);
        QCOMPARE(value(R"(relaydesk_http_requests_total{route="events",status="200"})"), double(publishes));
        QCOMPARE(value(R"(relaydesk_http_requests_total{route="events",status="401"})"), 1.0);
        QCOMPARE(value(R"(relaydesk_http_request_duration_seconds_count{route="events"})"), double(publishes + 1));
        QCOMPARE(value(R"(relaydesk_http_request_duration_seconds_bucket{route="events",le="+Inf"})"),
            double(publishes + 1));
        QCOMPARE(value(R"(relaydesk_http_calls_received_total{app_id="my-app"})"), double(publishes + 1));
        QCOMPARE(value(R"(relaydesk_refused_connections_total{code="4001"})"), 1.0);
        QVERIFY(value("relaydesk_process_resident_memory_bytes") > 1e6);
        QVERIFY(value("relaydesk_process_open_fds") > 3);
        QVERIFY(value("relaydesk_process_cpu_seconds_total") >= 0);
        QVERIFY(result.body.contains("# TYPE relaydesk_webhook_deliveries_total counter\n"));

        // The scrape itself is counted from the next one on.
        QCOMPARE(parseSamples(http.get(relay.http("/metrics"), {}).body)
                     .value(R"(relaydesk_http_requests_total{route="metrics",status="200"})"),
            1.0);
    }

    void closesAreCountedByCode()
    {
        Relay::RelayConfig config = testConfig();
        config.sendBudgetKb = 64;
        // The stalled client below is raw TCP and never answers the close frame: the relay's lingering close
        // ends it at close_timeout, and only then is the connection counted as ended.
        config.closeTimeoutSeconds = 1;
        TestRelay relay(config);
        QVERIFY(relay.started());

        // A client that subscribes and never reads again is closed with 4100 once over its send budget.
        QTcpSocket stalled;
        stalled.setReadBufferSize(4096);
        stalled.connectToHost(QHostAddress::LocalHost, relay.port());
        QVERIFY(stalled.waitForConnected(timeoutMs));
        stalled.write(webSocketUpgrade("my-key"));
        QTRY_COMPARE_WITH_TIMEOUT(relay.hub().connectionCount(), 1, timeoutMs);
        stalled.write(maskedTextFrame(R"({"event":"relay:subscribe","data":{"channel":"firehose"}})"));
        QTRY_VERIFY_WITH_TIMEOUT(relay.hub().appById(u"my-app")->channels.find("firehose"), timeoutMs);
        Http http;
        const QString data(80 * 1024, 'x');
        for (int published = 0; published < 500 && relay.hub().connectionCount() == 1; ++published) {
            QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                             { { "channel", "firehose" }, { "event", "big" }, { "data", data } })
                         .status,
                200);
        }
        stalled.setReadBufferSize(0);
        QTRY_COMPARE_WITH_TIMEOUT(relay.hub().connectionCount(), 0, timeoutMs);

        // A client that leaves normally closes with 1000.
        WsClient leaver;
        QVERIFY(leaver.open(relay.ws()));
        leaver.socket().close();
        QTRY_COMPARE_WITH_TIMEOUT(relay.hub().connectionCount(), 0, timeoutMs);

        QHash<QString, double> samples;
        QTRY_VERIFY_WITH_TIMEOUT((samples = parseSamples(http.get(relay.http("/metrics"), {}).body))
                                     .value(R"(relaydesk_new_disconnections_total{app_id="my-app"})")
                == 2,
            timeoutMs);
        QCOMPARE(samples.value(R"(relaydesk_connection_closes_total{app_id="my-app",code="4100"})"), 1.0);
        QCOMPARE(samples.value(R"(relaydesk_connection_closes_total{app_id="my-app",code="1000"})"), 1.0);
        QCOMPARE(samples.value(R"(relaydesk_send_budget_closes_total{app_id="my-app"})"), 1.0);
        QCOMPARE(samples.value(R"(relaydesk_new_connections_total{app_id="my-app"})"), 2.0);
        QCOMPARE(samples.value(R"(relaydesk_connected{app_id="my-app"})"), 0.0);
        // The ended sessions' traffic stays in the totals (no session is live now). The 80 KB events never went
        // out: a frame that would take a socket over its send budget is not queued, the socket is closed instead.
        QVERIFY(samples.value(R"(relaydesk_socket_transmitted_bytes{app_id="my-app"})") > 0);
        QVERIFY(samples.value(R"(relaydesk_socket_transmitted_bytes{app_id="my-app"})") < 64 * 1024);
    }

    void everyAppHasItsSeries()
    {
        Relay::RelayConfig config = testConfig();
        Relay::AppConfig second;
        second.id = "second";
        second.key = "second-key";
        config.apps.append(second);
        TestRelay relay(config);
        QVERIFY(relay.started());
        WsClient client;
        QVERIFY(client.open(relay.ws("second-key")));
        Http http;
        const QHash<QString, double> samples = parseSamples(http.get(relay.http("/metrics"), {}).body);
        QCOMPARE(samples.value(R"(relaydesk_connected{app_id="my-app"})", -1), 0.0);
        QCOMPARE(samples.value(R"(relaydesk_connected{app_id="second"})", -1), 1.0);
    }

    void noMetricsTurnsTheEndpointOff()
    {
        Relay::RelayConfig config = testConfig();
        config.metrics = false;
        TestRelay relay(config);
        QVERIFY(relay.started());
        Http http;
        const HttpResult result = http.get(relay.http("/metrics"), {});
        QCOMPARE(result.status, 404);
        QVERIFY(result.json.value("error").toString().contains("--no-metrics"));
    }

    void wrongMethodIs405()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        Http http;
        const HttpResult result = http.send("POST", relay.http("/metrics"));
        QCOMPARE(result.status, 405);
    }

    void promtoolAcceptsTheOutput()
    {
        const QString promtool = QStandardPaths::findExecutable("promtool");
        if (promtool.isEmpty())
            QSKIP("promtool is not installed (Debian package prometheus)");
        TestRelay relay;
        QVERIFY(relay.started());
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        client.subscribe("chat");
        Http http;
        QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                         { { "channel", "chat" }, { "event", "e" }, { "data", "{}" } })
                     .status,
            200);
        QCOMPARE(http.get(relay.http("/apps/my-app/channels"), "wrong").status, 401);
        const QByteArray text = http.get(relay.http("/metrics"), {}).body;
        QProcess check;
        check.start(promtool, { "check", "metrics" });
        QVERIFY(check.waitForStarted(timeoutMs));
        check.write(text);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(timeoutMs));
        QVERIFY2(check.exitCode() == 0, (check.readAllStandardOutput() + check.readAllStandardError()).constData());
    }
};

QTEST_GUILESS_MAIN(MetricsTest)
#include "tst_metrics.moc"
