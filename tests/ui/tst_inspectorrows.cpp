// SPDX-License-Identifier: MIT
// What the event log's rows say, against the real relay: member rows name the user, disconnect rows carry the
// close code, reason and side, sizes are payload bytes, every HTTP API call (accepted or not) is a row, and the
// feed and the log stay within their memory budgets and say what they dropped.
#include "connectionspanel.h"
#include "feedformat.h"
#include "inspectorfixture.h"
#include "publishpanel.h"
#include "relayobserver.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>

using RelayTest::WsClient;
using Kind = Relay::FeedEvent::Kind;

namespace {
QString cell(const Inspector::EventLogModel *model, const Relay::FeedEvent &wanted, int column)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const Relay::FeedEvent &event = model->eventAt(row);
        if (event.kind == wanted.kind && event.timeMs == wanted.timeMs && event.socketId == wanted.socketId
            && event.userId == wanted.userId && event.event == wanted.event)
            return model->index(row, column).data().toString();
    }
    return QStringLiteral("<no such row>");
}
} // namespace

class TestInspectorRows : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_fixture.start()); }
    void cleanup() { m_fixture.stop(); }

    void memberRowsNameTheUser()
    {
        WsClient alice;
        WsClient bob;
        QVERIFY(alice.open(m_fixture.wsUrl()));
        QVERIFY(bob.open(m_fixture.wsUrl()));
        const QString room = QStringLiteral("presence-room");
        alice.subscribe(
            room, RelayTest::member(QStringLiteral("alice"), { { QStringLiteral("name"), QStringLiteral("Alice") } }));
        bob.subscribe(room, RelayTest::member(42, { { QStringLiteral("name"), QStringLiteral("Bob") } }));
        bob.socket().close();
        QTRY_COMPARE(m_fixture.rowsOf(Kind::MemberRemoved).size(), 1);
        QTRY_COMPARE(m_fixture.rowsOf(Kind::MemberAdded).size(), 2);
        const auto added = m_fixture.rowsOf(Kind::MemberAdded);
        const auto removed = m_fixture.rowsOf(Kind::MemberRemoved).first();
        QCOMPARE(added[0].userId, QStringLiteral("\"alice\""));
        QCOMPARE(added[0].detail, QStringLiteral("{\"name\":\"Alice\"}"));
        QCOMPARE(added[1].userId, QStringLiteral("42"));
        QCOMPARE(removed.userId, QStringLiteral("42"));
        const Inspector::EventLogModel *model = m_fixture.window->log()->model();
        using Column = Inspector::EventLogModel::Column;
        QCOMPARE(cell(model, added[0], Column::EventColumn), QStringLiteral("user alice"));
        QCOMPARE(cell(model, added[1], Column::EventColumn), QStringLiteral("user 42"));
        QCOMPARE(cell(model, removed, Column::EventColumn), QStringLiteral("user 42"));
        const QJsonObject json = Inspector::FeedFormat::toJson(added[0]);
        QCOMPARE(json.value(QStringLiteral("user_id")).toString(), QStringLiteral("alice"));
        QCOMPARE(json.value(QStringLiteral("user_info")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Alice"));
        QCOMPARE(Inspector::FeedFormat::toJson(removed).value(QStringLiteral("user_id")).toInt(), 42);
    }

    void disconnectRowsCarryCodeReasonAndSide()
    {
        WsClient kicked;
        WsClient leaving;
        QVERIFY(kicked.open(m_fixture.wsUrl()));
        QVERIFY(leaving.open(m_fixture.wsUrl()));
        m_fixture.host->disconnectSocket(kicked.socketId(), 4201);
        QVERIFY(kicked.waitClosed());
        QCOMPARE(kicked.closeCode(), 4201);
        leaving.socket().close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
        QTRY_COMPARE(m_fixture.rowsOf(Kind::Disconnected).size(), 2);
        const auto byKicked = m_fixture.rows([&](const Relay::FeedEvent &event) {
            return event.kind == Kind::Disconnected && event.socketId == kicked.socketId();
        });
        const auto byLeaving = m_fixture.rows([&](const Relay::FeedEvent &event) {
            return event.kind == Kind::Disconnected && event.socketId == leaving.socketId();
        });
        QCOMPARE(byKicked.size(), 1);
        QCOMPARE(byKicked[0].code, 4201);
        QVERIFY(byKicked[0].byServer);
        QCOMPARE(byKicked[0].detail, QStringLiteral("disconnected from the Relay Desk inspector"));
        QCOMPARE(byLeaving.size(), 1);
        QCOMPARE(byLeaving[0].code, 1000);
        QVERIFY(!byLeaving[0].byServer);
        QCOMPARE(byLeaving[0].detail, QStringLiteral("bye"));
        const Inspector::EventLogModel *model = m_fixture.window->log()->model();
        QCOMPARE(cell(model, byKicked[0], Inspector::EventLogModel::EventColumn),
            QStringLiteral("4201 by relay: disconnected from the Relay Desk inspector"));
        QCOMPARE(
            cell(model, byLeaving[0], Inspector::EventLogModel::EventColumn), QStringLiteral("1000 by client: bye"));
        const QJsonObject json = Inspector::FeedFormat::toJson(byKicked[0]);
        QCOMPARE(json.value(QStringLiteral("close_code")).toInt(), 4201);
        QCOMPARE(json.value(QStringLiteral("closed_by")).toString(), QStringLiteral("relay"));
    }

    void sizeIsPayloadBytesWithAUnit()
    {
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        const QString data = QStringLiteral("\"é€\""); // 2 quotes + 2 + 3 bytes of UTF-8, 4 characters
        m_fixture.host->publish(QStringLiteral("my-app"), { QStringLiteral("chat"), QStringLiteral("e"), data, {} });
        QTRY_COMPARE(m_fixture.rowsOf(Kind::ApiEvent).size(), 1);
        const Relay::FeedEvent publish = m_fixture.rowsOf(Kind::ApiEvent).first();
        QCOMPARE(publish.size, 7);
        const Inspector::EventLogModel *model = m_fixture.window->log()->model();
        QCOMPARE(cell(model, publish, Inspector::EventLogModel::SizeColumn), QStringLiteral("7 B"));
        QTRY_COMPARE(m_fixture.rowsOf(Kind::Connected).size(), 1);
        const Relay::FeedEvent connect = m_fixture.rowsOf(Kind::Connected).first();
        QCOMPARE(cell(model, connect, Inspector::EventLogModel::SizeColumn), QString());
        QVERIFY(!Inspector::FeedFormat::toJson(connect).contains(QStringLiteral("size")));
        QCOMPARE(Inspector::FeedFormat::byteSize(1536), QStringLiteral("1.5 KB"));
    }

    void everyApiCallIsARow()
    {
        WsClient listener;
        WsClient sender;
        QVERIFY(listener.open(m_fixture.wsUrl()));
        QVERIFY(sender.open(m_fixture.wsUrl()));
        listener.subscribe(QStringLiteral("orders"));
        sender.subscribe(QStringLiteral("orders"));
        RelayTest::Http http;
        const QUrl events = m_fixture.http(QStringLiteral("/apps/my-app/events"));
        QCOMPARE(http.postJson(events,
                         { { QStringLiteral("channel"), QStringLiteral("orders") },
                             { QStringLiteral("event"), QStringLiteral("e") },
                             { QStringLiteral("data"), QStringLiteral("{}") } },
                         "wrong")
                     .status,
            401);
        QCOMPARE(http.postJson(events,
                         { { QStringLiteral("channel"), QStringLiteral("orders") },
                             { QStringLiteral("event"), QStringLiteral("placed") },
                             { QStringLiteral("data"), QStringLiteral("{}") },
                             { QStringLiteral("socket_id"), sender.socketId() } })
                     .status,
            200);
        // The window's own publish form answers like the API and is logged the same way.
        Inspector::PublishPanel *form = m_fixture.window->publisher();
        form->channelEdit()->setText(QStringLiteral("bad channel!"));
        QVERIFY(form->send());
        QTRY_COMPARE(m_fixture.rowsOf(Kind::ApiCall).size(), 3);
        const auto calls = m_fixture.rowsOf(Kind::ApiCall);
        QCOMPARE(calls[0].code, 401);
        QCOMPARE(calls[0].event, QStringLiteral("POST /apps/my-app/events"));
        QCOMPARE(calls[0].appId, QStringLiteral("my-app"));
        QVERIFY(calls[0].detail.contains(QStringLiteral("wrong app secret")));
        QCOMPARE(calls[1].code, 200);
        QCOMPARE(calls[2].code, 400);
        QVERIFY(calls[2].detail.contains(QStringLiteral("error")));
        const Inspector::EventLogModel *model = m_fixture.window->log()->model();
        QCOMPARE(cell(model, calls[0], Inspector::EventLogModel::EventColumn),
            QStringLiteral("POST /apps/my-app/events → 401"));
        const Relay::FeedEvent published = m_fixture.rowsOf(Kind::ApiEvent).first();
        QCOMPARE(published.recipients, 1); // the sender's own socket was excluded
        QCOMPARE(published.socketId, sender.socketId());
    }

    void feedAndLogStayWithinTheirMemoryBudget()
    {
        m_fixture.stop();
        Relay::RelayConfig config = RelayTest::testConfig();
        config.inspectorMemoryMb = 1;
        QVERIFY(m_fixture.start(config));
        Inspector::EventLogPanel *log = m_fixture.window->log();
        QCOMPARE(log->budgetBytes(), qsizetype(1) << 20);
        // 40 events of 50 000 characters (100 KB each as UTF-16) reach the feed before the window drains it.
        const QString big = QStringLiteral("\"%1\"").arg(QString(50000, u'x'));
        m_fixture.host->runInRelayThread([&](Relay::RelayServer &server) {
            Relay::AppState *app = server.hub().appById(QStringLiteral("my-app"));
            for (int i = 0; i < 40; ++i)
                server.hub().publish(*app, { QStringLiteral("big"), QStringLiteral("e%1").arg(i), big, {} });
        });
        QVERIFY(m_fixture.host->feed().dropped() > 0);
        QVERIFY(m_fixture.host->feed().pendingBytes() <= qsizetype(1) << 20);
        QTRY_VERIFY(
            log->statusLabel()->text().contains(QStringLiteral("dropped by the relay before reaching the window")));
        // The log holds at most its budget too, and says how much it dropped.
        for (int round = 0; round < 3; ++round) {
            m_fixture.host->runInRelayThread([&](Relay::RelayServer &server) {
                Relay::AppState *app = server.hub().appById(QStringLiteral("my-app"));
                for (int i = 0; i < 8; ++i)
                    server.hub().publish(*app, { QStringLiteral("big"), QStringLiteral("r%1").arg(i), big, {} });
            });
            m_fixture.window->observer()->refresh();
        }
        QVERIFY(log->model()->memoryBytes() <= qsizetype(1) << 20);
        QVERIFY(log->model()->droppedCount() > 0);
        QVERIFY(log->model()->rowCount() > 0);
        QVERIFY(log->statusLabel()->text().contains(QStringLiteral("older dropped")));
    }

private:
    InspectorFixture m_fixture { QStringLiteral("tst_inspectorrows") };
};

QTEST_MAIN(TestInspectorRows)
#include "tst_inspectorrows.moc"
