// SPDX-License-Identifier: MIT
// The window under a flood: the relay thread publishes RELAY_FLOOD_RATE events/s (default 50 000) for
// RELAY_FLOOD_SECONDS (default 3), optionally with the log filter set to RELAY_FLOOD_FILTER, while the GUI
// thread posts a key press every 50 ms and measures how long each waits before the line edit sees it.
// Prints the figures; fails if input waits longer than the bound.
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "mainwindow.h"
#include "relayhost.h"
#include "relaytestkit.h"

#include <QElapsedTimer>
#include <QKeyEvent>
#include <QLineEdit>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Inspector;

namespace {
int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

/// Posts key presses to a widget and records how long each sat in the event queue.
class InputProbe : public QObject {
public:
    explicit InputProbe(QWidget *target)
        : m_target(target)
    {
        m_clock.start();
        target->installEventFilter(this);
    }
    void post()
    {
        m_postedNs.append(m_clock.nsecsElapsed());
        QCoreApplication::postEvent(
            m_target, new QKeyEvent(QEvent::KeyPress, Qt::Key_A, Qt::NoModifier, QStringLiteral("a")));
    }
    QList<double> latenciesMs;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_target && event->type() == QEvent::KeyPress && !m_postedNs.isEmpty()) {
            latenciesMs.append(double(m_clock.nsecsElapsed() - m_postedNs.takeFirst()) / 1e6);
            return true; // measured, not typed
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget *m_target;
    QElapsedTimer m_clock;
    QList<qint64> m_postedNs;
};

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer slows every allocation several times over: there the test guards against regressions
// at a lower rate; the figures that count come from an uninstrumented build.
constexpr int defaultRate = 20000;
constexpr int defaultBoundMs = 400;
#else
constexpr int defaultRate = 50000;
constexpr int defaultBoundMs = 100;
#endif

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size()))));
}
} // namespace

class TestInspectorFlood : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void inputStaysResponsive()
    {
        const int rate = envInt("RELAY_FLOOD_RATE", defaultRate);
        const int seconds = envInt("RELAY_FLOOD_SECONDS", 3);
        const int boundMs = envInt("RELAY_FLOOD_BOUND_MS", defaultBoundMs);
        QCoreApplication::setOrganizationName(QStringLiteral("RelayDeskFloodTest")); // no settings of a real user
        Relay::RelayConfig config = RelayTest::testConfig();
        Relay::RelayHost host(config);
        QVERIFY(host.start());
        MainWindow window(host);
        if (const QString filter = qEnvironmentVariable("RELAY_FLOOD_FILTER"); !filter.isEmpty())
            window.log()->filterEdit()->setText(filter); // measure with the log filtering every arriving event
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        RelayTest::WsClient watcher; // one real subscriber, so the channels panel has something to refresh
        QVERIFY(watcher.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/app/my-key").arg(host.port()))));
        watcher.subscribe(QStringLiteral("presence-lobby"), QStringLiteral("{\"user_id\":\"w\"}"));

        quint64 published = 0;
        qint64 floodMs = 0;
        host.runInRelayThread([&](Relay::RelayServer &server) {
            auto *timer = new QTimer(&server);
            auto *clock = new QElapsedTimer;
            clock->start();
            timer->callOnTimeout(&server, [&server, timer, clock, rate, seconds, &published, &floodMs] {
                Relay::AppState *app = server.hub().appById(u"my-app");
                const qint64 elapsed = clock->elapsed();
                const quint64 due = quint64(double(std::min<qint64>(elapsed, seconds * 1000)) * rate / 1000.0);
                for (; published < due; ++published) {
                    server.hub().publish(*app,
                        { QStringLiteral("flood-%1").arg(published % 50),
                            QStringLiteral("tick"),
                            QStringLiteral("{\"n\":%1,\"text\":\"a payload of some size to make the log work\"}")
                                .arg(published),
                            {} });
                }
                if (elapsed >= seconds * 1000) {
                    floodMs = elapsed;
                    timer->stop();
                    delete clock;
                }
            });
            timer->start(1);
        });

        InputProbe probe(window.log()->filterEdit());
        QElapsedTimer wall;
        wall.start();
        QTimer poster;
        poster.callOnTimeout(&probe, &InputProbe::post);
        poster.start(50);
        QTRY_VERIFY_WITH_TIMEOUT(wall.elapsed() > seconds * 1000 + 500, (seconds + 5) * 1000);
        poster.stop();
        QTest::qWait(300);

        quint64 shown = 0;
        host.runInRelayThread([&](Relay::RelayServer &) { shown = published; });
        const EventLogModel *log = window.log()->model();
        const double p50 = percentile(probe.latenciesMs, 0.50);
        const double p99 = percentile(probe.latenciesMs, 0.99);
        const double worst = percentile(probe.latenciesMs, 1.0);
        qInfo("flood: %llu events published in %lld ms (%.0f/s); log holds %d, dropped %llu, feed dropped %llu",
            shown, qlonglong(floodMs), floodMs ? double(shown) * 1000.0 / double(floodMs) : 0.0, log->rowCount(),
            qulonglong(log->droppedCount()), qulonglong(host.feed().dropped()));
        qInfo("input latency over %lld key presses: p50 %.1f ms, p99 %.1f ms, max %.1f ms (bound %d ms)",
            qlonglong(probe.latenciesMs.size()), p50, p99, worst, boundMs);
        QVERIFY(probe.latenciesMs.size() >= seconds * 5); // a key press every 50 ms: 20 a second when idle
        QVERIFY2(p99 <= boundMs, "input waited too long under the flood");
    }
};

QTEST_MAIN(TestInspectorFlood)
#include "tst_inspectorflood.moc"
