// SPDX-License-Identifier: MIT
// The inspector window against the real relay running in RelayHost's thread: clients, presence, the publish
// form, log filters, pause and follow, disconnecting a socket, export, and settings kept between runs.
#include "channelsmodel.h"
#include "channelspanel.h"
#include "connectionsmodel.h"
#include "connectionspanel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "inspectorfixture.h"
#include "logfilterproxy.h"
#include "mainwindow.h"
#include "membersmodel.h"
#include "memberspanel.h"
#include "overviewpanel.h"
#include "publishpanel.h"
#include "relayhost.h"
#include "relayobserver.h"
#include "relaytestkit.h"
#include "replay/recording.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace Inspector;
using RelayTest::WsClient;
using Kind = Relay::FeedEvent::Kind;

namespace {
int findRow(const QAbstractItemModel *model, int column, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, column).data().toString() == text)
            return row;
    }
    return -1;
}

int countKind(const EventLogModel *model, Kind kind, const QString &channel = {})
{
    int count = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const Relay::FeedEvent &event = model->eventAt(row);
        count += event.kind == kind && (channel.isEmpty() || event.channel == channel);
    }
    return count;
}
} // namespace

class TestInspector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_fixture.start()); }
    void cleanup() { m_fixture.stop(); }

    void titleShowsTheAddress()
    {
        QVERIFY(m_fixture.window->windowTitle().contains(QStringLiteral("127.0.0.1:%1").arg(m_fixture.host->port())));
        QVERIFY(m_fixture.window->overview()->shownSnippet().contains(QString::number(m_fixture.host->port())));
    }

    void subscribedChannelAppears()
    {
        ChannelsModel *channels = m_fixture.window->channels()->model();
        QCOMPARE(channels->rowCount(), 0);
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        QVERIFY(!client.subscribe(QStringLiteral("chat")).isEmpty());
        QTRY_COMPARE(findRow(channels, ChannelsModel::NameColumn, QStringLiteral("chat")), 0);
        QCOMPARE(channels->index(0, ChannelsModel::TypeColumn).data().toString(), QStringLiteral("public"));
        QCOMPARE(channels->index(0, ChannelsModel::SubscribersColumn).data().toInt(), 1);
        QTRY_COMPARE(countKind(m_fixture.window->log()->model(), Kind::Subscribed, QStringLiteral("chat")), 1);
        QCOMPARE(countKind(m_fixture.window->log()->model(), Kind::Connected), 1);

        // The filter box narrows the table; the channel's event count follows publishes.
        m_fixture.window->channels()->filterEdit()->setText(QStringLiteral("nomatch"));
        QCOMPARE(m_fixture.window->channels()->proxy()->rowCount(), 0);
        m_fixture.window->channels()->filterEdit()->clear();
        QCOMPARE(m_fixture.window->channels()->proxy()->rowCount(), 1);
        m_fixture.host->publish(
            QStringLiteral("my-app"), { QStringLiteral("chat"), QStringLiteral("e"), QStringLiteral("{}"), {} });
        QTRY_COMPARE(channels->index(0, ChannelsModel::EventsColumn).data().toULongLong(), 1u);
        QVERIFY(channels->index(0, ChannelsModel::LastEventColumn).data().toString().contains(u':'));

        client.socket().close();
        QTRY_COMPARE(channels->rowCount(), 0);
    }

    void presenceJoinAndLeave()
    {
        WsClient alice;
        WsClient bob;
        QVERIFY(alice.open(m_fixture.wsUrl()));
        QVERIFY(bob.open(m_fixture.wsUrl()));
        const QString room = QStringLiteral("presence-room");
        alice.subscribe(
            room, QStringLiteral("{\"user_id\":\"alice\",\"user_info\":{\"name\":\"Alice\",\"role\":\"admin\"}}"));
        QTRY_VERIFY(m_fixture.window->channels()->model()->rowOf(QStringLiteral("my-app"), room) >= 0);
        m_fixture.window->channels()->selectChannel(QStringLiteral("my-app"), room);
        MembersModel *members = m_fixture.window->members()->model();
        QTRY_COMPARE(members->rowCount(), 1);
        QCOMPARE(members->index(0, MembersModel::IdColumn).data().toString(), QStringLiteral("alice"));
        QCOMPARE(members->index(0, MembersModel::SocketsColumn).data().toInt(), 1);

        bob.subscribe(room, QStringLiteral("{\"user_id\":42,\"user_info\":{\"name\":\"Bob\"}}"));
        QTRY_COMPARE(members->rowCount(), 2);
        QCOMPARE(members->index(1, MembersModel::IdColumn).data().toString(), QStringLiteral("42"));
        QCOMPARE(m_fixture.window->channels()->model()->index(0, ChannelsModel::MembersColumn).data().toInt(), 2);

        m_fixture.window->members()->view()->setCurrentIndex(members->index(0, 0));
        QVERIFY(m_fixture.window->members()->detail()->toPlainText().contains(QStringLiteral("\"role\": \"admin\"")));

        bob.socket().close();
        QTRY_COMPARE(members->rowCount(), 1);
        QCOMPARE(members->index(0, MembersModel::IdColumn).data().toString(), QStringLiteral("alice"));
        QTRY_COMPARE(countKind(m_fixture.window->log()->model(), Kind::MemberRemoved, room), 1);
        QCOMPARE(countKind(m_fixture.window->log()->model(), Kind::MemberAdded, room), 2);
    }

    void publishFormSendsAndTheClientReceives()
    {
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("orders"));
        PublishPanel *form = m_fixture.window->publisher();
        form->channelEdit()->setText(QStringLiteral("orders"));
        form->eventEdit()->setText(QStringLiteral("order.created"));
        form->dataEdit()->setPlainText(QStringLiteral("{ \"id\": 7, \"total\": 12.5 }"));
        QVERIFY(form->sendButton()->isEnabled());
        QTest::mouseClick(form->sendButton(), Qt::LeftButton);
        const QJsonObject frame = client.waitFor(QStringLiteral("order.created"));
        QCOMPARE(frame.value(QStringLiteral("channel")).toString(), QStringLiteral("orders"));
        QCOMPARE(WsClient::data(frame).value(QStringLiteral("id")).toInt(), 7);
        QTRY_COMPARE(form->answerLabel()->text(), QStringLiteral("200 {\"ok\":true}"));
        QTRY_COMPARE(countKind(m_fixture.window->log()->model(), Kind::ApiEvent, QStringLiteral("orders")), 1);
        QCOMPARE(form->history()->count(), 1);

        // Completion offers the live channels of the chosen app.
        QTRY_VERIFY(form->completionModel()->stringList().contains(QStringLiteral("orders")));

        // The same rules as the HTTP API: a bad channel name gets its 400 and nothing is published.
        form->channelEdit()->setText(QStringLiteral("bad channel!"));
        QVERIFY(form->send());
        QTRY_VERIFY(form->answerLabel()->text().startsWith(QStringLiteral("400 {\"error\":")));

        // Invalid JSON cannot be sent; Format pretty-prints valid JSON.
        form->dataEdit()->setPlainText(QStringLiteral("{\"a\":"));
        QVERIFY(!form->sendButton()->isEnabled());
        QVERIFY(!form->send());
        QVERIFY(form->validityLabel()->text().startsWith(QStringLiteral("not valid JSON")));
        form->dataEdit()->setPlainText(QStringLiteral("{\"a\":[1,2]}"));
        form->formatData();
        QCOMPARE(form->dataEdit()->toPlainText(), QStringLiteral("{\n    \"a\": [\n        1,\n        2\n    ]\n}"));

        // Ctrl+Enter sends; resending a history entry publishes the same payload again.
        form->channelEdit()->setText(QStringLiteral("orders"));
        form->eventEdit()->setText(QStringLiteral("order.keyboard"));
        m_fixture.window->activateWindow();
        form->dataEdit()->setFocus();
        QTest::keyClick(form->dataEdit(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!client.waitFor(QStringLiteral("order.keyboard")).isEmpty());
        const int row
            = findRow(form->history()->model(), 0, form->history()->item(form->history()->count() - 1)->text());
        QVERIFY(form->resend(row));
        QVERIFY(!client.waitFor(QStringLiteral("order.created")).isEmpty());
    }

    void filtersPauseAndFollow()
    {
        EventLogPanel *log = m_fixture.window->log();
        for (int i = 0; i < 40; ++i)
            m_fixture.host->publish(QStringLiteral("my-app"),
                { i % 2 ? QStringLiteral("odd") : QStringLiteral("even"),
                    QStringLiteral("tick"),
                    QStringLiteral("{\"i\":%1}").arg(i),
                    {} });
        QTRY_COMPARE(log->model()->rowCount(), 40);

        log->filterEdit()->setText(QStringLiteral("odd"));
        QTRY_COMPARE(log->proxy()->rowCount(), 20);
        log->regexButton()->setChecked(true);
        log->filterEdit()->setText(QStringLiteral("\"i\":3[0-9]"));
        QTRY_COMPARE(log->proxy()->rowCount(), 10);
        log->filterEdit()->clear();
        log->regexButton()->setChecked(false);
        QTRY_COMPARE(log->proxy()->rowCount(), 40);
        log->channelBox()->setEditText(QStringLiteral("even"));
        QCOMPARE(log->proxy()->rowCount(), 20);
        log->channelBox()->setEditText({});
        log->kindAction(Kind::ApiEvent)->setChecked(false);
        QCOMPARE(log->proxy()->rowCount(), 0);
        log->kindAction(Kind::ApiEvent)->setChecked(true);

        // Selecting a channel in the Channels panel focuses the log on it.
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("odd"));
        QTRY_VERIFY(m_fixture.window->channels()->model()->rowCount() == 1);
        m_fixture.window->channels()->selectChannel(QStringLiteral("my-app"), QStringLiteral("odd"));
        QCOMPARE(log->proxy()->channel(), QStringLiteral("odd"));
        // The subscribe event reaches the log with the next feed batch, which may follow the snapshot.
        QTRY_COMPARE(log->proxy()->rowCount(), 21); // 20 publishes + the subscribe
        m_fixture.window->channels()->selectChannel({}, {});
        QVERIFY(log->proxy()->channel().isEmpty());

        // Pause keeps arriving events aside; resume adds them.
        const int before = log->model()->rowCount();
        log->pauseAction()->trigger();
        QVERIFY(log->isPaused());
        m_fixture.host->publish(
            QStringLiteral("my-app"), { QStringLiteral("odd"), QStringLiteral("late"), QStringLiteral("{}"), {} });
        QTRY_VERIFY(log->statusLabel()->text().contains(QStringLiteral("1 waiting")));
        QCOMPARE(log->model()->rowCount(), before);
        log->pauseAction()->trigger();
        QVERIFY(!log->isPaused());
        QCOMPARE(log->model()->rowCount(), before + 1);

        // Follow: the view sticks to the tail until the user scrolls up; then "+N new" counts what arrives.
        m_fixture.window->resize(1400, 900);
        QVERIFY(QTest::qWaitForWindowExposed(m_fixture.window.get()));
        for (int i = 0; i < 300; ++i)
            m_fixture.host->publish(
                QStringLiteral("my-app"), { QStringLiteral("flood"), QStringLiteral("f"), QStringLiteral("{}"), {} });
        QScrollBar *bar = log->view()->verticalScrollBar();
        QTRY_VERIFY(log->model()->rowCount() > 300);
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(log->isFollowing());
        bar->setValue(0); // the user scrolls up
        QVERIFY(!log->isFollowing());
        for (int i = 0; i < 5; ++i)
            m_fixture.host->publish(
                QStringLiteral("my-app"), { QStringLiteral("flood"), QStringLiteral("g"), QStringLiteral("{}"), {} });
        QTRY_COMPARE(log->newCount(), 5);
        QVERIFY(log->newBadge()->isVisible());
        QCOMPARE(log->newBadge()->text(), QStringLiteral("+5 new ↓"));
        QCOMPARE(bar->value(), 0);
        QTest::mouseClick(log->newBadge(), Qt::LeftButton);
        QVERIFY(log->isFollowing());
        QVERIFY(!log->newBadge()->isVisible());
        QCOMPARE(bar->value(), bar->maximum());

        // When the ring drops the oldest rows, a reader scrolled up keeps the same rows in view.
        log->clearAction()->trigger();
        QCOMPARE(log->model()->rowCount(), 0);
        log->setCapacity(EventLogModel::minimumCapacity);
        QList<Relay::FeedEvent> synthetic;
        for (int i = 0; i < 1000; ++i)
            synthetic.append(Relay::FeedEvent::of(
                Kind::ApiEvent, QStringLiteral("my-app"), QStringLiteral("ring"), QString::number(i)));
        log->appendEvents(synthetic);
        QTRY_COMPARE(bar->value(), bar->maximum());
        bar->setValue(500);
        QVERIFY(!log->isFollowing());
        const QString topBefore
            = log->view()->indexAt(QPoint(5, 5)).siblingAtColumn(EventLogModel::EventColumn).data().toString();
        QCOMPARE(topBefore, QStringLiteral("500"));
        log->appendEvents(synthetic.mid(0, 100));
        QCOMPARE(log->model()->rowCount(), 1000);
        QCOMPARE(bar->value(), 400);
        QCOMPARE(log->view()->indexAt(QPoint(5, 5)).siblingAtColumn(EventLogModel::EventColumn).data().toString(),
            topBefore);
        QVERIFY(!log->isFollowing());
    }

    void detailCopyAndExport()
    {
        EventLogPanel *log = m_fixture.window->log();
        m_fixture.host->publish(QStringLiteral("my-app"),
            { QStringLiteral("chat"), QStringLiteral("hello"), QStringLiteral("{\"x\":1}"), {} });
        QTRY_COMPARE(countKind(log->model(), Kind::ApiEvent), 1);
        const int row = findRow(log->proxy(), EventLogModel::EventColumn, QStringLiteral("hello"));
        QVERIFY(row >= 0);
        log->view()->setCurrentIndex(log->proxy()->index(row, 0));
        QVERIFY(log->detail()->toPlainText().contains(QStringLiteral("\"x\": 1")));
        QVERIFY(log->copyCurlAction()->isEnabled());
        QVERIFY(log->currentJson().contains(QStringLiteral("\"event\": \"hello\"")));
        const QString curl = log->currentCurl();
        QVERIFY(curl.contains(QStringLiteral("http://127.0.0.1:%1/apps/my-app/events").arg(m_fixture.host->port())));
        QVERIFY(curl.contains(QStringLiteral("Bearer my-secret")));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.jsonl"));
        QVERIFY(log->exportTo(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), log->proxy()->rowCount());
        for (const QByteArray &line : lines)
            QVERIFY(QJsonDocument::fromJson(line).isObject());
        // The export is a recording: the publish replays with its data exactly as sent.
        const Relay::Result<Relay::Recording::File> recording = Relay::Recording::read(path);
        QVERIFY(recording.ok());
        QVERIFY(recording->problems.isEmpty());
        const auto published = std::find_if(recording->entries.cbegin(),
            recording->entries.cend(),
            [](const Relay::RecordEntry &entry) { return entry.kind == Relay::RecordEntry::Kind::Publish; });
        QVERIFY(published != recording->entries.cend());
        QCOMPARE(published->event, QStringLiteral("hello"));
        QCOMPARE(published->channel, QStringLiteral("chat"));
        QCOMPARE(published->data, QStringLiteral("{\"x\":1}"));
    }

    void disconnectWithChosenCode()
    {
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        ConnectionsPanel *panel = m_fixture.window->connections();
        m_fixture.window->findChild<QDockWidget *>(QStringLiteral("connections"))->raise(); // hidden panels get no data
        QTRY_VERIFY(panel->model()->rowOf(client.socketId()) >= 0);
        const int row = panel->model()->rowOf(client.socketId());
        QCOMPARE(
            panel->model()->index(row, ConnectionsModel::DialectColumn).data().toString(), QStringLiteral("relay"));
        QVERIFY(panel->model()
                    ->index(row, ConnectionsModel::RemoteColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("127.0.0.1:")));
        QTRY_VERIFY(
            panel->model()->index(panel->model()->rowOf(client.socketId()), ConnectionsModel::OutColumn).data().toInt()
            >= 1);
        QVERIFY(panel->selectSocket(client.socketId()));
        QVERIFY(panel->disconnectButton()->isEnabled());
        panel->setCloseCode(4321);
        QTest::mouseClick(panel->disconnectButton(), Qt::LeftButton);
        QVERIFY(client.waitClosed());
        QCOMPARE(client.closeCode(), 4321);
        QTRY_COMPARE(panel->answerLabel()->text(), QStringLiteral("closed %1 with 4321").arg(client.socketId()));
        QVERIFY(!panel->view()->selectionModel()->hasSelection()); // a second Del closes nothing
        QTRY_COMPARE(panel->model()->rowOf(client.socketId()), -1);
        QTRY_COMPARE(countKind(m_fixture.window->log()->model(), Kind::Disconnected), 1);
    }

    void commandsAnswerLikeTheApi()
    {
        QSignalSpy published(m_fixture.host.get(), &Relay::RelayHost::published);
        QSignalSpy disconnected(m_fixture.host.get(), &Relay::RelayHost::disconnectAnswered);
        const quint64 unknownApp = m_fixture.host->publish(
            QStringLiteral("nope"), { QStringLiteral("c"), QStringLiteral("e"), QStringLiteral("{}"), {} });
        QTRY_COMPARE(published.count(), 1);
        const auto answer = published.first().first().value<Relay::CommandAnswer>();
        QCOMPARE(answer.requestId, unknownApp);
        QCOMPARE(answer.status, 404);
        QCOMPARE(answer.body, QByteArray("{\"error\":\"unknown app \\\"nope\\\"\"}"));

        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        m_fixture.host->disconnectSocket(client.socketId(), 1005); // reserved: never sent in a close frame
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(disconnected.first().first().value<Relay::CommandAnswer>().status, 400);
        m_fixture.host->disconnectSocket(QStringLiteral("1.999"), 4200);
        QTRY_COMPARE(disconnected.count(), 2);
        QCOMPARE(disconnected.last().first().value<Relay::CommandAnswer>().status, 404);
        QVERIFY(client.sync());
        QVERIFY(client.isConnected());
    }

    void overviewCountsAndSecret()
    {
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("chat"));
        QTRY_VERIFY(m_fixture.window->overview()->countsText().contains(QStringLiteral("Connections 1 ·")));
        OverviewPanel *overview = m_fixture.window->overview();
        for (int tab = 0; tab < overview->snippetTabs()->count(); ++tab) {
            overview->snippetTabs()->setCurrentIndex(tab);
            QVERIFY(!overview->shownSnippet().contains(QStringLiteral("my-secret")));
        }
        overview->snippetTabs()->setCurrentIndex(2); // Laravel .env
        QVERIFY(overview->copyText().contains(QStringLiteral("PUSHER_APP_SECRET=my-secret")));
        overview->setSecretRevealed(true);
        QVERIFY(overview->shownSnippet().contains(QStringLiteral("PUSHER_APP_SECRET=my-secret")));
        QVERIFY(overview->shownSnippet().contains(QStringLiteral("PUSHER_PORT=%1").arg(m_fixture.host->port())));
        for (int i = 0; i < 200; ++i)
            m_fixture.host->publish(
                QStringLiteral("my-app"), { QStringLiteral("chat"), QStringLiteral("e"), QStringLiteral("{}"), {} });
        QTRY_VERIFY(overview->eventsPerSecond() > 0);
        QTRY_VERIFY(overview->deliveriesPerSecond() > 0);
    }

    void settingsAreRemembered()
    {
        EventLogPanel *log = m_fixture.window->log();
        log->filterEdit()->setText(QStringLiteral("orders"));
        log->regexButton()->setChecked(true);
        log->kindAction(Kind::Connected)->setChecked(false);
        log->setCapacity(250000);
        m_fixture.window->channels()->filterEdit()->setText(QStringLiteral("pres"));
        m_fixture.window->publisher()->eventEdit()->setText(QStringLiteral("remembered"));
        m_fixture.closeWindow(); // saves
        m_fixture.openWindow();
        QVERIFY(QTest::qWaitForWindowExposed(m_fixture.window.get()));
        log = m_fixture.window->log();
        QCOMPARE(log->filterEdit()->text(), QStringLiteral("orders"));
        QVERIFY(log->regexButton()->isChecked());
        QVERIFY(!log->kindAction(Kind::Connected)->isChecked());
        QVERIFY(!log->proxy()->isKindVisible(Kind::Connected));
        QCOMPARE(log->capacity(), 250000);
        QCOMPARE(m_fixture.window->channels()->filterEdit()->text(), QStringLiteral("pres"));
        QCOMPARE(m_fixture.window->publisher()->eventEdit()->text(), QStringLiteral("remembered"));
    }

private:
    InspectorFixture m_fixture { QStringLiteral("tst_inspector") };
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
