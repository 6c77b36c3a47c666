// SPDX-License-Identifier: MIT
// The event log ring and its filter proxy: batch inserts, bounded memory, text/regex/channel/kind filters.
#include "eventlogmodel.h"
#include "logfilterproxy.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using Relay::FeedEvent;
using Kind = FeedEvent::Kind;
using Inspector::EventLogModel;
using Inspector::LogFilterProxy;

namespace {
FeedEvent feedEvent(Kind kind, const QString &channel, const QString &name = {}, const QString &detail = {})
{
    FeedEvent event = FeedEvent::of(kind, QStringLiteral("my-app"), channel, name, QStringLiteral("1.2"), detail);
    event.timeMs = 1700000000000;
    event.size = detail.size();
    return event;
}

QList<FeedEvent> batch(int count, const QString &channel = QStringLiteral("chat"))
{
    QList<FeedEvent> out;
    for (int i = 0; i < count; ++i)
        out.append(
            feedEvent(Kind::ApiEvent, channel, QStringLiteral("e%1").arg(i), QStringLiteral("{\"n\":%1}").arg(i)));
    return out;
}
} // namespace

class TestEventLogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchIsOneInsert()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.append(batch(500));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 499);
        model.append(batch(10));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(model.rowCount(), 510);
        model.append({});
        QCOMPARE(inserted.count(), 2);
    }

    void ringDropsOldestInOneRemoval()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(1000);
        model.append(batch(900));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.append(batch(300, QStringLiteral("later")));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.first().at(2).toInt(), 199);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.droppedCount(), 200u);
        QCOMPARE(model.eventAt(999).channel, QStringLiteral("later"));
        // A batch larger than the whole ring keeps only its newest events.
        model.append(batch(2500, QStringLiteral("huge")));
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.eventAt(0).event, QStringLiteral("e1500"));
        model.setCapacity(10); // below the minimum: clamped
        QCOMPARE(model.capacity(), EventLogModel::minimumCapacity);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.droppedCount(), 0u);
    }

    void defaultCapacityHoldsHundredThousand()
    {
        EventLogModel model;
        QVERIFY(model.capacity() >= 100000);
        for (int i = 0; i < 11; ++i)
            model.append(batch(10000));
        QCOMPARE(model.rowCount(), 100000);
    }

    void cellsAndHeaders()
    {
        EventLogModel model;
        model.append({ feedEvent(Kind::Subscribed, QStringLiteral("chat")),
            feedEvent(Kind::Error, {}, {}, QStringLiteral("bad frame")) });
        QCOMPARE(model.index(0, EventLogModel::KindColumn).data().toString(), QStringLiteral("subscribe"));
        QCOMPARE(model.index(0, EventLogModel::ChannelColumn).data().toString(), QStringLiteral("chat"));
        QCOMPARE(model.index(1, EventLogModel::EventColumn).data().toString(), QStringLiteral("bad frame"));
        QCOMPARE(model.headerData(EventLogModel::SizeColumn, Qt::Horizontal).toString(), QStringLiteral("Size"));
        QVERIFY(model.index(1, EventLogModel::KindColumn).data(Qt::ForegroundRole).isValid());
    }

    void filters()
    {
        EventLogModel model;
        LogFilterProxy proxy;
        proxy.setSourceLog(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append(batch(10, QStringLiteral("chat")));
        model.append(batch(5, QStringLiteral("orders")));
        model.append({ feedEvent(Kind::Subscribed, QStringLiteral("chat")),
            feedEvent(Kind::AuthFailure, QStringLiteral("private-x")) });
        QCOMPARE(proxy.rowCount(), 17);

        QVERIFY(proxy.setText(QStringLiteral("ORDERS"), false));
        QCOMPARE(proxy.rowCount(), 5);
        QVERIFY(proxy.setText(QStringLiteral("\"n\":[0-2]}"), true)); // payload, regex
        QCOMPARE(proxy.rowCount(), 6);
        QVERIFY(!proxy.setText(QStringLiteral("(unclosed"), true));
        QCOMPARE(proxy.rowCount(), 0);
        QVERIFY(proxy.setText({}, true));
        QCOMPARE(proxy.rowCount(), 17);

        proxy.setChannel(QStringLiteral("my-app"), QStringLiteral("chat"));
        QCOMPARE(proxy.rowCount(), 11);
        proxy.setChannel(QStringLiteral("other-app"), QStringLiteral("chat"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setChannel({}, {});

        proxy.setKindVisible(Kind::ApiEvent, false);
        QCOMPARE(proxy.rowCount(), 2);
        QVERIFY(!proxy.isKindVisible(Kind::ApiEvent));
        QVERIFY(proxy.hasFilter());
        proxy.setKindVisible(Kind::ApiEvent, true);
        QVERIFY(!proxy.hasFilter());

        // New rows are filtered as they arrive.
        proxy.setText(QStringLiteral("late"), false);
        model.append(batch(3, QStringLiteral("late")));
        QCOMPARE(proxy.rowCount(), 3);
    }
};

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
