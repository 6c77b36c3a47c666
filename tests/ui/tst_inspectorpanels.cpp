// SPDX-License-Identifier: MIT
// The panels that answer "who is this socket", against the real relay: Connections shows each socket's user,
// channels, origin and user agent, and shows one socket's events in the log.
#include "connectionsmodel.h"
#include "connectionspanel.h"
#include "inspectorfixture.h"
#include "logfilterproxy.h"

#include <QAction>
#include <QDockWidget>
#include <QNetworkRequest>
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

private:
    InspectorFixture m_fixture { QStringLiteral("tst_inspectorpanels") };
};

QTEST_MAIN(TestInspectorPanels)
#include "tst_inspectorpanels.moc"
