// SPDX-License-Identifier: MIT
// Recording and replay: the JSON Lines format, the bounded recorder fed by the real relay's feed, and the
// replayer's timing, speed, pause and step as a real WebSocket subscriber sees them.
#include "relaytestkit.h"
#include "replay/recorder.h"
#include "replay/recording.h"
#include "replay/replayer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace RelayTest;
using Relay::FeedEvent;
using Relay::RecordEntry;

namespace {
/// Data with reordered keys, escapes, non-ASCII and a line separator: it must arrive byte for byte.
const QString trickyData
    = QStringLiteral("{\"zeta\":1,\"alpha\":2,\"s\":\"caf\u00e9 \\\"q\\\" \u2028 \U0001F600\",\"n\":1.50}");

QByteArray recordingOf(const QList<QByteArray> &lines)
{
    QByteArray out;
    for (const QByteArray &line : lines)
        out += line + '\n';
    return out;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

QByteArray publishLine(qint64 t,
    const QString &event,
    const QString &data = QStringLiteral("{}"),
    const QString &channel = QStringLiteral("replayed"))
{
    FeedEvent feed = FeedEvent::of(FeedEvent::Kind::ApiEvent, QStringLiteral("my-app"), channel, event, {}, data);
    feed.timeMs = 1000 + t;
    return Relay::Recording::line(feed, 1000);
}

/// Arrival times (ms since `clock` started) of the events with names starting "tick" on one client.
struct Arrivals : QObject {
    QList<qint64> times;
    QStringList names;
    QElapsedTimer clock;
    explicit Arrivals(WsClient &client)
    {
        clock.start();
        connect(&client.socket(), &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QString name = eventOf(QJsonDocument::fromJson(text.toUtf8()).object());
            if (name.startsWith(QLatin1String("tick"))) {
                times.append(clock.elapsed());
                names.append(name);
            }
        });
    }
};
} // namespace

class ReplayTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lineKeepsDataExactly()
    {
        FeedEvent event = FeedEvent::of(FeedEvent::Kind::ClientEvent,
            QStringLiteral("my-app"),
            QStringLiteral("private-room"),
            QStringLiteral("client-typing"),
            QStringLiteral("123.456"),
            trickyData);
        event.timeMs = 5250;
        const QByteArray line = Relay::Recording::line(event, 5000);
        QVERIFY2(!line.contains('\n'), line.constData());
        const Relay::Result<RecordEntry> entry = Relay::Recording::parseLine(line);
        QVERIFY2(entry.ok(), qPrintable(entry.ok() ? QString() : entry.error().message));
        QCOMPARE(entry->offsetMs, 250);
        QCOMPARE(entry->kind, RecordEntry::Kind::ClientEvent);
        QCOMPARE(entry->kindName, QStringLiteral("client_event"));
        QCOMPARE(entry->appId, QStringLiteral("my-app"));
        QCOMPARE(entry->channel, QStringLiteral("private-room"));
        QCOMPARE(entry->event, QStringLiteral("client-typing"));
        QCOMPARE(entry->socketId, QStringLiteral("123.456"));
        QCOMPARE(entry->data, trickyData);
    }

    void badLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{\"t\":1,") << QStringLiteral("not JSON");
        QTest::newRow("array") << QByteArray("[1]") << QStringLiteral("not a JSON object");
        QTest::newRow("no t") << QByteArray("{\"kind\":\"publish\"}") << QStringLiteral("\"t\"");
        QTest::newRow("negative t") << QByteArray("{\"t\":-5,\"kind\":\"publish\"}") << QStringLiteral("\"t\"");
        QTest::newRow("no kind") << QByteArray("{\"t\":5}") << QStringLiteral("\"kind\" is missing");
        QTest::newRow("publish without data")
            << QByteArray("{\"t\":5,\"kind\":\"publish\",\"app\":\"my-app\",\"channel\":\"c\",\"event\":\"e\"}")
            << QStringLiteral("\"data\" is missing");
        QTest::newRow("data not a string") << QByteArray(
            "{\"t\":5,\"kind\":\"publish\",\"app\":\"my-app\",\"channel\":\"c\",\"event\":\"e\",\"data\":{}}")
                                           << QStringLiteral("\"data\" must be a string");
    }
    void badLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, message);
        const Relay::Result<RecordEntry> entry = Relay::Recording::parseLine(line);
        QVERIFY(!entry.ok());
        QVERIFY2(entry.error().message.contains(message), qPrintable(entry.error().message));
    }

    void readReportsLineNumbers()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir,
            QStringLiteral("r.jsonl"),
            recordingOf({ publishLine(0, QStringLiteral("tick-0")),
                "",
                "garbage",
                "{\"t\":3,\"kind\":\"subscribe\"}",
                publishLine(10, QStringLiteral("tick-1")) }));
        const Relay::Result<Relay::Recording::File> file = Relay::Recording::read(path);
        QVERIFY(file.ok());
        QCOMPARE(file->entries.size(), 3);
        QCOMPARE(file->entries.at(2).line, 5);
        QCOMPARE(file->problems.size(), 1);
        QVERIFY2(
            file->problems.first().startsWith(QLatin1String("line 3: not JSON")), qPrintable(file->problems.first()));
        QVERIFY(!Relay::Recording::read(dir.filePath(QStringLiteral("missing.jsonl"))).ok());
    }

    void recorderKeepsWhatFlowsThroughTheRelay()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        relay.hub().feed().setObserved(true);
        QTemporaryDir dir;
        Relay::Recorder recorder(dir.filePath(QStringLiteral("rec.jsonl")), 1 << 20);
        QVERIFY(recorder.open().ok());

        WsClient client;
        QVERIFY(client.open(relay.ws()));
        QVERIFY(!client.subscribe(QStringLiteral("private-room")).isEmpty());
        WsClient other;
        QVERIFY(other.open(relay.ws()));
        QVERIFY(!other.subscribe(QStringLiteral("private-room")).isEmpty());
        client.send({ { "event", "client-typing" }, { "channel", "private-room" }, { "data", trickyData } });
        QVERIFY(!other.waitFor(QStringLiteral("client-typing")).isEmpty());
        Http http;
        const QByteArray body = "{\"channel\":\"private-room\",\"event\":\"news\",\"data\":\""
            + QJsonDocument(QJsonArray { trickyData }).toJson(QJsonDocument::Compact).mid(2).chopped(2) + "\"}";
        QCOMPARE(http.post(relay.http(QStringLiteral("/apps/my-app/events")), body).status, 200);
        QVERIFY(!other.waitFor(QStringLiteral("news")).isEmpty());
        client.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", "private-room" } } } });
        QVERIFY(client.sync());

        QVERIFY(recorder.write(relay.hub().feed().drain()));
        recorder.close();
        const Relay::Result<Relay::Recording::File> file = Relay::Recording::read(recorder.path());
        QVERIFY(file.ok());
        QVERIFY(file->problems.isEmpty());
        QStringList kinds;
        for (const RecordEntry &entry : file->entries)
            kinds.append(entry.kindName);
        QCOMPARE(kinds, QStringList({ "subscribe", "subscribe", "client_event", "publish", "unsubscribe" }));
        const RecordEntry &typed = file->entries.at(2);
        QCOMPARE(typed.data, trickyData);
        QCOMPARE(typed.socketId, client.socketId());
        QCOMPARE(typed.channel, QStringLiteral("private-room"));
        QCOMPARE(file->entries.at(3).data, trickyData);
        QCOMPARE(file->entries.at(3).event, QStringLiteral("news"));
        QVERIFY(file->entries.at(3).offsetMs >= typed.offsetMs);
    }

    void recorderStopsAtItsLimit()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        relay.hub().feed().setObserved(true);
        QTemporaryDir dir;
        Relay::Recorder recorder(dir.filePath(QStringLiteral("small.jsonl")), 1000);
        QVERIFY(recorder.open().ok());
        Relay::AppState &app = *relay.hub().appById(u"my-app");
        for (int i = 0; i < 20; ++i)
            QVERIFY(relay.hub().publish(app, Relay::Publication { "c", "e", QString(60, u'x'), {} }).ok());
        QVERIFY(!recorder.write(relay.hub().feed().drain()));
        QVERIFY(recorder.limitReached());
        QVERIFY2(
            recorder.stopReason().contains(QLatin1String("limit of 1000 bytes")), qPrintable(recorder.stopReason()));
        recorder.close();
        QFile file(recorder.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.size() <= 1000);
        QVERIFY(content.size() > 500);
        QVERIFY(content.endsWith('\n'));
        QCOMPARE(content.count('\n'), recorder.linesWritten());
        QVERIFY(!recorder.write({ FeedEvent::of(FeedEvent::Kind::ApiEvent, "my-app", "c", "e") }));
    }

    void replayKeepsTimingAndBytes_data()
    {
        QTest::addColumn<double>("speed");
        QTest::newRow("recorded timing") << 1.0;
        QTest::newRow("twice as fast") << 2.0;
    }
    void replayKeepsTimingAndBytes()
    {
        QFETCH(double, speed);
        TestRelay relay;
        QVERIFY(relay.started());
        WsClient subscriber;
        QVERIFY(subscriber.open(relay.ws()));
        QVERIFY(!subscriber.subscribe(QStringLiteral("replayed")).isEmpty());
        QTemporaryDir dir;
        const QList<qint64> offsets { 200, 500, 900, 1000 };
        QList<QByteArray> lines;
        for (int i = 0; i < offsets.size(); ++i)
            lines.append(publishLine(offsets.at(i), QStringLiteral("tick-%1").arg(i), trickyData));
        const Relay::Result<Relay::Recording::File> file
            = Relay::Recording::read(writeFile(dir, QStringLiteral("t.jsonl"), recordingOf(lines)));
        QVERIFY(file.ok());

        Relay::Replayer replayer(relay.hub(), file->entries);
        replayer.setSpeed(speed);
        QSignalSpy finished(&replayer, &Relay::Replayer::finished);
        Arrivals arrivals(subscriber);
        replayer.play();
        QVERIFY(finished.wait(timeoutMs));
        QCOMPARE(finished.first().at(0).toInt(), 4);
        QTRY_COMPARE(arrivals.times.size(), 4);
        for (int i = 0; i < offsets.size(); ++i) {
            const qint64 expected = qint64(double(offsets.at(i)) / speed);
            const qint64 error = arrivals.times.at(i) - expected;
            qInfo("speed %.1f tick-%d: expected %lld ms, arrived %lld ms", speed, i, expected, arrivals.times.at(i));
            QVERIFY2(error >= -5 && error <= 80, qPrintable(QStringLiteral("tick-%1 off by %2 ms").arg(i).arg(error)));
        }
        for (int i = 0; i < offsets.size(); ++i) {
            const QJsonObject frame = subscriber.waitFor(QStringLiteral("tick-%1").arg(i));
            QCOMPARE(frame.value(QLatin1String("data")).toString(), trickyData);
        }
    }

    /// A gap that, slowed down, is longer than a timer can wait (2^31 ms): the replay waits, and plays the entry
    /// once the speed is raised (the wait was a float-to-int overflow, and Qt refused the negative interval).
    void slowReplayOfALongGapWaits()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        WsClient subscriber;
        QVERIFY(subscriber.open(relay.ws()));
        QVERIFY(!subscriber.subscribe(QStringLiteral("replayed")).isEmpty());
        QTemporaryDir dir;
        const auto file = Relay::Recording::read(writeFile(dir,
            QStringLiteral("gap.jsonl"),
            recordingOf({ publishLine(3600 * 1000, QStringLiteral("an-hour-later"), QStringLiteral("x")) })));
        QVERIFY(file.ok());
        Relay::Replayer replayer(relay.hub(), file->entries);
        replayer.setSpeed(0.001);
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
        replayer.play();
        QVERIFY(subscriber.sync());
        QVERIFY(!subscriber.has(QStringLiteral("an-hour-later")));
        replayer.setSpeed(0);
        QVERIFY(!subscriber.waitFor(QStringLiteral("an-hour-later")).isEmpty());
    }

    void speedZeroPlaysAtOnceAndClientEventsArePublished()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        WsClient subscriber;
        QVERIFY(subscriber.open(relay.ws()));
        QVERIFY(!subscriber.subscribe(QStringLiteral("private-room")).isEmpty());
        QList<QByteArray> lines;
        for (int i = 0; i < 600; ++i)
            lines.append(publishLine(qint64(i) * 1000,
                QStringLiteral("tick-%1").arg(i),
                QStringLiteral("%1").arg(i),
                QStringLiteral("private-room")));
        FeedEvent typed = FeedEvent::of(FeedEvent::Kind::ClientEvent,
            QStringLiteral("my-app"),
            QStringLiteral("private-room"),
            QStringLiteral("client-typing"),
            QStringLiteral("1.2"),
            trickyData);
        typed.timeMs = 999999;
        lines.append(Relay::Recording::line(typed, 0));
        QTemporaryDir dir;
        const auto file = Relay::Recording::read(writeFile(dir, QStringLiteral("fast.jsonl"), recordingOf(lines)));
        QVERIFY(file.ok());
        Relay::Replayer replayer(relay.hub(), file->entries);
        replayer.setSpeed(0);
        QSignalSpy finished(&replayer, &Relay::Replayer::finished);
        QElapsedTimer clock;
        clock.start();
        replayer.play();
        QVERIFY(finished.wait(timeoutMs));
        QVERIFY2(clock.elapsed() < 3000, "speed 0 waited for the recorded gaps");
        const QJsonObject typedFrame = subscriber.waitFor(QStringLiteral("client-typing"));
        QCOMPARE(typedFrame.value(QLatin1String("channel")).toString(), QStringLiteral("private-room"));
        QCOMPARE(typedFrame.value(QLatin1String("data")).toString(), trickyData);
        QCOMPARE(subscriber.count(QStringLiteral("tick-599")), 1);
        QCOMPARE(subscriber.frames.first().value(QLatin1String("event")).toString(), QStringLiteral("tick-0"));
    }

    void pauseAndStep()
    {
        TestRelay relay;
        QVERIFY(relay.started());
        WsClient subscriber;
        QVERIFY(subscriber.open(relay.ws()));
        QVERIFY(!subscriber.subscribe(QStringLiteral("replayed")).isEmpty());
        QTemporaryDir dir;
        const auto file = Relay::Recording::read(writeFile(dir,
            QStringLiteral("s.jsonl"),
            recordingOf({ publishLine(0, "tick-0"),
                publishLine(60000, "tick-1"),
                publishLine(120000, "tick-2"),
                "{\"t\":130000,\"app\":\"nope\",\"kind\":\"publish\",\"channel\":\"c\",\"event\":\"e\",\"data\":"
                "\"\"}" })));
        QVERIFY(file.ok());
        Relay::Replayer replayer(relay.hub(), file->entries);
        QSignalSpy failed(&replayer, &Relay::Replayer::entryFailed);
        replayer.play();
        QVERIFY(!subscriber.waitFor(QStringLiteral("tick-0")).isEmpty());
        replayer.pause();
        QVERIFY(!replayer.isPlaying());
        QCOMPARE(replayer.position(), 1);
        QVERIFY(replayer.step());
        QVERIFY(!subscriber.waitFor(QStringLiteral("tick-1")).isEmpty());
        QVERIFY(subscriber.sync());
        QVERIFY(!subscriber.has(QStringLiteral("tick-2")));
        QVERIFY(replayer.step());
        QVERIFY(replayer.step());
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).toInt(), 4);
        QVERIFY(failed.first().at(1).toString().contains(QLatin1String("unknown app")));
        QVERIFY(!replayer.step());
    }
};

QTEST_GUILESS_MAIN(ReplayTest)
#include "tst_replay.moc"
