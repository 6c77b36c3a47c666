// SPDX-License-Identifier: MIT
// The relaydesk executable itself: --help/--version, configuration precedence, one-line startup failures with
// a non-zero exit, and graceful shutdown on SIGTERM/SIGINT (clients get 4200, the process exits 0).
#include "relaytestkit.h"
#include "runningrelay.h"
#include "webhookreceiver.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace RelayTest;

namespace {
/// Runs relaydesk to completion and returns exit code and stderr.
QPair<int, QString> runToEnd(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(RELAYDESK_BINARY), arguments);
    process.waitForFinished(timeoutMs);
    return { process.exitCode(), QString::fromUtf8(process.readAllStandardError() + process.readAllStandardOutput()) };
}
} // namespace

class ProcessTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void helpAndVersion()
    {
        const auto help = runToEnd({ "--help" });
        QCOMPARE(help.first, 0);
        for (const char *flag : { "--no-gui", "--host", "--port", "--app-id", "--app-key", "--app-secret", "--config", "--debug", "--no-metrics" })
            QVERIFY2(help.second.contains(QLatin1String(flag)), flag);
        const auto version = runToEnd({ "--version" });
        QCOMPARE(version.first, 0);
        QVERIFY(version.second.contains(QRegularExpression("^relaydesk \\d+\\.\\d+\\.\\d+ ")));
        QVERIFY2(version.second.contains(QStringLiteral("Qt ") + QLatin1String(qVersion())), qPrintable(version.second));
        QVERIFY2(version.second.contains(QRegularExpression("OpenSSL \\d+\\.\\d+")), qPrintable(version.second));
    }

    void shutdownSignalsClose4200AndExitZero_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGINT") << SIGINT;
    }

    void shutdownSignalsClose4200AndExitZero()
    {
        QFETCH(int, signal);
        RunningRelay relay;
        QVERIFY(relay.start({}));
        WsClient a, b;
        QVERIFY(a.open(relay.ws()));
        QVERIFY(b.open(relay.ws()));
        a.subscribe("chat");
        ::kill(pid_t(relay.process.processId()), signal);
        QVERIFY(a.waitClosed());
        QVERIFY(b.waitClosed());
        QCOMPARE(a.closeCode(), 4200);
        QCOMPARE(b.closeCode(), 4200);
        QTRY_COMPARE_WITH_TIMEOUT(relay.process.state(), QProcess::NotRunning, timeoutMs);
        QCOMPARE(relay.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(relay.process.exitCode(), 0);
    }

    void debugLogsWebhookAttemptsAndShutdownReportsPendingOnes()
    {
        WebhookReceiver receiver;
        receiver.script({ 500, WebhookReceiver::hang });
        RunningRelay relay;
        QVERIFY(relay.start({ "--debug", "--webhook", receiver.url() }));
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        client.subscribe("chat");
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, timeoutMs); // the 500, then the retry that hangs
        ::kill(pid_t(relay.process.processId()), SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(relay.process.state(), QProcess::NotRunning, 3 * timeoutMs);
        QCOMPARE(relay.process.exitCode(), 0);
        const QString log = QString::fromUtf8(relay.process.readAllStandardError());
        QVERIFY2(log.contains(QRegularExpression("Webhook app=my-app channel=chat event=channel_occupied POST "
                                                 + QRegularExpression::escape(receiver.url()) + " -> HTTP 500 in \\d+ ms, attempt 1")),
            qPrintable(log));
        const QString summary = QStringLiteral("webhooks: 1 deliveries still pending at shutdown were dropped (1 to %1)").arg(receiver.url());
        QVERIFY2(log.contains(summary), qPrintable(log));
        QCOMPARE(log.count(QStringLiteral("still pending at shutdown")), 1);
    }

    void portInUseFailsWithOneLine()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        const auto result = runToEnd({ "--no-gui", "--port", QString::number(occupier.serverPort()) });
        QVERIFY(result.first != 0);
        QVERIFY2(result.second.contains("cannot listen on 127.0.0.1:" + QString::number(occupier.serverPort())), qPrintable(result.second));
        QCOMPARE(result.second.trimmed().count('\n'), 0);
    }

    void badConfigFilesFail_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("invalid json") << QByteArray("{ nope") << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("[]") << "must hold a JSON object";
        QTest::newRow("wrong type") << QByteArray("{\"port\":\"x\"}") << "whole number";
        QTest::newRow("app without secret") << QByteArray("{\"apps\":[{\"id\":\"a\",\"key\":\"k\"}]}") << "secret";
        QTest::newRow("duplicate apps")
            << QByteArray("{\"apps\":[{\"id\":\"a\",\"key\":\"k\",\"secret\":\"s\"},{\"id\":\"a\",\"key\":\"k2\",\"secret\":\"s\"}]}")
            << "used twice";
        QTest::newRow("webhook event type")
            << QByteArray("{\"apps\":[{\"id\":\"shop\",\"key\":\"k\",\"secret\":\"s\",\"webhooks\":[{\"url\":\"http://127.0.0.1:1/\","
                          "\"event_types\":[\"nope\"]}]}]}")
            << "app \"shop\": webhooks[0].event_types: unknown event type \"nope\"";
        QTest::newRow("webhook key type")
            << QByteArray("{\"apps\":[{\"id\":\"shop\",\"key\":\"k\",\"secret\":\"s\",\"webhook_timeout_ms\":\"5s\"}]}")
            << "app \"shop\": \"webhook_timeout_ms\" must be a whole number";
    }

    void badConfigFilesFail()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QFile file(dir.filePath("relay.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        const auto result = runToEnd({ "--no-gui", "--port", "0", "--config", file.fileName() });
        QVERIFY(result.first != 0);
        QVERIFY2(result.second.contains(expected), qPrintable(result.second));
        QVERIFY(result.second.startsWith("relaydesk: "));
    }

    void badWebhookFlagFails()
    {
        const auto result = runToEnd({ "--no-gui", "--port", "0", "--webhook", "ftp://example.test/hook" });
        QVERIFY(result.first != 0);
        QVERIFY2(result.second.startsWith("relaydesk: app \"my-app\": webhooks[0].url \"ftp://example.test/hook\""),
            qPrintable(result.second));
        QCOMPARE(result.second.trimmed().count('\n'), 0);
    }

    void missingConfigFileFails()
    {
        const auto result = runToEnd({ "--no-gui", "--config", "/nonexistent/relay.json" });
        QVERIFY(result.first != 0);
        QVERIFY(result.second.contains("cannot read config file"));
    }

    void unknownFlagFails()
    {
        const auto result = runToEnd({ "--no-gui", "--frobnicate" });
        QVERIFY(result.first != 0);
        QVERIFY(result.second.contains("frobnicate"));
    }

    void precedenceFlagOverEnvironmentOverFile()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath("relay.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"apps\":[{\"id\":\"file-app\",\"key\":\"file-key\",\"secret\":\"file-secret\"},"
                   "{\"id\":\"second\",\"key\":\"second-key\",\"secret\":\"second-secret\"}]}");
        file.close();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("RELAY_APP_KEY", "env-key");
        environment.insert("RELAY_APP_SECRET", "env-secret");
        RunningRelay relay;
        QVERIFY(relay.start({ "--config", file.fileName(), "--app-secret", "flag-secret" }, environment));
        WsClient client;
        QVERIFY(client.open(relay.ws("env-key"))); // env beats file
        WsClient second;
        QVERIFY(second.open(relay.ws("second-key"))); // the file's other apps stay
        Http http;
        const QByteArray body = "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"{}\"}";
        QCOMPARE(http.post(relay.http("/apps/file-app/events"), body, "flag-secret").status, 200); // flag beats env
        QCOMPARE(http.post(relay.http("/apps/file-app/events"), body, "env-secret").status, 401);
        QCOMPARE(http.post(relay.http("/apps/second/events"), body, "second-secret").status, 200);
        relay.process.terminate();
        QVERIFY(relay.process.waitForFinished(timeoutMs));
    }

    void tlsStartsAndExplainsTheCa()
    {
        QTemporaryDir dir;
        const auto help = runToEnd({ "--help" });
        for (const char *flag : { "--tls", "--tls-dir", "--tls-cert", "--tls-key", "--tls-only" })
            QVERIFY2(help.second.contains(QLatin1String(flag)), flag);
        RunningRelay relay;
        QVERIFY(relay.start({ "--tls-dir", dir.filePath("tls") })); // --tls-dir implies --tls
        QByteArray &advice = relay.output;
        QTRY_VERIFY_WITH_TIMEOUT((advice += relay.process.readAllStandardOutput()).contains("certutil"), timeoutMs);
        QVERIFY2(advice.contains("export NODE_EXTRA_CA_CERTS=" + dir.filePath("tls/ca.crt").toUtf8()), advice.constData());
        QVERIFY(advice.contains("update-ca-certificates"));
        QVERIFY(QFile::exists(dir.filePath("tls/localhost.key")));
        relay.process.terminate();
        QVERIFY(relay.process.waitForFinished(timeoutMs));
    }

    void tlsFileErrorsAreOneLine()
    {
        QTemporaryDir dir;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("RELAY_TLS_CERT", dir.filePath("env.crt"));
        environment.insert("RELAY_TLS_KEY", dir.filePath("env.key"));
        QProcess process;
        process.setProcessEnvironment(environment);
        // The flag beats the environment: the error names the flag's file.
        process.start(QStringLiteral(RELAYDESK_BINARY), { "--no-gui", "--port", "0", "--tls-cert", dir.filePath("flag.crt") });
        QVERIFY(process.waitForFinished(timeoutMs));
        QCOMPARE(process.exitCode(), 1);
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(error, "relaydesk: TLS certificate file " + dir.filePath("flag.crt") + " does not exist\n");
        const auto onlyWithoutTls = runToEnd({ "--no-gui", "--tls-only" });
        QCOMPARE(onlyWithoutTls.first, 1);
        QVERIFY(onlyWithoutTls.second.startsWith("relaydesk: --tls-only needs TLS"));
    }

    void debugLogsToStderr()
    {
        RunningRelay relay;
        QVERIFY(relay.start({ "--debug" }));
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        client.subscribe("chat");
        QByteArray log;
        QTRY_VERIFY_WITH_TIMEOUT((log += relay.process.readAllStandardError()).contains("Subscribed"), timeoutMs);
        QVERIFY(log.contains("channel=chat"));
        relay.process.terminate();
        QVERIFY(relay.process.waitForFinished(timeoutMs));
    }

    void debugLogsToStderrWithTheWindowOpen()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("QT_QPA_PLATFORM", "offscreen");
        environment.insert("XDG_RUNTIME_DIR", QDir::tempPath());
        RunningRelay relay;
        QVERIFY(relay.start({ "--debug" }, environment, true));
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        client.subscribe("chat");
        QByteArray log;
        QTRY_VERIFY_WITH_TIMEOUT((log += relay.process.readAllStandardError()).contains("Subscribed"), timeoutMs);
        QVERIFY(log.contains("channel=chat"));
        relay.process.terminate();
        QVERIFY(relay.process.waitForFinished(timeoutMs));
    }
};

QTEST_GUILESS_MAIN(ProcessTest)
#include "tst_process.moc"
