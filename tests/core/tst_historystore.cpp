// SPDX-License-Identifier: MIT
// RingBuffer wrap-around, HistoryStore ids, per-channel and log limits, channel eviction, EventRecord JSON.
#include "channels/eventrecord.h"
#include "channels/historystore.h"
#include "channels/ringbuffer.h"

#include <QRegularExpression>
#include <QTest>

using namespace Relay;

namespace {
EventRecord record(const QString &channel, const QString &event = QStringLiteral("e"))
{
    EventRecord r;
    r.channel = channel;
    r.event = event;
    r.data = QStringLiteral("{}");
    r.timestamp = QDateTime::currentDateTimeUtc();
    return r;
}

QList<quint64> ids(const QList<EventRecord> &records)
{
    QList<quint64> out;
    for (const EventRecord &r : records)
        out.append(r.id);
    return out;
}

QList<int> range(int first, int last)
{
    QList<int> out;
    for (int i = first; i <= last; ++i)
        out.append(i);
    return out;
}
} // namespace

class HistoryStoreTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ring_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("pushes"); // pushes 1..pushes
        QTest::addColumn<QList<int>>("kept");
        QTest::newRow("empty") << 3 << 0 << QList<int> {};
        QTest::newRow("below capacity") << 3 << 2 << QList<int> { 1, 2 };
        QTest::newRow("exactly full") << 3 << 3 << QList<int> { 1, 2, 3 };
        QTest::newRow("one over drops the oldest") << 3 << 4 << QList<int> { 2, 3, 4 };
        QTest::newRow("wrapped exactly once") << 3 << 6 << QList<int> { 4, 5, 6 };
        QTest::newRow("wrapped many times") << 3 << 11 << QList<int> { 9, 10, 11 };
        QTest::newRow("capacity 1") << 1 << 5 << QList<int> { 5 };
        QTest::newRow("capacity 0 keeps nothing") << 0 << 5 << QList<int> {};
        QTest::newRow("negative capacity keeps nothing") << -1 << 5 << QList<int> {};
        QTest::newRow("large") << 100 << 250 << range(151, 250);
    }
    void ring()
    {
        QFETCH(int, capacity);
        QFETCH(int, pushes);
        QFETCH(QList<int>, kept);
        RingBuffer<int> buffer(capacity);
        for (int i = 1; i <= pushes; ++i)
            buffer.push(i);
        QCOMPARE(buffer.toList(), kept);
        QCOMPARE(buffer.size(), kept.size());
        QCOMPARE(buffer.isEmpty(), kept.isEmpty());
        QCOMPARE(buffer.capacity(), qsizetype(capacity));
        for (qsizetype i = 0; i < kept.size(); ++i)
            QCOMPARE(buffer.at(i), kept.at(i));
    }

    void newest_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<QList<int>>("expected");
        // A capacity-4 ring holding 3..7 after wrapping: 4, 5, 6, 7.
        QTest::newRow("zero") << 0 << QList<int> {};
        QTest::newRow("negative") << -3 << QList<int> {};
        QTest::newRow("one is the newest") << 1 << QList<int> { 7 };
        QTest::newRow("two, oldest first") << 2 << QList<int> { 6, 7 };
        QTest::newRow("all") << 4 << QList<int> { 4, 5, 6, 7 };
        QTest::newRow("more than size") << 50 << QList<int> { 4, 5, 6, 7 };
    }
    void newest()
    {
        QFETCH(int, count);
        QFETCH(QList<int>, expected);
        RingBuffer<int> buffer(4);
        for (int i = 1; i <= 7; ++i)
            buffer.push(i);
        QCOMPARE(buffer.newest(count), expected);
    }

    void ringClear()
    {
        RingBuffer<int> buffer(2);
        for (int i = 1; i <= 3; ++i)
            buffer.push(i);
        buffer.clear();
        QVERIFY(buffer.isEmpty());
        buffer.push(10);
        buffer.push(11);
        buffer.push(12);
        QCOMPARE(buffer.toList(), QList<int>({ 11, 12 }));
    }

    void idsIncrease()
    {
        HistoryStore store(10, 20);
        QCOMPARE(store.lastId(), quint64(0));
        const EventRecord first = store.append(record("a"));
        const EventRecord second = store.append(record("b"));
        const EventRecord third = store.append(record("a"));
        QCOMPARE(first.id, quint64(1));
        QCOMPARE(second.id, quint64(2));
        QCOMPARE(third.id, quint64(3));
        QCOMPARE(store.lastId(), quint64(3));
        QCOMPARE(ids(store.channelEvents("a", 10)), QList<quint64>({ 1, 3 }));
        QCOMPARE(ids(store.channelEvents("b", 10)), QList<quint64>({ 2 }));
        QVERIFY(store.channelEvents("c", 10).isEmpty());
    }

    void appendKeepsTheRecord()
    {
        HistoryStore store(10, 20);
        EventRecord r = record("chat", "message");
        r.data = QStringLiteral("{\"text\":\"Hello\"}");
        r.socketId = QStringLiteral("1.2");
        r.source = EventSource::Client;
        r.id = 999; // ignored: the store stamps its own id
        const EventRecord stored = store.append(r);
        QCOMPARE(stored.id, quint64(1));
        const QList<EventRecord> history = store.channelEvents("chat", 1);
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().toJson(), stored.toJson());
        QCOMPARE(history.first().data, r.data);
        QCOMPARE(history.first().socketId, r.socketId);
        QCOMPARE(history.first().source, EventSource::Client);
    }

    void perChannelLimit_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<QList<quint64>>("expected");
        // 7 events on "a" with a per-channel capacity of 5: ids 3..7 are kept.
        QTest::newRow("default-ish") << 50 << QList<quint64> { 3, 4, 5, 6, 7 };
        QTest::newRow("exactly capacity") << 5 << QList<quint64> { 3, 4, 5, 6, 7 };
        QTest::newRow("last two, oldest first") << 2 << QList<quint64> { 6, 7 };
        QTest::newRow("last one") << 1 << QList<quint64> { 7 };
        QTest::newRow("zero") << 0 << QList<quint64> {};
    }
    void perChannelLimit()
    {
        QFETCH(int, limit);
        QFETCH(QList<quint64>, expected);
        HistoryStore store(5, 20);
        QCOMPARE(store.perChannelCapacity(), 5);
        for (int i = 0; i < 7; ++i)
            store.append(record("a"));
        QCOMPARE(ids(store.channelEvents("a", limit)), expected);
    }

    void channelsAreSeparate()
    {
        HistoryStore store(2, 20);
        for (int i = 0; i < 3; ++i) {
            store.append(record("a"));
            store.append(record("b"));
        }
        // a: 1 3 5, b: 2 4 6; each keeps its own last two.
        QCOMPARE(ids(store.channelEvents("a", 10)), QList<quint64>({ 3, 5 }));
        QCOMPARE(ids(store.channelEvents("b", 10)), QList<quint64>({ 4, 6 }));
    }

    void appLogKeepsLast20()
    {
        HistoryStore store(100, 20);
        QVERIFY(store.recent().isEmpty());
        for (int i = 0; i < 25; ++i)
            store.append(record(QStringLiteral("c%1").arg(i % 3)));
        QList<quint64> expected;
        for (quint64 id = 6; id <= 25; ++id)
            expected.append(id);
        QCOMPARE(ids(store.recent()), expected);
    }

    void noChannelHistoryStillLogs()
    {
        HistoryStore store(0, 20);
        store.append(record("a"));
        store.append(record("a"));
        QVERIFY(store.channelEvents("a", 10).isEmpty());
        QCOMPARE(ids(store.recent()), QList<quint64>({ 1, 2 }));
        QCOMPARE(store.lastId(), quint64(2));
    }

    void evictsLeastRecentlyWrittenChannel()
    {
        HistoryStore store(10, 20, 3);
        store.append(record("a")); // 1
        store.append(record("b")); // 2
        store.append(record("c")); // 3
        store.append(record("a")); // 4: "a" is now the most recent, "b" the least
        store.append(record("d")); // 5: a fourth channel evicts "b"
        QVERIFY(store.channelEvents("b", 10).isEmpty());
        QCOMPARE(ids(store.channelEvents("a", 10)), QList<quint64>({ 1, 4 }));
        QCOMPARE(ids(store.channelEvents("c", 10)), QList<quint64>({ 3 }));
        QCOMPARE(ids(store.channelEvents("d", 10)), QList<quint64>({ 5 }));

        store.append(record("b")); // 6: "b" starts afresh and evicts "c"
        QCOMPARE(ids(store.channelEvents("b", 10)), QList<quint64>({ 6 }));
        QVERIFY(store.channelEvents("c", 10).isEmpty());
        QCOMPARE(ids(store.channelEvents("a", 10)), QList<quint64>({ 1, 4 }));
        // The app log is not affected by channel eviction.
        QCOMPARE(ids(store.recent()), QList<quint64>({ 1, 2, 3, 4, 5, 6 }));
    }

    void writingAnExistingChannelNeverEvicts()
    {
        HistoryStore store(10, 20, 2);
        store.append(record("a"));
        store.append(record("b"));
        for (int i = 0; i < 5; ++i)
            store.append(record("a"));
        QCOMPARE(store.channelEvents("a", 10).size(), 6);
        QCOMPARE(ids(store.channelEvents("b", 10)), QList<quint64>({ 2 }));
    }

    void toJson_data()
    {
        QTest::addColumn<QString>("socketId");
        QTest::addColumn<EventSource>("source");
        QTest::addColumn<QDateTime>("timestamp");
        QTest::addColumn<QString>("sourceText");
        QTest::addColumn<QString>("timestampText");
        const QDateTime utc(QDate(2024, 3, 9), QTime(14, 5, 7, 89), Qt::UTC);
        QTest::newRow("api, no socket") << QString() << EventSource::Api << utc << "api"
                                        << QStringLiteral("2024-03-09T14:05:07.089Z");
        QTest::newRow("api, excluded socket")
            << "1.2" << EventSource::Api << utc << "api" << QStringLiteral("2024-03-09T14:05:07.089Z");
        QTest::newRow("client") << "1234.5678" << EventSource::Client << utc << "client"
                                << QStringLiteral("2024-03-09T14:05:07.089Z");
        QTest::newRow("whole second still has ms")
            << QString() << EventSource::Api << QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC) << "api"
            << QStringLiteral("2024-01-01T00:00:00.000Z");
        QTest::newRow("offset time is converted to UTC")
            << QString() << EventSource::Api
            << QDateTime(QDate(2024, 3, 9), QTime(16, 5, 7, 89), Qt::OffsetFromUTC, 2 * 3600) << "api"
            << QStringLiteral("2024-03-09T14:05:07.089Z");
    }
    void toJson()
    {
        QFETCH(QString, socketId);
        QFETCH(EventSource, source);
        QFETCH(QDateTime, timestamp);
        QFETCH(QString, sourceText);
        QFETCH(QString, timestampText);
        EventRecord r;
        r.id = 42;
        r.event = QStringLiteral("message");
        r.channel = QStringLiteral("chat");
        r.data = QStringLiteral("{\"text\":\"Hello\"}");
        r.socketId = socketId;
        r.source = source;
        r.timestamp = timestamp;
        QJsonObject expected { { "id", 42 },
            { "event", "message" },
            { "channel", "chat" },
            { "data", "{\"text\":\"Hello\"}" },
            { "source", sourceText },
            { "timestamp", timestampText } };
        if (!socketId.isEmpty())
            expected.insert("socket_id", socketId);
        const QJsonObject json = r.toJson();
        QCOMPARE(json, expected);
        QVERIFY(json.value("id").isDouble());
        QVERIFY(json.value("data").isString());
    }

    void adoptMergesAnotherNodesRecordsInTimeOrder()
    {
        const QDateTime start = QDateTime::currentDateTimeUtc();
        const auto at = [&](const QString &channel, const QString &event, int secondsAfter, const QString &origin) {
            EventRecord r = record(channel, event);
            r.timestamp = start.addSecs(secondsAfter);
            r.origin = origin;
            return r;
        };
        HistoryStore store(2, 3);
        // This node heard "late" (published while it joined) before the snapshot arrived, which holds it too.
        store.append(at("a", "late", 5, "n/1/3"));
        store.adopt({ at("a", "one", 1, "n/1/1"),
            at("b", "two", 2, "n/1/2"),
            at("a", "late", 5, "n/1/3"),
            at("a", "no-origin", 3, QString()) });
        const auto events = [](const QList<EventRecord> &records) {
            QStringList out;
            for (const EventRecord &r : records)
                out.append(r.event);
            return out;
        };
        QCOMPARE(events(store.channelEvents("a", 10)), QStringList({ "one", "late" }));
        QCOMPARE(events(store.channelEvents("b", 10)), QStringList({ "two" }));
        QCOMPARE(events(store.recent()), QStringList({ "one", "two", "late" }));
        QCOMPARE(ids(store.recent()), QList<quint64>({ 1, 2, 3 }));
        // "two" arriving on its own after the snapshot is not recorded twice; a new event is.
        store.append(at("b", "two", 2, "n/1/2"));
        store.append(at("b", "three", 6, "n/1/4"));
        QCOMPARE(events(store.channelEvents("b", 10)), QStringList({ "two", "three" }));
        QCOMPARE(store.lastId(), quint64(4));
        // The per-channel limit (2) still holds after a merge.
        store.adopt({ at("a", "zero", 0, "m/1/1") });
        QCOMPARE(events(store.channelEvents("a", 10)), QStringList({ "one", "late" }));
    }

    void nowIsIsoUtcWithMilliseconds()
    {
        const QString text = record("a").toJson().value("timestamp").toString();
        static const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"));
        QVERIFY2(iso.match(text).hasMatch(), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(HistoryStoreTest)
#include "tst_historystore.moc"
