// SPDX-License-Identifier: MIT
// The window's controls never mislead, against the real relay: the channel focus changes only when the user
// changes it, counts and empty states stay true under filters, window shortcuts work from the filter box, and
// the publish form sends exactly what was typed and remembers only what the relay accepted.
#include "channelsmodel.h"
#include "channelspanel.h"
#include "connectionsmodel.h"
#include "connectionspanel.h"
#include "inspectorfixture.h"
#include "logfilterproxy.h"
#include "membersmodel.h"
#include "memberspanel.h"
#include "publishpanel.h"
#include "relayobserver.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using RelayTest::WsClient;
using Kind = Relay::FeedEvent::Kind;

class TestInspectorControls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_fixture.start()); }
    void cleanup() { m_fixture.stop(); }

    void focusChangesOnlyWhenTheUserChangesIt()
    {
        Inspector::ChannelsPanel *channels = m_fixture.window->channels();
        WsClient alice;
        QVERIFY(alice.open(m_fixture.wsUrl()));
        const QString room = QStringLiteral("presence-room");
        alice.subscribe(room, RelayTest::member(QStringLiteral("alice")));
        QTRY_VERIFY(channels->model()->rowOf(QStringLiteral("my-app"), room) >= 0);
        // The user clicks the channel.
        const QModelIndex index = channels->proxy()->mapFromSource(
            channels->model()->index(channels->model()->rowOf(QStringLiteral("my-app"), room), 0));
        QTest::mouseClick(
            channels->view()->viewport(), Qt::LeftButton, {}, channels->view()->visualRect(index).center());
        QCOMPARE(channels->focusedChannel(), room);
        QVERIFY(channels->focusChip()->isVisible());
        QVERIFY(channels->focusChip()->text().contains(room));
        Inspector::PublishPanel *publish = m_fixture.window->publisher();
        QCOMPARE(publish->channelEdit()->text(), room);
        QCOMPARE(m_fixture.window->log()->proxy()->channel(), room);

        // Another channel appears, the focused one empties out and leaves the table: the focus stays.
        WsClient bob;
        QVERIFY(bob.open(m_fixture.wsUrl()));
        bob.subscribe(QStringLiteral("chat"));
        alice.socket().close();
        QTRY_COMPARE(channels->model()->rowOf(QStringLiteral("my-app"), room), -1);
        QTRY_VERIFY(channels->model()->rowOf(QStringLiteral("my-app"), QStringLiteral("chat")) >= 0);
        QCOMPARE(channels->focusedChannel(), room);
        QCOMPARE(publish->channelEdit()->text(), room);
        QCOMPARE(m_fixture.window->log()->proxy()->channel(), room);
        QVERIFY(channels->focusChip()->isVisible());

        // Typing in and clearing the Channels filter does not move it either.
        channels->filterEdit()->setText(QStringLiteral("ch"));
        channels->filterEdit()->clear();
        QCOMPARE(channels->focusedChannel(), room);
        QCOMPARE(publish->channelEdit()->text(), room);
        QVERIFY(!channels->view()->selectionModel()->hasSelection());

        // The chip lets go of it.
        QTest::mouseClick(channels->focusChip(), Qt::LeftButton);
        QVERIFY(channels->focusedChannel().isEmpty());
        QVERIFY(!channels->focusChip()->isVisible());
        QVERIFY(m_fixture.window->log()->proxy()->channel().isEmpty());
    }

    void countsAndEmptyStatesStayTrueUnderFilters()
    {
        Inspector::EventLogPanel *log = m_fixture.window->log();
        log->filterEdit()->setText(QStringLiteral("no-such-text"));
        QTRY_COMPARE(log->proxy()->rowCount(), 0);
        for (int i = 0; i < 5; ++i)
            m_fixture.host->publish(
                QStringLiteral("my-app"), { QStringLiteral("chat"), QStringLiteral("e"), QStringLiteral("{}"), {} });
        QTRY_VERIFY(log->model()->rowCount() >= 5);
        QTRY_VERIFY(log->statusLabel()->text().startsWith(QStringLiteral("%L1 events").arg(log->model()->rowCount())));
        QTRY_VERIFY(log->statusLabel()->text().contains(QStringLiteral(" 0 shown")));
        QVERIFY(log->statusLabel()->text().contains(QStringLiteral("text \"no-such-text\"")));
        QVERIFY(log->emptyStateLabel()->text().contains(QStringLiteral("match the filters")));
        QVERIFY(!log->emptyStateLabel()->text().contains(QStringLiteral("No events yet")));
        QVERIFY(log->findChild<QToolButton *>(QStringLiteral("clearFiltersButton"))->isVisible());

        // Channels: a filter that hides every channel says so.
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("chat"));
        Inspector::ChannelsPanel *channels = m_fixture.window->channels();
        QTRY_COMPARE(channels->model()->rowCount(), 1);
        channels->filterEdit()->setText(QStringLiteral("zzz"));
        auto *channelsEmpty = channels->view()->viewport()->findChild<QLabel *>();
        QVERIFY(channelsEmpty);
        QVERIFY(channelsEmpty->isVisible());
        QVERIFY(channelsEmpty->text().contains(QStringLiteral("match")));

        // A kind hidden in the menu shows on the button; filters restored from the last run are announced.
        log->kindAction(Kind::Connected)->setChecked(false);
        QCOMPARE(log->kindsButton()->text(), QStringLiteral("Kinds (1 hidden)"));
        m_fixture.window->close(); // saves
        m_fixture.openWindow();
        QVERIFY(QTest::qWaitForWindowExposed(m_fixture.window.get()));
        log = m_fixture.window->log();
        QVERIFY(
            log->statusLabel()->text().contains(QStringLiteral("filtered by text \"no-such-text\", 1 kind hidden")));
        QVERIFY(log->findChild<QToolButton *>(QStringLiteral("clearFiltersButton"))->isVisible());
        log->clearFilters();
        QVERIFY(!log->proxy()->hasFilter());
        QCOMPARE(log->kindsButton()->text(), QStringLiteral("Kinds"));
    }

    void ctrlEExportsFromTheFilterBox()
    {
        Inspector::EventLogPanel *log = m_fixture.window->log();
        m_fixture.window->activateWindow();
        log->filterEdit()->setFocus();
        QTRY_VERIFY(log->filterEdit()->hasFocus());
        bool dialogSeen = false;
        QTimer closer;
        closer.callOnTimeout(&closer, [&] {
            if (QWidget *dialog = QApplication::activeModalWidget()) {
                dialogSeen = true;
                dialog->close();
            }
        });
        closer.start(20);
        QTest::keyClick(log->filterEdit(), Qt::Key_E, Qt::ControlModifier);
        QTRY_VERIFY(dialogSeen);
    }

    void publishSendsExactlyWhatWasTyped()
    {
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("orders"));
        Inspector::PublishPanel *form = m_fixture.window->publisher();
        form->channelEdit()->setText(QStringLiteral("orders"));
        form->eventEdit()->setText(QStringLiteral("typed"));
        const QString typed = QStringLiteral("{\"zeta\":1,\"alpha\":2}");
        form->dataEdit()->setPlainText(typed);
        QVERIFY(form->send());
        QCOMPARE(client.waitFor(QStringLiteral("typed")).value(QStringLiteral("data")).toString(), typed);

        // Format JSON keeps the key order.
        form->formatData();
        QCOMPARE(form->dataEdit()->toPlainText(), QStringLiteral("{\n    \"zeta\": 1,\n    \"alpha\": 2\n}"));

        // A plain string goes out as itself.
        form->rawStringBox()->setChecked(true);
        form->eventEdit()->setText(QStringLiteral("raw"));
        form->dataEdit()->setPlainText(QStringLiteral("hello \"world\" {"));
        QVERIFY(form->sendButton()->isEnabled());
        QVERIFY(form->send());
        QCOMPARE(client.waitFor(QStringLiteral("raw")).value(QStringLiteral("data")).toString(),
            QStringLiteral("hello \"world\" {"));
        QTRY_COMPARE(form->history()->count(), 2);

        // A send the relay refuses does not enter the history.
        form->channelEdit()->setText(QStringLiteral("bad channel!"));
        QVERIFY(form->send());
        QTRY_VERIFY(form->answerLabel()->text().startsWith(QStringLiteral("400")));
        QCOMPARE(form->history()->count(), 2);
    }

    void hiddenPanelsAndRestCostNothing()
    {
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        auto *connectionsDock = m_fixture.window->findChild<QDockWidget *>(QStringLiteral("connections"));
        // The default layout puts Publish in front of Connections; a layout restored from another run may not.
        m_fixture.window->findChild<QDockWidget *>(QStringLiteral("publish"))->raise();
        QTRY_COMPARE(m_fixture.host->snapshot()->counters.connections, 1);
        QTRY_VERIFY(!(m_fixture.host->snapshot()->parts & Relay::ConnectionsPart));
        QVERIFY(m_fixture.host->snapshot()->connections.isEmpty());
        connectionsDock->raise();
        QTRY_COMPARE(m_fixture.host->snapshot()->connections.size(), 1);
        QTRY_COMPARE(m_fixture.window->connections()->model()->rowCount(), 1);

        // At rest the window's polls leave the relay thread alone: no snapshot is built at all.
        m_fixture.window->findChild<QDockWidget *>(QStringLiteral("publish"))->raise();
        QTRY_VERIFY(!(m_fixture.host->snapshot()->parts & Relay::ConnectionsPart));
        const quint64 state = m_fixture.host->snapshot()->stateSerial;
        const quint64 serial = m_fixture.host->snapshot()->serial;
        for (int tick = 0; tick < 5; ++tick) {
            m_fixture.window->observer()->refresh();
            m_fixture.host->runInRelayThread([](Relay::RelayServer &) {}); // whatever the poll asked for has run
        }
        QCOMPARE(m_fixture.host->snapshot()->serial, serial);
        QCOMPARE(m_fixture.host->snapshot()->stateSerial, state);
        m_fixture.host->publish(
            QStringLiteral("my-app"), { QStringLiteral("chat"), QStringLiteral("e"), QStringLiteral("{}"), {} });
        QTRY_VERIFY(m_fixture.host->snapshot()->stateSerial > state);
    }

    void steadyTrafficSlowsTheTick()
    {
        Inspector::RelayObserver *observer = m_fixture.window->observer();
        const auto publishOne = [this] {
            m_fixture.host->runInRelayThread([](Relay::RelayServer &server) {
                Relay::AppState *app = server.hub().appById(QStringLiteral("my-app"));
                const Relay::Publication publication {
                    QStringLiteral("tick"), QStringLiteral("e"), QStringLiteral("{}"), {}
                };
                QVERIFY(server.hub().publish(*app, publication));
            });
        };
        observer->refresh(); // drains whatever came before: an empty batch next
        observer->refresh();
        QCOMPARE(observer->intervalMs(), 100);
        publishOne();
        observer->refresh();
        QCOMPARE(observer->intervalMs(), 100); // one batch after a quiet tick: still the base rate
        publishOne();
        observer->refresh();
        QCOMPARE(observer->intervalMs(), 250); // events tick after tick
        observer->refresh();
        QCOMPARE(observer->intervalMs(), 100); // the first quiet tick returns to the base rate
    }

private:
    InspectorFixture m_fixture { QStringLiteral("tst_inspectorcontrols") };
};

QTEST_MAIN(TestInspectorControls)
#include "tst_inspectorcontrols.moc"
