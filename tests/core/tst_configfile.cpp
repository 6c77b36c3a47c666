// SPDX-License-Identifier: MIT
// RelayConfig from JSON config files: several apps, every error named, TLS and origin settings, and layering
// with the environment.
#include "config/relayconfig.h"
#include "configtestkit.h"

#include <QJsonArray>
#include <QTest>

#include <functional>

using namespace Relay;
using namespace ConfigTestKit;

class ConfigFileTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_files.isValid()); }

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
        const QString missing = m_files.filePath(QStringLiteral("does-not-exist.json"));
        const Status status = applyConfigFile(config, missing);
        QVERIFY(!status.ok());
        QVERIFY(status.error().message.startsWith(QStringLiteral("cannot read config file ") + missing));
        const Status directory = applyConfigFile(config, m_files.path());
        QVERIFY(!directory.ok());
        QVERIFY(directory.error().message.contains(QStringLiteral("cannot read config file")));
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
    QString writeRaw(const QString &name, const QByteArray &content) { return m_files.writeRaw(name, content); }
    QString write(const QString &name, const QJsonObject &root) { return m_files.write(name, root); }

    ConfigFiles m_files;
};

QTEST_GUILESS_MAIN(ConfigFileTest)
#include "tst_configfile.moc"
