// SPDX-License-Identifier: MIT
// The window at the sizes people use and the small promises of its controls, against the real relay: a
// 1024x700 window keeps the filter usable and every log column in view, growing it feeds the log; the log
// follows again after a filter change; copy and export confirm; counts say "1 event".
#include "channelspanel.h"
#include "eventlogmodel.h"
#include "inspectorfixture.h"
#include "logfilterproxy.h"
#include "sparkline.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStatusBar>
#include <QToolButton>
#include <QTreeView>

using RelayTest::WsClient;

namespace {
/// True when `column` of `view` lies wholly inside its viewport (not scrolled or cut off to the right).
bool columnInView(const QTreeView *view, int column)
{
    const QHeaderView *header = view->header();
    const int left = header->sectionViewportPosition(column);
    return !header->isSectionHidden(column) && left >= 0
        && left + header->sectionSize(column) <= view->viewport()->width();
}

QDockWidget *dock(const Inspector::MainWindow *window, const QString &name)
{
    return window->findChild<QDockWidget *>(name);
}

bool atBottom(const QTreeView *view)
{
    return view->verticalScrollBar()->value() == view->verticalScrollBar()->maximum();
}
} // namespace

class TestInspectorPolish : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_fixture.start()); }
    void cleanup() { m_fixture.stop(); }

    void smallWindowKeepsTheLogUsable()
    {
        Inspector::MainWindow *window = m_fixture.window.get();
        window->resize(1024, 700);
        QTRY_COMPARE(window->size(), QSize(1024, 700)); // the window can be this small
        QCoreApplication::processEvents();
        Inspector::EventLogPanel *log = window->log();
        const int charWidth = log->filterEdit()->fontMetrics().horizontalAdvance(QLatin1Char('x'));
        QVERIFY2(log->filterEdit()->width() >= 22 * charWidth,
            qPrintable(QStringLiteral("filter %1 px").arg(log->filterEdit()->width())));
        using Model = Inspector::EventLogModel;
        for (int column : { int(Model::SocketColumn), int(Model::SizeColumn), int(Model::EventColumn) })
            QVERIFY2(columnInView(log->view(), column), qPrintable(QString::number(column)));

        // Growing the window gives the new width to the log, not to the panels on the left.
        const int logBefore = log->width();
        const int leftBefore = dock(window, QStringLiteral("overview"))->width();
        window->resize(1624, 900);
        QTRY_COMPARE(window->size(), QSize(1624, 900));
        QCoreApplication::processEvents();
        const int logGrowth = log->width() - logBefore;
        const int leftGrowth = dock(window, QStringLiteral("overview"))->width() - leftBefore;
        QVERIFY2(logGrowth >= 500 && leftGrowth <= 100,
            qPrintable(QStringLiteral("log +%1 px, left +%2 px").arg(logGrowth).arg(leftGrowth)));
    }

    void filterChangesKeepFollowingTheTail()
    {
        Inspector::EventLogPanel *log = m_fixture.window->log();
        publish(80, QStringLiteral("first"));
        QTRY_COMPARE(m_fixture.rowsOf(Relay::FeedEvent::Kind::ApiEvent).size(), 80);
        QVERIFY(log->view()->verticalScrollBar()->maximum() > 0);
        QVERIFY(log->isFollowing());
        log->filterEdit()->setText(QStringLiteral("first"));
        QTRY_COMPARE(log->filterDescription(), QStringLiteral("text \"first\""));
        QVERIFY(log->isFollowing());
        QVERIFY(atBottom(log->view()));
        publish(20, QStringLiteral("first"));
        QTRY_COMPARE(m_fixture.rowsOf(Relay::FeedEvent::Kind::ApiEvent).size(), 100);
        QVERIFY(log->isFollowing());
        QTRY_VERIFY(atBottom(log->view()));
        QVERIFY(!log->newBadge()->isVisible());

        // Scrolled up, a filter change leaves the reading position to the user.
        log->view()->verticalScrollBar()->setValue(0);
        QVERIFY(!log->isFollowing());
        log->kindAction(Relay::FeedEvent::Kind::ApiCall)->setChecked(false);
        QVERIFY(!log->isFollowing());
    }

    void copyAndExportConfirm()
    {
        Inspector::EventLogPanel *log = m_fixture.window->log();
        publish(3, QStringLiteral("note"));
        QTRY_COMPARE(m_fixture.rowsOf(Relay::FeedEvent::Kind::ApiEvent).size(), 3);
        log->filterEdit()->setText(QStringLiteral("note"));
        QTRY_VERIFY(log->proxy()->rowCount() >= 3);
        log->view()->setCurrentIndex(log->proxy()->index(0, 0));
        log->copyJsonAction()->trigger();
        QVERIFY2(m_fixture.window->statusBar()->currentMessage().startsWith(QStringLiteral("Copied the event as JSON")),
            qPrintable(m_fixture.window->statusBar()->currentMessage()));
        log->copyCurlAction()->trigger();
        QVERIFY(m_fixture.window->statusBar()->currentMessage().startsWith(QStringLiteral("Copied the event as curl")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.jsonl"));
        QVERIFY(log->exportWithNotice(path));
        QCOMPARE(m_fixture.window->statusBar()->currentMessage(),
            QStringLiteral("Exported %1 events to %2").arg(log->proxy()->rowCount()).arg(path));
        QVERIFY(!log->exportWithNotice(dir.filePath(QStringLiteral("missing/out.jsonl"))));
        QVERIFY(m_fixture.window->statusBar()->currentMessage().startsWith(QStringLiteral("Could not write")));
    }

    void newBadgeLeavesSocketAndSizeReadable()
    {
        Inspector::EventLogPanel *log = m_fixture.window->log();
        publish(80, QStringLiteral("early"));
        QTRY_COMPARE(m_fixture.rowsOf(Relay::FeedEvent::Kind::ApiEvent).size(), 80);
        log->view()->verticalScrollBar()->setValue(0);
        publish(2, QStringLiteral("late"));
        QTRY_VERIFY(log->newBadge()->isVisible());
        const QRect badge = log->newBadge()->geometry().translated(-log->view()->viewport()->pos());
        const int socketLeft = log->view()->header()->sectionViewportPosition(Inspector::EventLogModel::SocketColumn);
        QVERIFY2(badge.right() < socketLeft,
            qPrintable(QStringLiteral("badge ends at %1, Socket starts at %2").arg(badge.right()).arg(socketLeft)));
    }

    void focusChipElidesInTheMiddle()
    {
        Inspector::ChannelsPanel *channels = m_fixture.window->channels();
        const QString name = QStringLiteral("private-") + QString(120, QLatin1Char('x')) + QStringLiteral("-tail");
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("chat"));
        channels->selectChannel(QStringLiteral("my-app"), name);
        const QString text = channels->focusChip()->text();
        QVERIFY2(text.startsWith(QStringLiteral("private-x")) && text.contains(QChar(0x2026))
                && text.endsWith(QStringLiteral("-tail  ✕")),
            qPrintable(text));
        QVERIFY(channels->focusChip()->toolTip().contains(name));
        QVERIFY(channels->focusChip()->sizeHint().width() <= channels->width());
    }

    void chartHasAScaleAndSaysWhenThereIsNoTraffic()
    {
        Inspector::Sparkline chart;
        QCOMPARE(chart.scaleTop(), 0.0);
        QCOMPARE(chart.caption(), QStringLiteral("no traffic in the last minute"));
        chart.addSample(0, 0);
        QCOMPARE(chart.caption(), QStringLiteral("no traffic in the last minute"));
        chart.addSample(3, 7);
        QCOMPARE(chart.scaleTop(), 10.0);
        QCOMPARE(chart.caption(), QStringLiteral("peak 7/s"));
        chart.addSample(120, 130);
        QCOMPARE(chart.scaleTop(), 200.0);
        QVERIFY(!chart.grab().isNull());
    }

    void countsAreSingularForOne()
    {
        Inspector::ChannelsPanel *channels = m_fixture.window->channels();
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("chat"));
        QTRY_VERIFY(m_fixture.window->statusBar()->findChildren<QLabel *>().size() > 0);
        QTRY_VERIFY(statusText().contains(QStringLiteral("1 connection ·")));
        QVERIFY(statusText().contains(QStringLiteral("1 channel ·")));
        channels->filterEdit()->setText(QStringLiteral("nothing-like-it"));
        const QLabel *empty = channels->findChild<QLabel *>(QStringLiteral("channelsEmptyState"));
        QVERIFY(empty != nullptr);
        QTRY_VERIFY2(empty->text().contains(QStringLiteral("None of the 1 channel ")), qPrintable(empty->text()));
    }

private:
    QString statusText() const
    {
        for (const QLabel *label : m_fixture.window->statusBar()->findChildren<QLabel *>()) {
            if (label->text().startsWith(QStringLiteral("Listening on")))
                return label->text();
        }
        return {};
    }

    void publish(int count, const QString &event)
    {
        RelayTest::Http http;
        for (int i = 0; i < count; ++i) {
            const RelayTest::HttpResult result = http.postJson(m_fixture.http(QStringLiteral("/apps/my-app/events")),
                { { QStringLiteral("channel"), QStringLiteral("feed") },
                    { QStringLiteral("event"), event },
                    { QStringLiteral("data"), QStringLiteral("{\"n\":%1}").arg(i) } });
            QCOMPARE(result.status, 200);
        }
    }

    InspectorFixture m_fixture { QStringLiteral("tst_inspectorpolish") };
};

QTEST_MAIN(TestInspectorPolish)
#include "tst_inspectorpolish.moc"
