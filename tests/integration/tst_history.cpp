// SPDX-License-Identifier: MIT
// GET /apps/{id}/channels/{name}/events (history: shape, order, limits) and GET /apps/{id}/events/log.
#include "relaytestkit.h"

#include <QRegularExpression>
#include <QTest>

using namespace RelayTest;

namespace {
const QRegularExpression timestampPattern(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));

QStringList field(const QJsonArray &events, const char *name)
{
    QStringList values;
    for (const QJsonValue &event : events)
        values.append(event.toObject().value(QLatin1String(name)).toString());
    return values;
}

QStringList numbers(int from, int to)
{
    QStringList out;
    for (int i = from; i <= to; ++i)
        out.append(QString::number(i));
    return out;
}
} // namespace

class HistoryTest : public RelaySuite {
    Q_OBJECT
private Q_SLOTS:
    void eventsHaveTheDocumentedShape()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        publish("chat", "first", "{\"n\":1}");
        publish("chat", "second", "{\"n\":2}");
        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(result.json.keys(), QStringList({ "channel", "events" }));
        QCOMPARE(result.json.value("channel").toString(), QStringLiteral("chat"));
        const QJsonArray events = result.json.value("events").toArray();
        QCOMPARE(events.size(), 2);
        const QJsonObject first = events.at(0).toObject();
        QCOMPARE(first.keys(), QStringList({ "channel", "data", "event", "id", "source", "timestamp" }));
        QVERIFY(first.value("id").isDouble());
        QCOMPARE(first.value("event").toString(), QStringLiteral("first"));
        QCOMPARE(first.value("channel").toString(), QStringLiteral("chat"));
        QCOMPARE(first.value("data").toString(), QStringLiteral("{\"n\":1}"));
        QCOMPARE(first.value("source").toString(), QStringLiteral("api"));
        const QString timestamp = first.value("timestamp").toString();
        QVERIFY2(timestampPattern.match(timestamp).hasMatch(), qPrintable(timestamp));
        const QDateTime when = QDateTime::fromString(timestamp, Qt::ISODateWithMs);
        QVERIFY(when.isValid());
        QCOMPARE(when.timeSpec(), Qt::UTC);
        QVERIFY(when >= before);
        QVERIFY(when <= QDateTime::currentDateTimeUtc().addSecs(1));
        QCOMPARE(field(events, "event"), QStringList({ "first", "second" }));
    }

    void objectDataIsStoredAsSent()
    {
        QCOMPARE(http.post(relay->http(QStringLiteral("/apps/my-app/events")),
                         "{\"channel\":\"chat\",\"event\":\"obj\",\"data\":{\"a\":[1,2]}}")
                     .status,
            200);
        const QJsonArray events
            = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events"))).json.value("events").toArray();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.at(0).toObject().value("data").toString(), QStringLiteral("{\"a\":[1,2]}"));
    }

    void idsIncreaseOldestFirst()
    {
        for (int i = 0; i < 5; ++i) {
            publish("chat", "e", QString::number(i));
            publish("other", "e", QString::number(i));
        }
        const QJsonArray events
            = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events"))).json.value("events").toArray();
        QCOMPARE(field(events, "data"), numbers(0, 4));
        for (qsizetype i = 1; i < events.size(); ++i)
            QVERIFY(events.at(i).toObject().value("id").toDouble() > events.at(i - 1).toObject().value("id").toDouble());
        QStringList timestamps = field(events, "timestamp");
        QStringList sorted = timestamps;
        sorted.sort();
        QCOMPARE(timestamps, sorted);
    }

    void socketIdIsKeptWhenOneWasExcluded()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe(QStringLiteral("chat"));
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events")),
                         { { "channel", "chat" }, { "event", "e" }, { "data", "{}" }, { "socket_id", client.socketId() } })
                     .status,
            200);
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events")),
                         { { "channel", "chat" }, { "event", "e" }, { "data", "{}" }, { "socket_id", "123.456" } })
                     .status,
            200);
        publish("chat", "e", "{}");
        const QJsonArray events
            = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events"))).json.value("events").toArray();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.at(0).toObject().value("socket_id").toString(), client.socketId());
        QCOMPARE(events.at(1).toObject().value("socket_id").toString(), QStringLiteral("123.456"));
        QVERIFY(!events.at(2).toObject().contains("socket_id"));
    }

    void defaultLimitIsFifty()
    {
        publishNumbered("chat", 60);
        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events")));
        QCOMPARE(field(result.json.value("events").toArray(), "data"), numbers(11, 60));
    }

    void limitReturnsTheNewest()
    {
        publishNumbered("chat", 8);
        QCOMPARE(field(history("chat", "limit=3"), "data"), numbers(6, 8));
        QCOMPARE(field(history("chat", "limit=1"), "data"), numbers(8, 8));
        QCOMPARE(field(history("chat", "limit=8"), "data"), numbers(1, 8));
        QCOMPARE(field(history("chat", "limit=20"), "data"), numbers(1, 8));
        QCOMPARE(field(history("chat", "limit=75"), "data"), numbers(1, 8));
    }

    void limitIsCappedByHistorySize()
    {
        Relay::RelayConfig config = testConfig();
        config.apps[0].historySize = 5;
        relay = std::make_unique<TestRelay>(config);
        QVERIFY(relay->started());
        publishNumbered("chat", 8);
        QCOMPARE(field(history("chat", {}), "data"), numbers(4, 8));
        QCOMPARE(field(history("chat", "limit=100"), "data"), numbers(4, 8));
        QCOMPARE(field(history("chat", "limit=5"), "data"), numbers(4, 8));
        QCOMPARE(field(history("chat", "limit=2"), "data"), numbers(7, 8));
        // A positive number larger than any int is still a positive number: capped, not refused.
        QCOMPARE(field(history("chat", "limit=99999999999999999999"), "data"), numbers(4, 8));
    }

    void defaultHistorySizeIsOneHundred()
    {
        publishNumbered("chat", 110);
        QCOMPARE(field(history("chat", "limit=500"), "data"), numbers(11, 110));
    }

    void badLimitIsRefused_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("zero") << QStringLiteral("limit=0");
        QTest::newRow("negative") << QStringLiteral("limit=-1");
        QTest::newRow("letters") << QStringLiteral("limit=abc");
        QTest::newRow("empty") << QStringLiteral("limit=");
        QTest::newRow("fraction") << QStringLiteral("limit=1.5");
        QTest::newRow("trailing letters") << QStringLiteral("limit=5x");
        QTest::newRow("huge negative") << QStringLiteral("limit=-99999999999999999999");
    }

    void badLimitIsRefused()
    {
        QFETCH(QString, query);
        publish("chat", "e", "{}");
        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events?") + query));
        QCOMPARE(result.status, 400);
        QVERIFY2(!result.json.value("error").toString().isEmpty(), result.body.constData());
    }

    void historyNeedsNoSubscribers()
    {
        // Nobody ever subscribed to "quiet": the event is delivered to nobody but kept.
        publish("quiet", "e", "{\"kept\":true}");
        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/quiet/events")));
        QCOMPARE(result.status, 200);
        QCOMPARE(field(result.json.value("events").toArray(), "data"), QStringList({ "{\"kept\":true}" }));
        // A channel whose subscribers left keeps its history too.
        {
            WsClient client;
            QVERIFY(client.open(relay->ws()));
            client.subscribe(QStringLiteral("chat"));
            publish("chat", "e", "1");
            QVERIFY(!client.waitFor(QStringLiteral("e")).isEmpty());
        }
        QTRY_COMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/channels"))).json.value("channels").toArray().size(), 0);
        QCOMPARE(field(history("chat", {}), "data"), QStringList({ "1" }));
    }

    void unknownChannelHasEmptyHistory()
    {
        publish("chat", "e", "{}");
        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/never-used/events")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json, QJsonObject({ { "channel", "never-used" }, { "events", QJsonArray {} } }));
    }

    void historyIsPerChannel()
    {
        publish("a", "e", "a1");
        publish("b", "e", "b1");
        publish("a", "e", "a2");
        QCOMPARE(field(history("a", {}), "data"), QStringList({ "a1", "a2" }));
        QCOMPARE(field(history("b", {}), "data"), QStringList({ "b1" }));
        QCOMPARE(field(history("b", {}), "channel"), QStringList({ "b" }));
    }

    void invalidChannelNameIsRefused()
    {
        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat%20room/events")));
        QCOMPARE(result.status, 400);
    }

    void historyNeedsBearer()
    {
        publish("chat", "e", "{}");
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events")), QByteArray()).status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/channels/chat/events")), "wrong").status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/nope/channels/chat/events"))).status, 404);
    }

    void eventsLogHoldsTheLastTwentyAcrossChannels()
    {
        const HttpResult empty = http.get(relay->http(QStringLiteral("/apps/my-app/events/log")));
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.json, QJsonObject({ { "events", QJsonArray {} } }));

        for (int i = 1; i <= 25; ++i)
            publish(i % 2 ? "odd" : "even", "e", QString::number(i));
        const HttpResult result = http.get(relay->http(QStringLiteral("/apps/my-app/events/log")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.keys(), QStringList({ "events" }));
        const QJsonArray events = result.json.value("events").toArray();
        QCOMPARE(field(events, "data"), numbers(6, 25));
        QCOMPARE(events.at(0).toObject().value("channel").toString(), QStringLiteral("even"));
        QCOMPARE(events.at(19).toObject().value("channel").toString(), QStringLiteral("odd"));
        for (qsizetype i = 1; i < events.size(); ++i)
            QCOMPARE(events.at(i).toObject().value("id").toDouble(), events.at(i - 1).toObject().value("id").toDouble() + 1);
        // The same records as the channel history.
        const QJsonArray odd = history("odd", {});
        QCOMPARE(events.at(19).toObject(), odd.last().toObject());
        const QJsonObject last = events.at(19).toObject();
        QCOMPARE(last.keys(), QStringList({ "channel", "data", "event", "id", "source", "timestamp" }));
        QVERIFY(timestampPattern.match(last.value("timestamp").toString()).hasMatch());
        QCOMPARE(last.value("source").toString(), QStringLiteral("api"));
    }

    void eventsLogNeedsBearer()
    {
        publish("chat", "e", "{}");
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/events/log")), QByteArray()).status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/events/log")), "my-secret-not").status, 401);
        QCOMPARE(http.get(relay->http(QStringLiteral("/apps/my-app/events/log"))).status, 200);
    }

    void batchEventsAreRecordedInOrder()
    {
        const QJsonObject body { { "batch",
            QJsonArray { QJsonObject { { "channel", "chat" }, { "event", "a" }, { "data", "1" } },
                QJsonObject { { "channel", "alerts" }, { "event", "b" }, { "data", "2" } },
                QJsonObject { { "channel", "chat" }, { "event", "c" }, { "data", "3" } } } } };
        QCOMPARE(http.postJson(relay->http(QStringLiteral("/apps/my-app/events/batch")), body).status, 200);
        QCOMPARE(field(history("chat", {}), "event"), QStringList({ "a", "c" }));
        const QJsonArray log = http.get(relay->http(QStringLiteral("/apps/my-app/events/log"))).json.value("events").toArray();
        QCOMPARE(field(log, "event"), QStringList({ "a", "b", "c" }));
    }

