// SPDX-License-Identifier: MIT
// RelayConfig: documented defaults, RELAY_* environment, JSON config files, and validate().
#include "config/relayconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Relay;

using Change = std::function<void(RelayConfig &)>;

namespace {
QProcessEnvironment environment(const QList<QPair<QString, QString>> &variables)
{
    QProcessEnvironment env; // empty: nothing leaks in from the test's own environment
    for (const auto &[name, value] : variables)
        env.insert(name, value);
    return env;
}

QJsonObject app(const QString &id, const QString &key, const QString &secret)
{
    return QJsonObject { { "id", id }, { "key", key }, { "secret", secret } };
}
} // namespace

class ConfigTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

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

    void allowedOriginsFromEveryLayer()
    {
        RelayConfig config;
        QVERIFY(config.allowedOrigins.isEmpty()); // the built-in local-development names only
        QJsonObject first = app("app-a", "key-a", "secret-a");
        first.insert("allowed_origins", QJsonArray { "https://a.example" });
        const QString path = write("origins.json",
            { { "allowed_origins", QJsonArray { "https://web.example", "*.corp.example" } },
                { "apps", QJsonArray { first } } });
        QVERIFY(applyConfigFile(config, path).ok());
        QCOMPARE(config.allowedOrigins, QStringList({ "https://web.example", "*.corp.example" }));
        QCOMPARE(config.defaultApp().allowedOrigins, QStringList({ "https://a.example" }));
        QVERIFY(config.validate().ok());
        QVERIFY(applyEnvironment(
            config, environment({ { "RELAY_ALLOWED_ORIGINS", " https://x.example, http://y.test:3000 ," } }))
                    .ok());
        QCOMPARE(config.allowedOrigins, QStringList({ "https://x.example", "http://y.test:3000" }));

        RelayConfig wrong;
        const Status status
            = applyConfigFile(wrong, write("origins-bad.json", { { "allowed_origins", "https://a.example" } }));
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains("\"allowed_origins\" must be an array of strings"),
            qPrintable(status.error().message));
    }

    void fileWithSeveralApps()
    {
        QJsonObject first = app("app-a", "key-a", "secret-a");
        first.insert("max_connections", 5);
        first.insert("max_channel_name_length", 50);
        first.insert("max_event_payload_kb", 4);
        first.insert("max_event_name_length", 40);
        first.insert("max_batch_size", 3);
        first.insert("client_events_per_second", 2);
        first.insert("history_size", 7);
        first.insert("max_presence_members", 9);
        first.insert("max_user_info_kb", 1);
        first.insert("max_subscriptions_per_socket", 12);
        first.insert("enable_client_events", false);
        first.insert("enable_auth_endpoint", false);
        const QJsonObject root { { "host", "0.0.0.0" },
            { "port", 7002 },
            { "max_connections", 300 },
            { "activity_timeout", 60 },
            { "pong_timeout", 10 },
            { "http_timeout", 12 },
            { "max_request_body_kb", 64 },
            { "max_header_kb", 8 },
            { "max_frame_kb", 128 },
            { "send_budget_kb", 256 },
            { "listen_backlog", 50 },
            { "debug", true },
            { "metrics", false },
            { "apps", QJsonArray { first, app("app-b", "key-b", "secret-b") } } };
        RelayConfig config;
        const Status status = applyConfigFile(config, write("several.json", root));
        QVERIFY2(status.ok(), status.ok() ? "" : qPrintable(status.error().message));
        QCOMPARE(config.host, QStringLiteral("0.0.0.0"));
        QCOMPARE(config.port, quint16(7002));
        QCOMPARE(config.maxConnections, 300);
        QCOMPARE(config.activityTimeoutSeconds, 60);
        QCOMPARE(config.pongTimeoutSeconds, 10);
        QCOMPARE(config.httpTimeoutSeconds, 12);
        QCOMPARE(config.maxRequestBodyKb, 64);
        QCOMPARE(config.maxHeaderKb, 8);
        QCOMPARE(config.maxFrameKb, 128);
        QCOMPARE(config.sendBudgetKb, 256);
        QCOMPARE(config.listenBacklog, 50);
        QVERIFY(config.debug);
        QVERIFY(!config.metrics);
        QCOMPARE(config.apps.size(), 2); // the file's apps replace the default one

        const AppConfig &a = config.apps.at(0);
        QCOMPARE(a.id, QStringLiteral("app-a"));
        QCOMPARE(a.key, QStringLiteral("key-a"));
        QCOMPARE(a.secret, QStringLiteral("secret-a"));
        QCOMPARE(a.maxConnections, 5);
        QCOMPARE(a.maxChannelNameLength, 50);
        QCOMPARE(a.maxEventPayloadKb, 4);
        QCOMPARE(a.maxEventNameLength, 40);
        QCOMPARE(a.maxBatchSize, 3);
        QCOMPARE(a.clientEventsPerSecond, 2);
        QCOMPARE(a.historySize, 7);
        QCOMPARE(a.maxPresenceMembers, 9);
        QCOMPARE(a.maxUserInfoKb, 1);
        QCOMPARE(a.maxSubscriptionsPerSocket, 12);
        QVERIFY(!a.clientEventsEnabled);
        QVERIFY(!a.authEndpointEnabled);

        const AppConfig &b = config.apps.at(1);
        QCOMPARE(b.id, QStringLiteral("app-b"));
        QCOMPARE(b.maxChannelNameLength, 200); // per-app defaults for what the file leaves out
        QCOMPARE(b.historySize, 100);
        QCOMPARE(b.maxSubscriptionsPerSocket, 1000);
        QVERIFY(b.clientEventsEnabled);
        QVERIFY(config.validate().ok());
    }

    void fileWithoutAppsKeepsTheDefaultApp()
    {
        RelayConfig config;
        QVERIFY(applyConfigFile(config, write("noapps.json", QJsonObject { { "port", 0 } })).ok());
        QCOMPARE(config.port, quint16(0));
        QCOMPARE(config.apps.size(), 1);
        QCOMPARE(config.defaultApp().id, QStringLiteral("my-app"));
        QVERIFY(applyConfigFile(config, write("empty-object.json", QJsonObject {})).ok());
        QCOMPARE(config.port, quint16(0));
    }

    void fileErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("messagePart");
        const auto json = [](const QJsonObject &object) { return QJsonDocument(object).toJson(); };

        QTest::newRow("invalid JSON") << QByteArray("{\"port\": 7001,") << "not valid JSON";
        QTest::newRow("empty file") << QByteArray() << "not valid JSON";
        QTest::newRow("array at the top") << QByteArray("[]") << "must hold a JSON object";
        QTest::newRow("host not a string") << json({ { "host", 1 } }) << "\"host\" must be a string";
        QTest::newRow("port as string") << json({ { "port", "7001" } }) << "\"port\" must be a whole number";
        QTest::newRow("port fraction") << json({ { "port", 7001.5 } }) << "\"port\" must be a whole number";
        QTest::newRow("port too high") << json({ { "port", 70000 } }) << "port 70000 is out of range";
        QTest::newRow("port negative") << json({ { "port", -1 } }) << "out of range";
        QTest::newRow("server int as bool")
            << json({ { "max_connections", true } }) << "\"max_connections\" must be a whole number";
        QTest::newRow("server int as null")
            << json({ { "activity_timeout", QJsonValue::Null } }) << "\"activity_timeout\" must be a whole number";
        QTest::newRow("server int beyond int")
            << json({ { "max_connections", 3000000000.0 } }) << "\"max_connections\" must be a whole number";
        QTest::newRow("server int huge") << json({ { "http_timeout", 1e300 } })
                                         << "\"http_timeout\" must be a whole number";
        QTest::newRow("debug not a bool") << json({ { "debug", 1 } }) << "\"debug\" must be true or false";
        QTest::newRow("metrics not a bool") << json({ { "metrics", "no" } }) << "\"metrics\" must be true or false";
        QTest::newRow("apps empty array")
            << json({ { "apps", QJsonArray {} } }) << "\"apps\" must be a non-empty array";
        QTest::newRow("apps an object") << json({ { "apps", app("a", "k", "s") } })
                                        << "\"apps\" must be a non-empty array";
        QTest::newRow("app not an object") << json({ { "apps", QJsonArray { "a" } } }) << "apps[0] must be an object";
        QTest::newRow("second app not an object")
            << json({ { "apps", QJsonArray { app("a", "k", "s"), 1 } } }) << "apps[1] must be an object";
        QTest::newRow("app without id") << json(
            { { "apps", QJsonArray { QJsonObject { { "key", "k" }, { "secret", "s" } } } } })
                                        << "apps[0]: \"id\" is required and must be a string";
        QTest::newRow("app without secret")
            << json({ { "apps", QJsonArray { QJsonObject { { "id", "a" }, { "key", "k" } } } } })
            << "apps[0]: \"secret\" is required";
        QTest::newRow("app key a number")
            << json({ { "apps", QJsonArray { QJsonObject { { "id", "a" }, { "key", 1 }, { "secret", "s" } } } } })
            << "apps[0]: \"key\" is required and must be a string";
        QJsonObject badLimit = app("a", "k", "s");
        badLimit.insert("history_size", "100");
        QTest::newRow("app limit as string")
            << json({ { "apps", QJsonArray { badLimit } } }) << "apps[0]: \"history_size\" must be a whole number";
        QJsonObject fractionLimit = app("b", "k2", "s");
        fractionLimit.insert("max_batch_size", 2.5);
        QTest::newRow("second app limit fraction")
            << json({ { "apps", QJsonArray { app("a", "k", "s"), fractionLimit } } })
            << "apps[1]: \"max_batch_size\" must be a whole number";
        QJsonObject hugeLimit = app("a", "k", "s");
        hugeLimit.insert("max_connections", 1e12);
        QTest::newRow("app limit beyond int")
            << json({ { "apps", QJsonArray { hugeLimit } } }) << "apps[0]: \"max_connections\" must be a whole number";
        QJsonObject badBool = app("a", "k", "s");
        badBool.insert("enable_client_events", "yes");
        QTest::newRow("app flag as string") << json({ { "apps", QJsonArray { badBool } } })
                                            << "apps[0]: \"enable_client_events\" must be true or false";
    }
    void fileErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, messagePart);
        const QString path = writeRaw(QStringLiteral("bad-%1.json").arg(QTest::currentDataTag()), content);
        RelayConfig config;
        const Status status = applyConfigFile(config, path);
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, ErrorCode::BadRequest);
        QVERIFY2(status.error().message.contains(messagePart), qPrintable(status.error().message));
        QVERIFY2(status.error().message.contains(path), qPrintable(status.error().message));
    }

    void tlsSettings()
    {
        RelayConfig config;
        QVERIFY(!config.tls.active());
        const QJsonObject root { { "tls", true }, { "tls_dir", "/srv/tls" }, { "tls_only", true } };
        QVERIFY(applyConfigFile(config, write("tls.json", root)).ok());
        QVERIFY(config.tls.enabled && config.tls.only && config.tls.active() && !config.tls.userFiles());
        QCOMPARE(config.tls.dir, "/srv/tls");
        QVERIFY(config.validate().ok());
        const QJsonObject files { { "tls_cert", "/file.crt" }, { "tls_key", "/file.key" } };
        QVERIFY(applyConfigFile(config, write("tls-files.json", files)).ok());
        QVERIFY(applyEnvironment(config, environment({ { "RELAY_TLS_CERT", "/env.crt" } })).ok());
        QCOMPARE(config.tls.certFile, "/env.crt"); // environment beats file
        QCOMPARE(config.tls.keyFile, "/file.key");
        QVERIFY(config.tls.userFiles());
        QVERIFY(applyEnvironment(config, environment({ { "RELAY_TLS_KEY", "/env.key" } })).ok());
        QCOMPARE(config.tls.keyFile, "/env.key");

        const Status badType = applyConfigFile(config, write("tls-bad.json", QJsonObject { { "tls", "yes" } }));
        QVERIFY(!badType.ok());
        QVERIFY(badType.error().message.contains("\"tls\" must be true or false"));
        RelayConfig certOnly;
        certOnly.tls.certFile = "/a.crt";
        QVERIFY(certOnly.validate().error().message.contains("needs its key"));
        RelayConfig keyOnly;
        keyOnly.tls.keyFile = "/a.key";
        QVERIFY(keyOnly.validate().error().message.contains("needs its certificate"));
        RelayConfig onlyWithoutTls;
        onlyWithoutTls.tls.only = true;
        QVERIFY(onlyWithoutTls.validate().error().message.contains("--tls-only needs TLS"));
    }

    void unreadableFile()
    {
        RelayConfig config;
        const QString missing = m_dir.filePath(QStringLiteral("does-not-exist.json"));
        const Status status = applyConfigFile(config, missing);
        QVERIFY(!status.ok());
        QVERIFY(status.error().message.startsWith(QStringLiteral("cannot read config file ") + missing));
        const Status directory = applyConfigFile(config, m_dir.path());
        QVERIFY(!directory.ok());
        QVERIFY(directory.error().message.contains(QStringLiteral("cannot read config file")));
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

    void fileThenEnvironment()
    {
        // Precedence is the caller's order: a later source overrides an earlier one.
        RelayConfig config;
        QVERIFY(applyConfigFile(config,
            write("layered.json", QJsonObject { { "port", 7100 }, { "apps", QJsonArray { app("f", "fk", "fs") } } }))
                    .ok());
        QVERIFY(applyEnvironment(config, environment({ { "RELAY_PORT", "7200" }, { "RELAY_APP_KEY", "ek" } })).ok());
        QCOMPARE(config.port, quint16(7200));
        QCOMPARE(config.defaultApp().id, QStringLiteral("f"));
        QCOMPARE(config.defaultApp().key, QStringLiteral("ek"));
        QCOMPARE(config.defaultApp().secret, QStringLiteral("fs"));
    }

private:
    QString writeRaw(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    QString write(const QString &name, const QJsonObject &root) { return writeRaw(name, QJsonDocument(root).toJson()); }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(ConfigTest)
#include "tst_config.moc"
