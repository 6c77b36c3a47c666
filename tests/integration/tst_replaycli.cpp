// SPDX-License-Identifier: MIT
// The executable's --record, --replay and --speed: files written and read by a real relaydesk process,
// driven and observed by real clients.
#include "relaytestkit.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace RelayTest;

namespace {
const QString trickyData = QStringLiteral("{\"zeta\":1,\"alpha\":[true,null],\"s\":\"\u00e9\\n\"}");

/// `relaydesk --no-gui --port 0 ARGS`, with the port read from its first line.
struct Relaydesk {
    QProcess process;
    quint16 port = 0;
    QByteArray output;

    bool start(const QStringList &arguments)
    {
        process.start(QStringLiteral(RELAYDESK_BINARY), QStringList { "--no-gui", "--port", "0" } + arguments);
        if (!process.waitForStarted(timeoutMs))
            return false;
        static_cast<void>(QTest::qWaitFor(
            [this] {
                output += process.readAllStandardOutput();
                return output.contains('\n') || process.state() != QProcess::Running;
            },
            timeoutMs));
        const QRegularExpressionMatch match
            = QRegularExpression("http://[^:]+:(\\d+)").match(QString::fromUtf8(output));
        port = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
        return port != 0;
    }
    QUrl ws() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/app/my-key").arg(port)); }
    QUrl http(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)); }
    bool stop()
    {
        ::kill(pid_t(process.processId()), SIGTERM);
        return process.waitForFinished(3 * timeoutMs) && process.exitCode() == 0;
    }
};
} // namespace

class ReplayCliTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unreadableRecordingExitsTwo()
    {
        QProcess process;
        process.start(QStringLiteral(RELAYDESK_BINARY),
            { "--no-gui", "--port", "0", "--replay", "/nonexistent/recording.jsonl" });
        QVERIFY(process.waitForFinished(timeoutMs));
        QCOMPARE(process.exitCode(), 2);
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(error.contains(QLatin1String("cannot read /nonexistent/recording.jsonl")), qPrintable(error));
    }

    void badSpeedIsRefused()
    {
        QProcess process;
        process.start(QStringLiteral(RELAYDESK_BINARY), { "--no-gui", "--speed", "fast" });
        QVERIFY(process.waitForFinished(timeoutMs));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains(QLatin1String("--speed fast")));
    }

    void recordHeadless()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rec.jsonl"));
        Relaydesk relay;
        QVERIFY(relay.start({ "--record", path }));
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        QVERIFY(!client.subscribe(QStringLiteral("news")).isEmpty());
        Http http;
        QCOMPARE(http.postJson(relay.http(QStringLiteral("/apps/my-app/events")),
                         { { "channel", "news" }, { "event", "story" }, { "data", trickyData } })
                     .status,
            200);
        QVERIFY(!client.waitFor(QStringLiteral("story")).isEmpty());
        QVERIFY(relay.stop());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QVERIFY2(lines.size() >= 2, file.fileName().toUtf8().constData());
        for (qsizetype i = 2; i < lines.size(); ++i) // the shutdown's 4200 close unsubscribes the client
            QCOMPARE(QJsonDocument::fromJson(lines.at(i)).object().value(QLatin1String("kind")).toString(),
                QStringLiteral("unsubscribe"));
        const QJsonObject subscribe = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(subscribe.value(QLatin1String("kind")).toString(), QStringLiteral("subscribe"));
        QCOMPARE(subscribe.value(QLatin1String("socket_id")).toString(), client.socketId());
        const QJsonObject publish = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(publish.value(QLatin1String("kind")).toString(), QStringLiteral("publish"));
        QCOMPARE(publish.value(QLatin1String("data")).toString(), trickyData);
        QVERIFY(publish.value(QLatin1String("t")).toDouble() >= subscribe.value(QLatin1String("t")).toDouble());
    }

    void replayHeadless()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("replay.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QJsonObject line { { "t", 1500 },
            { "app", "my-app" },
            { "kind", "publish" },
            { "channel", "news" },
            { "event", "story" },
            { "data", trickyData } };
        file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + "\n");
        file.write("{\"t\":1600,\"kind\":\"publish\"}\n");
        line.insert(QStringLiteral("t"), 1700);
        line.insert(QStringLiteral("kind"), QStringLiteral("client_event"));
        line.insert(QStringLiteral("event"), QStringLiteral("client-typing"));
        file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + "\n");
        file.close();

        Relaydesk relay;
        QVERIFY(relay.start({ "--replay", path, "--speed", "1" }));
        WsClient client;
        QVERIFY(client.open(relay.ws()));
        QVERIFY(!client.subscribe(QStringLiteral("news")).isEmpty());
        QVERIFY2(!client.has(QStringLiteral("story")), "subscribed too late for the test to mean anything");
        const QJsonObject story = client.waitFor(QStringLiteral("story"));
        QCOMPARE(story.value(QLatin1String("data")).toString(), trickyData);
        const QJsonObject typed = client.waitFor(QStringLiteral("client-typing"));
        QCOMPARE(typed.value(QLatin1String("channel")).toString(), QStringLiteral("news"));
        QTRY_VERIFY_WITH_TIMEOUT(
            (relay.output += relay.process.readAllStandardOutput()).contains("finished"), timeoutMs);
        QVERIFY2(relay.output.contains("2 events published, 0 refused"), relay.output.constData());
        QVERIFY(relay.stop());
        const QString error = QString::fromUtf8(relay.process.readAllStandardError());
        QVERIFY2(error.contains(QLatin1String("line 2: \"app\" is missing")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(ReplayCliTest)
#include "tst_replaycli.moc"
