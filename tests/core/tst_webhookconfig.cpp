// SPDX-License-Identifier: MIT
// Webhook configuration: the config file's `webhooks` list and webhook_* keys, RELAY_WEBHOOK_URL, and the
// one-line errors that name the app and the key.
#include "config/relayconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace Relay;

namespace {
QJsonObject app(QJsonObject extra = {})
{
    extra.insert("id", "shop");
    extra.insert("key", "shop-key");
    extra.insert("secret", "shop-secret");
    return extra;
}
} // namespace

class WebhookConfigTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void defaultsArePushers()
    {
        const WebhookSettings settings;
        QVERIFY(settings.targets.isEmpty());
        QCOMPARE(settings.batching, false);
        QCOMPARE(settings.batchMs, 250);
        QCOMPARE(settings.batchMax, 20);
        QCOMPARE(settings.holdBackMs, 3000);
        QCOMPARE(settings.timeoutMs, 5000);
        QCOMPARE(settings.retryForS, 300);
        QCOMPARE(settings.retryFirstMs, 1000);
        const RelayConfig config;
        QCOMPARE(config.webhookMaxInFlight, 4);
        QVERIFY(config.validate().ok());
    }

    void fullFileIsRead()
    {
        const QJsonObject webhook { { "url", "https://example.test/pusher/webhooks" },
            { "event_types", QJsonArray { "member_added", "member_removed" } },
            { "filter",
                QJsonObject { { "channel_name_starts_with", "presence-" }, { "channel_name_ends_with", "-x" } } },
            { "headers", QJsonObject { { "X-Extra", "value" } } } };
        RelayConfig config;
        QVERIFY(applyConfigFile(config,
            write("full.json",
                { { "webhook_max_in_flight", 2 },
                    { "webhook_queue_max", 50 },
                    { "webhook_queue_max_kb", 64 },
                    { "webhook_shutdown_grace_ms", 500 },
                    { "apps",
                        QJsonArray {
                            app({ { "webhooks",
                                      QJsonArray { webhook, QJsonObject { { "url", "http://127.0.0.1:3000/" } } } },
                                { "webhook_batching", true },
                                { "webhook_batch_ms", 100 },
                                { "webhook_batch_max", 5 },
                                { "webhook_hold_back_ms", 0 },
                                { "webhook_timeout_ms", 800 },
                                { "webhook_retry_for_s", 9 },
                                { "webhook_retry_first_ms", 20 } }) } } }))
                    .ok());
        QVERIFY(config.validate().ok());
        QCOMPARE(config.webhookMaxInFlight, 2);
        QCOMPARE(config.webhookQueueMax, 50);
        QCOMPARE(config.webhookQueueMaxKb, 64);
        QCOMPARE(config.webhookShutdownGraceMs, 500);
        const WebhookSettings &settings = config.defaultApp().webhooks;
        QCOMPARE(settings.targets.size(), 2);
        const WebhookTarget expected { "https://example.test/pusher/webhooks",
            { "member_added", "member_removed" },
            "presence-",
            "-x",
            { { "X-Extra", "value" } } };
        QCOMPARE(settings.targets.first(), expected);
        QCOMPARE(settings.targets.first().toJson(), webhook); // the inspector shows it in the file's own form
        QVERIFY(settings.targets.last().eventTypes.isEmpty()); // absent: every type
        QCOMPARE(settings.batching, true);
        QCOMPARE(settings.batchMs, 100);
        QCOMPARE(settings.batchMax, 5);
        QCOMPARE(settings.holdBackMs, 0);
        QCOMPARE(settings.timeoutMs, 800);
        QCOMPARE(settings.retryForS, 9);
        QCOMPARE(settings.retryFirstMs, 20);
    }

    void targetFilter()
    {
        const WebhookTarget target { "http://h/", { "member_added" }, "presence-", "-vip", {} };
        QVERIFY(target.accepts("member_added", "presence-room-vip"));
        QVERIFY(!target.accepts("member_removed", "presence-room-vip"));
        QVERIFY(!target.accepts("member_added", "presence-room"));
        QVERIFY(!target.accepts("member_added", "private-room-vip"));
        QVERIFY((WebhookTarget { "http://h/", {}, {}, {}, {} }.accepts("cache_miss", "anything")));
    }

    void environmentUrl()
    {
        RelayConfig config;
        QProcessEnvironment environment;
        environment.insert("RELAY_WEBHOOK_URL", "http://127.0.0.1:8000/hooks");
        QVERIFY(applyEnvironment(config, environment).ok());
        QCOMPARE(config.defaultApp().webhooks.targets.size(), 1);
        QCOMPARE(config.defaultApp().webhooks.targets.first().url, QStringLiteral("http://127.0.0.1:8000/hooks"));
        QVERIFY(config.defaultApp().webhooks.targets.first().eventTypes.isEmpty());
        QVERIFY(config.validate().ok());
    }

    void fileErrors_data()
    {
        QTest::addColumn<QJsonObject>("appObject");
        QTest::addColumn<QString>("messagePart");
        const auto hooks = [](const QJsonValue &value) { return app({ { "webhooks", value } }); };
        QTest::newRow("webhooks not a list") << hooks("http://x/") << "app \"shop\": \"webhooks\" must be an array";
        QTest::newRow("entry not an object")
            << hooks(QJsonArray { "http://x/" }) << "app \"shop\": webhooks[0] must be an object";
        QTest::newRow("url missing") << hooks(QJsonArray { QJsonObject {} })
                                     << "app \"shop\": webhooks[0]: \"url\" is required";
        QTest::newRow("url a number") << hooks(QJsonArray { QJsonObject { { "url", 1 } } })
                                      << "webhooks[0]: \"url\" is required and must be a string";
        QTest::newRow("event_types a string")
            << hooks(QJsonArray { QJsonObject { { "url", "http://x/" }, { "event_types", "client_event" } } })
            << "webhooks[0]: \"event_types\" must be an array of strings";
        QTest::newRow("filter a string") << hooks(
            QJsonArray { QJsonObject { { "url", "http://x/" }, { "filter", "presence-" } } })
                                         << "webhooks[0]: \"filter\" must be an object";
        QTest::newRow("filter prefix a number") << hooks(QJsonArray {
            QJsonObject { { "url", "http://x/" }, { "filter", QJsonObject { { "channel_name_starts_with", 1 } } } } })
                                                << "webhooks[0].filter: \"channel_name_starts_with\" must be a string";
        QTest::newRow("header value a number")
            << hooks(QJsonArray { QJsonObject { { "url", "http://x/" }, { "headers", QJsonObject { { "X-A", 1 } } } } })
            << "webhooks[0]: \"headers\".\"X-A\" must be a string";
        QTest::newRow("batching a string")
            << app({ { "webhook_batching", "yes" } }) << "app \"shop\": \"webhook_batching\" must be true or false";
        QTest::newRow("hold-back a string") << app({ { "webhook_hold_back_ms", "3000" } })
                                            << "app \"shop\": \"webhook_hold_back_ms\" must be a whole number";
        QTest::newRow("retry window fraction") << app({ { "webhook_retry_for_s", 1.5 } })
                                               << "app \"shop\": \"webhook_retry_for_s\" must be a whole number";
    }
    void fileErrors()
    {
        QFETCH(QJsonObject, appObject);
        QFETCH(QString, messagePart);
        RelayConfig config;
        const QString path = write(
            QStringLiteral("bad-%1.json").arg(QTest::currentDataTag()), { { "apps", QJsonArray { appObject } } });
        const Status status = applyConfigFile(config, path);
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, ErrorCode::BadRequest);
        QVERIFY2(status.error().message.contains(messagePart), qPrintable(status.error().message));
        QVERIFY2(!status.error().message.contains(u'\n'), qPrintable(status.error().message));
    }

    void validateErrors_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("messagePart");
        const QString ok = QStringLiteral("http://127.0.0.1:3000/hooks");
        QTest::newRow("ftp") << "ftp://example.test/" << QStringList() << QString()
                             << "webhooks[0].url \"ftp://example.test/\" is not";
        QTest::newRow("relative") << "/pusher/webhooks" << QStringList() << QString() << "webhooks[0].url";
        QTest::newRow("no host") << "http://" << QStringList() << QString() << "webhooks[0].url";
        QTest::newRow("garbage") << "not a url" << QStringList() << QString() << "webhooks[0].url";
        QTest::newRow("unknown type") << ok << QStringList { "channel_occupied", "presence_changed" } << QString()
                                      << "webhooks[0].event_types: unknown event type \"presence_changed\"";
        QTest::newRow("header with space") << ok << QStringList() << "Bad Name"
                                           << "webhooks[0].headers: \"Bad Name\"";
        QTest::newRow("signature header") << ok << QStringList() << "X-Pusher-Signature"
                                          << "\"X-Pusher-Signature\" is set by the relay";
    }
    void validateErrors()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, types);
        QFETCH(QString, header);
        QFETCH(QString, messagePart);
        RelayConfig config;
        config.defaultApp().webhooks.targets.append(WebhookTarget { url,
            types,
            {},
            {},
            header.isEmpty() ? QList<QPair<QString, QString>>() : QList<QPair<QString, QString>> { { header, "v" } } });
        const Status status = config.validate();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.startsWith("app \"my-app\": "), qPrintable(status.error().message));
        QVERIFY2(status.error().message.contains(messagePart), qPrintable(status.error().message));
    }

    void validateRanges_data()
    {
        QTest::addColumn<int WebhookSettings::*>("field");
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("key");
        QTest::newRow("batch 0 ms") << &WebhookSettings::batchMs << 0 << "webhook_batch_ms";
        QTest::newRow("batch max 0") << &WebhookSettings::batchMax << 0 << "webhook_batch_max";
        QTest::newRow("hold-back negative") << &WebhookSettings::holdBackMs << -1 << "webhook_hold_back_ms";
        QTest::newRow("timeout 0") << &WebhookSettings::timeoutMs << 0 << "webhook_timeout_ms";
        QTest::newRow("retry window negative") << &WebhookSettings::retryForS << -5 << "webhook_retry_for_s";
        QTest::newRow("first retry 0") << &WebhookSettings::retryFirstMs << 0 << "webhook_retry_first_ms";
    }
    void validateRanges()
    {
        QFETCH(int WebhookSettings::*, field);
        QFETCH(int, value);
        QFETCH(QString, key);
        RelayConfig config;
        config.defaultApp().webhooks.*field = value;
        const Status status = config.validate();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains(QStringLiteral("app \"my-app\": \"%1\"").arg(key)),
            qPrintable(status.error().message));
    }

    void serverLimitsValidated()
    {
        for (int RelayConfig::*field :
            { &RelayConfig::webhookMaxInFlight, &RelayConfig::webhookQueueMax, &RelayConfig::webhookQueueMaxKb }) {
            RelayConfig config;
            config.*field = 0;
            QVERIFY(!config.validate().ok());
        }
        RelayConfig config;
        config.webhookShutdownGraceMs = -1;
        QVERIFY(!config.validate().ok());
    }

private:
    QString write(const QString &name, const QJsonObject &root)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(QJsonDocument(root).toJson());
        return path;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(WebhookConfigTest)
#include "tst_webhookconfig.moc"
