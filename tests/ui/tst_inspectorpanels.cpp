// SPDX-License-Identifier: MIT
// The panels that answer "who is this socket", against the real relay: Connections shows each socket's user,
// channels, origin and user agent, and shows one socket's events in the log.
#include "channelspanel.h"
#include "connectionsmodel.h"
#include "connectionspanel.h"
#include "inspectorfixture.h"
#include "logfilterproxy.h"
#include "membersmodel.h"
#include "memberspanel.h"
#include "publishpanel.h"

#include <QAction>
#include <QCheckBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QTreeView>

using RelayTest::WsClient;
using Kind = Relay::FeedEvent::Kind;

class TestInspectorPanels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_fixture.start());
        m_fixture.window->findChild<QDockWidget *>(QStringLiteral("connections"))->raise();
    }
    void cleanup() { m_fixture.stop(); }

    void connectionsShowUserChannelsOriginAndAgent()
    {
        QNetworkRequest request(m_fixture.wsUrl());
        request.setRawHeader("User-Agent", "relaydesk-test/1.0 (widget suite)");
        request.setRawHeader("Origin", "http://localhost:5173");
        WsClient alice;
        QVERIFY(alice.open(request));
        alice.subscribe(QStringLiteral("presence-room"), RelayTest::member(QStringLiteral("alice-7")));
        alice.subscribe(QStringLiteral("chat"));
        WsClient anonymous;
        QVERIFY(anonymous.open(m_fixture.wsUrl()));

        Inspector::ConnectionsModel *model = m_fixture.window->connections()->model();
        using Model = Inspector::ConnectionsModel;
        QTRY_VERIFY(model->rowOf(alice.socketId()) >= 0 && model->rowOf(anonymous.socketId()) >= 0);
        const auto cell = [model](const QString &socket, int column) {
            return model->index(model->rowOf(socket), column).data().toString();
        };
        QTRY_COMPARE(cell(alice.socketId(), Model::UserColumn), QStringLiteral("alice-7"));
        QTRY_COMPARE(cell(alice.socketId(), Model::ChannelNamesColumn), QStringLiteral("chat, presence-room"));
        QCOMPARE(cell(alice.socketId(), Model::OriginColumn), QStringLiteral("http://localhost:5173"));
        QCOMPARE(cell(alice.socketId(), Model::UserAgentColumn), QStringLiteral("relaydesk-test/1.0 (widget suite)"));
        QCOMPARE(cell(anonymous.socketId(), Model::UserColumn), QString());
        QCOMPARE(cell(anonymous.socketId(), Model::OriginColumn), QString());
        QCOMPARE(model->headerData(Model::UserAgentColumn, Qt::Horizontal).toString(), QStringLiteral("User agent"));
    }

    void showThisSocketsEventsFiltersTheLog()
    {
        WsClient alice, bob;
        QVERIFY(alice.open(m_fixture.wsUrl()));
        QVERIFY(bob.open(m_fixture.wsUrl()));
        alice.subscribe(QStringLiteral("chat"));
        bob.subscribe(QStringLiteral("chat"));
        Inspector::ConnectionsPanel *connections = m_fixture.window->connections();
        QTRY_VERIFY(connections->model()->rowOf(bob.socketId()) >= 0);
        QTRY_VERIFY(
            !m_fixture.rows([&](const Relay::FeedEvent &event) { return event.socketId == bob.socketId(); }).isEmpty());
        QVERIFY(connections->selectSocket(bob.socketId()));
        QAction *show = connections->view()->findChild<QAction *>(QStringLiteral("showSocketEvents"));
        QVERIFY(show != nullptr);
        show->trigger();
        Inspector::EventLogPanel *log = m_fixture.window->log();
        QCOMPARE(log->proxy()->socket(), bob.socketId());
        QVERIFY(log->filterDescription().contains(QStringLiteral("socket %1").arg(bob.socketId())));
        QVERIFY(log->proxy()->rowCount() > 0);
        for (int row = 0; row < log->proxy()->rowCount(); ++row) {
            const int source = log->proxy()->mapToSource(log->proxy()->index(row, 0)).row();
            QCOMPARE(log->model()->eventAt(source).socketId, bob.socketId());
        }
        log->clearFilters();
        QVERIFY(log->proxy()->socket().isEmpty());
    }

    void logRowLoadsIntoPublishAndCurlKeepsTheSocket()
    {
        WsClient alice, bob;
        QVERIFY(alice.open(m_fixture.wsUrl()));
        QVERIFY(bob.open(m_fixture.wsUrl()));
        alice.subscribe(QStringLiteral("chat"));
        bob.subscribe(QStringLiteral("chat"));
        const QString data = QStringLiteral("{\"zeta\":1,\"alpha\":2}");
        RelayTest::Http http;
        QCOMPARE(http.postJson(m_fixture.http(QStringLiteral("/apps/my-app/events")),
                         { { QStringLiteral("channel"), QStringLiteral("chat") },
                             { QStringLiteral("event"), QStringLiteral("moved") },
                             { QStringLiteral("data"), data },
                             { QStringLiteral("socket_id"), bob.socketId() } })
                     .status,
            200);
        Inspector::EventLogPanel *log = m_fixture.window->log();
        QTRY_VERIFY(!m_fixture.rowsOf(Kind::ApiEvent).isEmpty());
        log->kindAction(Kind::ApiCall)->setChecked(false);
        log->filterEdit()->setText(QStringLiteral("moved"));
        QTRY_COMPARE(log->proxy()->rowCount(), 1);
        log->view()->setCurrentIndex(log->proxy()->index(0, 0));
        QVERIFY(log->currentCurl().contains(QStringLiteral("\"socket_id\":\"%1\"").arg(bob.socketId())));

        QVERIFY(log->loadIntoPublishAction()->isEnabled());
        log->loadIntoPublishAction()->trigger();
        Inspector::PublishPanel *publish = m_fixture.window->publisher();
        QCOMPARE(publish->channelEdit()->text(), QStringLiteral("chat"));
        QCOMPARE(publish->eventEdit()->text(), QStringLiteral("moved"));
        QCOMPARE(publish->dataEdit()->toPlainText(), data);
        QCOMPARE(publish->socketEdit()->text(), bob.socketId());
        QVERIFY(!publish->rawStringBox()->isChecked());
        QVERIFY(publish->isVisible());
    }

    void publishesToSeveralChannelsAtOnce()
    {
        WsClient alice;
        QVERIFY(alice.open(m_fixture.wsUrl()));
        alice.subscribe(QStringLiteral("chat"));
        alice.subscribe(QStringLiteral("news"));
        Inspector::PublishPanel *publish = m_fixture.window->publisher();
        publish->channelEdit()->setText(QStringLiteral("chat, news"));
        publish->eventEdit()->setText(QStringLiteral("both"));
        publish->dataEdit()->setPlainText(QStringLiteral("{\"n\":1}"));
        QVERIFY(publish->send());
        QTRY_VERIFY(publish->answerLabel()->text().startsWith(QStringLiteral("200")));
        QVERIFY(alice.sync());
        QCOMPARE(alice.count(QStringLiteral("both")), 2);
        QVERIFY(alice.has(QStringLiteral("both"), QStringLiteral("chat")));
        QVERIFY(alice.has(QStringLiteral("both"), QStringLiteral("news")));

        // One bad name refuses the whole send: nothing reaches the good channel.
        publish->channelEdit()->setText(QStringLiteral("chat, bad name!"));
        publish->eventEdit()->setText(QStringLiteral("partial"));
        QVERIFY(publish->send());
        QTRY_VERIFY(publish->answerLabel()->text().startsWith(QStringLiteral("400")));
        QVERIFY(alice.sync());
        QCOMPARE(alice.count(QStringLiteral("partial")), 0);
    }

    void membersShowTheirSocketsAndSinceWhen()
    {
        const QString room = QStringLiteral("presence-room");
        WsClient laptop, phone;
        QVERIFY(laptop.open(m_fixture.wsUrl()));
        QVERIFY(phone.open(m_fixture.wsUrl()));
        laptop.subscribe(room, RelayTest::member(QStringLiteral("alice")));
        phone.subscribe(room, RelayTest::member(QStringLiteral("alice")));
        m_fixture.window->channels()->selectChannel(QStringLiteral("my-app"), room);
        Inspector::MembersModel *model = m_fixture.window->members()->model();
        using Model = Inspector::MembersModel;
        QTRY_COMPARE(model->rowCount(), 1);
        QStringList sockets { laptop.socketId(), phone.socketId() };
        sockets.sort();
        QTRY_COMPARE(model->index(0, Model::SocketIdsColumn).data().toString(), sockets.join(QStringLiteral(", ")));
        QCOMPARE(model->index(0, Model::SocketsColumn).data().toInt(), 2);
        QVERIFY(!model->index(0, Model::JoinedColumn).data().toString().isEmpty());
    }

private:
    InspectorFixture m_fixture { QStringLiteral("tst_inspectorpanels") };
};

QTEST_MAIN(TestInspectorPanels)
#include "tst_inspectorpanels.moc"
