// SPDX-License-Identifier: MIT
// RelayConfig: documented defaults, RELAY_* environment, and validate().
#include "config/relayconfig.h"
#include "configtestkit.h"

#include <QJsonArray>
#include <QTest>

#include <functional>

using namespace Relay;
using namespace ConfigTestKit;

using Change = std::function<void(RelayConfig &)>;

class ConfigTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        RelayConfig config;
        QVERIFY(applyEnvironment(config, QProcessEnvironment()).ok()); // no RELAY_* variables: no change
        QCOMPARE(config.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(config.port, quint16(6001));
        QCOMPARE(config.maxConnections, 10000);
        QCOMPARE(config.activityTimeoutSeconds, 120);
        QCOMPARE(config.pongTimeoutSeconds, 30);
        QCOMPARE(config.httpTimeoutSeconds, 30);
        QCOMPARE(config.maxHeaderKb, 16);
        QCOMPARE(config.eventLogSize, 20);
        QCOMPARE(config.debug, false);
        QCOMPARE(config.metrics, true);
        QCOMPARE(config.apps.size(), 1);
        const AppConfig &app = config.apps.first();
        QCOMPARE(app.id, QStringLiteral("my-app"));
        QCOMPARE(app.key, QStringLiteral("my-key"));
        QCOMPARE(app.secret, QStringLiteral("my-secret"));
        QCOMPARE(app.maxChannelNameLength, 200);
        QCOMPARE(app.maxEventPayloadKb, 100);
        QCOMPARE(app.maxPayloadBytes(), qsizetype(100 * 1024));
        QCOMPARE(app.historySize, 100);
        QCOMPARE(app.clientEventsPerSecond, 10);
        QVERIFY(app.clientEventsEnabled);
        QVERIFY(app.authEndpointEnabled);
        QVERIFY(config.validate().ok());
    }

    void environmentApplies()
    {
        RelayConfig config;
        const Status status = applyEnvironment(config,
            environment({ { "RELAY_HOST", "0.0.0.0" },
                { "RELAY_PORT", "7001" },
                { "RELAY_APP_ID", "app-1" },
                { "RELAY_APP_KEY", "key-1" },
                { "RELAY_APP_SECRET", "secret-1" },
                { "RELAY_MAX_CONNECTIONS", "50" },
                { "RELAY_MAX_CHANNEL_NAME_LENGTH", "64" },
                { "RELAY_MAX_EVENT_PAYLOAD_KB", "8" },
                { "RELAY_MAX_SUBSCRIPTIONS_PER_SOCKET", "25" },
                { "RELAY_PING_INTERVAL", "15" },
                { "RELAY_PING_TIMEOUT", "5" },
                { "RELAY_HTTP_TIMEOUT", "9" },
                { "RELAY_DEBUG", "1" },
                { "UNRELATED", "x" } }));
        QVERIFY2(status.ok(), status.ok() ? "" : qPrintable(status.error().message));
        QCOMPARE(config.host, QStringLiteral("0.0.0.0"));
        QCOMPARE(config.port, quint16(7001));
        QCOMPARE(config.apps.size(), 1);
        QCOMPARE(config.defaultApp().id, QStringLiteral("app-1"));
        QCOMPARE(config.defaultApp().key, QStringLiteral("key-1"));
        QCOMPARE(config.defaultApp().secret, QStringLiteral("secret-1"));
        QCOMPARE(config.maxConnections, 50);
        QCOMPARE(config.defaultApp().maxChannelNameLength, 64);
        QCOMPARE(config.defaultApp().maxEventPayloadKb, 8);
        QCOMPARE(config.defaultApp().maxPayloadBytes(), qsizetype(8 * 1024));
        QCOMPARE(config.defaultApp().maxSubscriptionsPerSocket, 25);
        QCOMPARE(config.activityTimeoutSeconds, 15);
        QCOMPARE(config.pongTimeoutSeconds, 5);
        QCOMPARE(config.httpTimeoutSeconds, 9);
        QVERIFY(config.debug);
        QVERIFY(config.validate().ok());
    }

    void environmentPort_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("port");
        QTest::newRow("ordinary") << "8080" << true << 8080;
        QTest::newRow("zero picks a free port") << "0" << true << 0;
        QTest::newRow("highest") << "65535" << true << 65535;
        QTest::newRow("one too high") << "65536" << false << 6001;
        QTest::newRow("negative") << "-1" << false << 6001;
        QTest::newRow("word") << "http" << false << 6001;
        QTest::newRow("empty") << "" << false << 6001;
        QTest::newRow("fraction") << "80.5" << false << 6001;
        QTest::newRow("trailing junk") << "80x" << false << 6001;
        QTest::newRow("overflow") << "99999999999" << false << 6001;
    }
    void environmentPort()
    {
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QFETCH(int, port);
        RelayConfig config;
        const Status status = applyEnvironment(config, environment({ { "RELAY_PORT", value } }));
        QCOMPARE(status.ok(), ok);
        QCOMPARE(int(config.port), port);
        if (!ok)
            QVERIFY2(status.error().message.contains("RELAY_PORT"), qPrintable(status.error().message));
    }

    void environmentBadNumbers_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        for (const char *name : { "RELAY_MAX_CONNECTIONS",
                 "RELAY_MAX_CHANNEL_NAME_LENGTH",
                 "RELAY_MAX_EVENT_PAYLOAD_KB",
                 "RELAY_MAX_SUBSCRIPTIONS_PER_SOCKET",
                 "RELAY_PING_INTERVAL",
                 "RELAY_PING_TIMEOUT",
                 "RELAY_HTTP_TIMEOUT" }) {
            QTest::addRow("%s=abc", name) << name << "abc";
            QTest::addRow("%s=empty", name) << name << "";
            QTest::addRow("%s=1.5", name) << name << "1.5";
            QTest::addRow("%s=10k", name) << name << "10k";
            QTest::addRow("%s=overflow", name) << name << "3000000000";
        }
    }
    void environmentBadNumbers()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        RelayConfig config;
        const Status status = applyEnvironment(config, environment({ { name, value } }));
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, ErrorCode::BadRequest);
        QVERIFY2(status.error().message.contains(name), qPrintable(status.error().message));
        QVERIFY(status.error().message.contains("whole number"));
    }

    void environmentOutOfRangeFailsValidation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::newRow("no connections") << "RELAY_MAX_CONNECTIONS" << QStringLiteral("0");
        QTest::newRow("negative connections") << "RELAY_MAX_CONNECTIONS" << QStringLiteral("-5");
        QTest::newRow("zero name length") << "RELAY_MAX_CHANNEL_NAME_LENGTH" << QStringLiteral("0");
        QTest::newRow("zero payload") << "RELAY_MAX_EVENT_PAYLOAD_KB" << QStringLiteral("0");
        QTest::newRow("zero subscriptions") << "RELAY_MAX_SUBSCRIPTIONS_PER_SOCKET" << QStringLiteral("0");
        QTest::newRow("zero ping interval") << "RELAY_PING_INTERVAL" << QStringLiteral("0");
        QTest::newRow("ping interval over an hour") << "RELAY_PING_INTERVAL" << QStringLiteral("3601");
        QTest::newRow("zero ping timeout") << "RELAY_PING_TIMEOUT" << QStringLiteral("0");
        QTest::newRow("host name") << "RELAY_HOST" << QStringLiteral("example.com");
        QTest::newRow("empty app id") << "RELAY_APP_ID" << QString("");
        QTest::newRow("empty secret") << "RELAY_APP_SECRET" << QString("");
        QTest::newRow("slash in key") << "RELAY_APP_KEY" << QStringLiteral("a/b");
    }
    void environmentOutOfRangeFailsValidation()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        RelayConfig config;
        QVERIFY(applyEnvironment(config, environment({ { name, value } })).ok());
        const Status status = config.validate();
        QVERIFY(!status.ok());
        QVERIFY(!status.error().message.isEmpty());
    }

    void environmentDebug_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("debug");
        QTest::newRow("1") << "1" << true;
        QTest::newRow("true") << "true" << true;
        QTest::newRow("yes") << "yes" << true;
        QTest::newRow("0") << "0" << false;
        QTest::newRow("false") << "false" << false;
        QTest::newRow("FALSE") << "FALSE" << false;
        QTest::newRow("empty") << "" << false;
    }
    void environmentDebug()
    {
        QFETCH(QString, value);
        QFETCH(bool, debug);
        RelayConfig config;
        config.debug = !debug; // make sure the variable, not the default, decides
        QVERIFY(applyEnvironment(config, environment({ { "RELAY_DEBUG", value } })).ok());
        QCOMPARE(config.debug, debug);
    }

    void environmentOnlyTouchesTheDefaultApp()
    {
        RelayConfig config;
        AppConfig second;
        second.id = QStringLiteral("other");
        second.key = QStringLiteral("other-key");
        config.apps.append(second);
        QVERIFY(applyEnvironment(
            config, environment({ { "RELAY_APP_KEY", "k" }, { "RELAY_MAX_CHANNEL_NAME_LENGTH", "7" } }))
                    .ok());
        QCOMPARE(config.apps.at(0).key, QStringLiteral("k"));
        QCOMPARE(config.apps.at(0).maxChannelNameLength, 7);
        QCOMPARE(config.apps.at(1).key, QStringLiteral("other-key"));
        QCOMPARE(config.apps.at(1).maxChannelNameLength, 200);
    }

    void validate_data()
    {
        QTest::addColumn<Change>("change");
        QTest::addColumn<bool>("ok");
        const auto row = [](const char *name, bool ok, Change change) { QTest::newRow(name) << change << ok; };
        const auto second = [](RelayConfig &c, const QString &id, const QString &key) {
            AppConfig app;
            app.id = id;
            app.key = key;
            c.apps.append(app);
        };
        row("defaults", true, [](RelayConfig &) {});
        row("localhost", true, [](RelayConfig &c) { c.host = "localhost"; });
        row("ipv6 loopback", true, [](RelayConfig &c) { c.host = "::1"; });
        row("any address", true, [](RelayConfig &c) { c.host = "0.0.0.0"; });
        row("allowed origins", true, [](RelayConfig &c) {
            c.allowedOrigins
                = { "*", "https://app.example.com:8443", "app.example.com", "*.corp.example", "[::1]:3000" };
            c.defaultApp().allowedOrigins = { "http://web.example" };
        });
        row("origin without host", false, [](RelayConfig &c) { c.allowedOrigins = { "https://" }; });
        row("origin with a path", false, [](RelayConfig &c) { c.allowedOrigins = { "https://a.example/x" }; });
        row("origin with a bad port", false, [](RelayConfig &c) { c.allowedOrigins = { "a.example:99999" }; });
        row("wildcard inside a name", false, [](RelayConfig &c) { c.allowedOrigins = { "a*.example" }; });
        row("bad per-app origin", false, [](RelayConfig &c) { c.defaultApp().allowedOrigins = { "" }; });
        row("max connections 1", true, [](RelayConfig &c) { c.maxConnections = 1; });
        row("history 0", true, [](RelayConfig &c) { c.defaultApp().historySize = 0; });
        row("client events 0", true, [](RelayConfig &c) { c.defaultApp().clientEventsPerSecond = 0; });
        row("app max connections 0", true, [](RelayConfig &c) { c.defaultApp().maxConnections = 0; });
        row("second app distinct", true, [=](RelayConfig &c) { second(c, "second", "second-key"); });

        row("host name", false, [](RelayConfig &c) { c.host = "example.com"; });
        row("empty host", false, [](RelayConfig &c) { c.host = ""; });
        row("max connections 0", false, [](RelayConfig &c) { c.maxConnections = 0; });
        row("max connections over 1e6", false, [](RelayConfig &c) { c.maxConnections = 1000001; });
        row("ping interval 0", false, [](RelayConfig &c) { c.activityTimeoutSeconds = 0; });
        row("pong timeout 3601", false, [](RelayConfig &c) { c.pongTimeoutSeconds = 3601; });
        row("http timeout 0", false, [](RelayConfig &c) { c.httpTimeoutSeconds = 0; });
        row("body 0", false, [](RelayConfig &c) { c.maxRequestBodyKb = 0; });
        row("header 0", false, [](RelayConfig &c) { c.maxHeaderKb = 0; });
        row("frame 0", false, [](RelayConfig &c) { c.maxFrameKb = 0; });
        row("budget 0", false, [](RelayConfig &c) { c.sendBudgetKb = 0; });
        row("no apps", false, [](RelayConfig &c) { c.apps.clear(); });
        row("empty id", false, [](RelayConfig &c) { c.defaultApp().id.clear(); });
        row("empty key", false, [](RelayConfig &c) { c.defaultApp().key.clear(); });
        row("empty secret", false, [](RelayConfig &c) { c.defaultApp().secret.clear(); });
        row("slash in id", false, [](RelayConfig &c) { c.defaultApp().id = "a/b"; });
        row("slash in key", false, [](RelayConfig &c) { c.defaultApp().key = "a/b"; });
        row("duplicate id", false, [=](RelayConfig &c) { second(c, "my-app", "second-key"); });
        row("duplicate key", false, [=](RelayConfig &c) { second(c, "second", "my-key"); });
        row("name length 0", false, [](RelayConfig &c) { c.defaultApp().maxChannelNameLength = 0; });
        row("payload 0", false, [](RelayConfig &c) { c.defaultApp().maxEventPayloadKb = 0; });
        row("event name 0", false, [](RelayConfig &c) { c.defaultApp().maxEventNameLength = 0; });
        row("batch 0", false, [](RelayConfig &c) { c.defaultApp().maxBatchSize = 0; });
        row("client events negative", false, [](RelayConfig &c) { c.defaultApp().clientEventsPerSecond = -1; });
        row("history negative", false, [](RelayConfig &c) { c.defaultApp().historySize = -1; });
        row("presence members 0", false, [](RelayConfig &c) { c.defaultApp().maxPresenceMembers = 0; });
        row("user info 0", false, [](RelayConfig &c) { c.defaultApp().maxUserInfoKb = 0; });
        row("app max connections negative", false, [](RelayConfig &c) { c.defaultApp().maxConnections = -1; });
        row("second app out of range", false, [=](RelayConfig &c) {
            second(c, "second", "second-key");
            c.apps.last().maxBatchSize = 0;
        });
    }
    void validate()
    {
        QFETCH(Change, change);
        QFETCH(bool, ok);
        RelayConfig config;
        change(config);
        const Status status = config.validate();
        QCOMPARE(status.ok(), ok);
        if (!ok) {
            QCOMPARE(status.error().code, ErrorCode::BadRequest);
            QVERIFY(!status.error().message.isEmpty());
        }
    }

    void validateNamesTheDuplicate()
    {
        RelayConfig config;
        AppConfig twin;
        twin.key = QStringLiteral("another-key"); // same id "my-app"
        config.apps.append(twin);
        const Status status = config.validate();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains("\"my-app\"") && status.error().message.contains("used twice"),
            qPrintable(status.error().message));
    }
};

QTEST_GUILESS_MAIN(ConfigTest)
#include "tst_config.moc"
