// SPDX-License-Identifier: MIT
// The window's record and replay toolbar and the Connections panel's fault menu, against the real relay in
// RelayHost's thread (offscreen platform), observed by real WebSocket clients.
#include "connectionspanel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "faultmenu.h"
#include "inspectorfixture.h"
#include "mainwindow.h"
#include "recordreplaybar.h"
#include "relayhost.h"
#include "relaytestkit.h"
#include "replay/recording.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace Inspector;
using RelayTest::WsClient;
using Kind = Relay::FeedEvent::Kind;

namespace {
const QString exactData = QStringLiteral("{\"zeta\":1,\"alpha\":2}");

int countKind(const EventLogModel *model, Kind kind, const QString &event = {})
{
    int count = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        count += model->eventAt(row).kind == kind && (event.isEmpty() || model->eventAt(row).event == event);
    return count;
}
} // namespace

class RecordReplayTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_fixture.start());
        m_bar = m_fixture.window->findChild<RecordReplayBar *>(QStringLiteral("recordReplayBar"));
        QVERIFY(m_bar);
    }

    void cleanup() { m_fixture.stop(); }

    void recordFromTheWindowThenReplay()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("window.jsonl"));
        QVERIFY(m_bar->startRecording(path).ok());
        QVERIFY(m_bar->findChild<QAction *>(QStringLiteral("recordAction"))->isChecked());
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        QVERIFY(!client.subscribe(QStringLiteral("news")).isEmpty());
        m_fixture.host->publish(
            QStringLiteral("my-app"), { QStringLiteral("news"), QStringLiteral("story"), exactData, {} });
        QVERIFY(!client.waitFor(QStringLiteral("story")).isEmpty());
        QTRY_VERIFY(
            m_bar->findChild<QLabel *>(QStringLiteral("replayStatus"))->text().contains(QLatin1String("2 events")));
        m_bar->stopRecording();
        QVERIFY(!m_bar->isRecording());

        const auto recording = Relay::Recording::read(path);
        QVERIFY(recording.ok());
        QCOMPARE(recording->entries.size(), 2);
        QCOMPARE(recording->entries.at(1).data, exactData);

        // Replay it step by step into the same relay: the subscriber gets the story again, exactly.
        QVERIFY(m_bar->openRecording(path).ok());
        QAction *stepAction = m_bar->findChild<QAction *>(QStringLiteral("stepAction"));
        QVERIFY(stepAction->isEnabled());
        stepAction->trigger();
        const QJsonObject again = client.waitFor(QStringLiteral("story"));
        QCOMPARE(again.value(QLatin1String("data")).toString(), exactData);
        QTRY_VERIFY(m_bar->statusText().contains(QLatin1String("1 / 1 events (done)")));
        QVERIFY(!stepAction->isEnabled());
    }

    void replayPlaysWithTheChosenSpeed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("slow.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 3; ++i)
            file.write(QStringLiteral("{\"t\":%1,\"app\":\"my-app\",\"kind\":\"publish\",\"channel\":\"news\","
                                      "\"event\":\"tick\",\"data\":\"%2\"}\n")
                           .arg(i * 60000)
                           .arg(i)
                           .toUtf8());
        file.close();
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        QVERIFY(!client.subscribe(QStringLiteral("news")).isEmpty());

        QVERIFY(m_bar->openRecording(path).ok());
        QComboBox *speed = m_bar->findChild<QComboBox *>(QStringLiteral("replaySpeed"));
        speed->setCurrentIndex(speed->findData(0.0)); // a minute between events: only "fast" finishes in time
        QAction *play = m_bar->findChild<QAction *>(QStringLiteral("playAction"));
        play->trigger();
        QTRY_COMPARE(client.count(QStringLiteral("tick")), 3);
        QTRY_VERIFY(m_bar->statusText().contains(QLatin1String("3 / 3")));
    }

    void faultMenuOnConnections()
    {
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        ConnectionsPanel *panel = m_fixture.window->connections();
        m_fixture.window->findChild<QDockWidget *>(QStringLiteral("connections"))->raise();
        QTRY_VERIFY(panel->selectSocket(client.socketId()));
        FaultMenu *menu = panel->findChild<FaultMenu *>(QStringLiteral("faultMenu"));
        QVERIFY(menu);
        QVERIFY(menu->findChild<QAction *>(QStringLiteral("faultStall")));
        menu->findChild<QAction *>(QStringLiteral("faultIgnorePings"))->trigger();
        client.send({ { "event", "relay:ping" }, { "data", QJsonObject {} } });
        QVERIFY(client.waitFor(QStringLiteral("relay:pong"), 500).isEmpty());
        QTRY_COMPARE(countKind(m_fixture.window->log()->model(), Kind::Fault, QStringLiteral("ignore pings")), 1);

        QVERIFY(menu->inject(client.socketId(), { Relay::ConnectionFault::Kind::Close, 0, 4444, {} }).ok());
        QVERIFY(client.waitClosed());
        QCOMPARE(client.closeCode(), 4444);
        QVERIFY(!menu->inject(QStringLiteral("1.1"), { Relay::ConnectionFault::Kind::Stall, 0, 0, {} }).ok());

        WsClient other;
        QVERIFY(other.open(m_fixture.wsUrl()));
        menu->simulateRestart(0);
        QVERIFY(other.waitClosed());
        QCOMPARE(other.closeCode(), 4200);
        QTRY_COMPARE(countKind(m_fixture.window->log()->model(), Kind::Fault, QStringLiteral("restart")), 1);
    }

private:
    InspectorFixture m_fixture { QStringLiteral("tst_recordreplay") };
    RecordReplayBar *m_bar = nullptr;
};

QTEST_MAIN(RecordReplayTest)
#include "tst_recordreplay.moc"