private:
    void publish(const QString &channel, const QString &event, const QString &data)
    {
        const HttpResult result = http.postJson(relay->http(QStringLiteral("/apps/my-app/events")),
            { { "channel", channel }, { "event", event }, { "data", data } });
        QVERIFY2(result.status == 200, result.body.constData());
    }

    /// Publishes data "1".."count" to `channel`, ten per batch request.
    void publishNumbered(const QString &channel, int count)
    {
        for (int first = 1; first <= count; first += 10) {
            QJsonArray batch;
            for (int i = first; i <= qMin(count, first + 9); ++i)
                batch.append(QJsonObject { { "channel", channel }, { "event", "n" }, { "data", QString::number(i) } });
            const HttpResult result
                = http.postJson(relay->http(QStringLiteral("/apps/my-app/events/batch")), { { "batch", batch } });
            QVERIFY2(result.status == 200, result.body.constData());
        }
    }

    QJsonArray history(const QString &channel, const QString &query)
    {
        const HttpResult result = http.get(relay->http(
            QStringLiteral("/apps/my-app/channels/%1/events%2").arg(channel, query.isEmpty() ? QString() : u'?' + query)));
        if (result.status != 200)
            qWarning() << "history" << channel << query << result.status << result.body;
        return result.json.value("events").toArray();
    }
};

QTEST_GUILESS_MAIN(HistoryTest)
#include "tst_history.moc"
