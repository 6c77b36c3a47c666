// SPDX-License-Identifier: MIT
#include "inspectorcost.h"

#include "rawwsclient.h"
#include "report.h"
#include "scenarios.h"
#include "target.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace InspectorCost {

namespace {
    void spin(int timeoutMs, const std::function<bool()> &done)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (!done() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }

    QString loadAverage()
    {
        QFile file(QStringLiteral("/proc/loadavg"));
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("?");
        return QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2);
    }

    /// CPU ticks of the relay thread (named "relay") and of every other thread of process `pid`, from
    /// /proc/<pid>/task/*/stat; {-1, -1} when unreadable.
    std::pair<qint64, qint64> threadTicks(qint64 pid)
    {
        qint64 relay = 0;
        qint64 others = 0;
        const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
        const QStringList ids = tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        if (ids.isEmpty())
            return { -1, -1 };
        for (const QString &id : ids) {
            QFile stat(tasks.filePath(id + QStringLiteral("/stat")));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            const QByteArray line = stat.readAll();
            const qsizetype open = line.indexOf('(');
            const qsizetype close = line.lastIndexOf(')');
            if (open < 0 || close < open)
                continue;
            const QList<QByteArray> fields = line.mid(close + 2).split(' ');
            const qint64 ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong(); // utime + stime
            (line.mid(open + 1, close - open - 1) == "relay" ? relay : others) += ticks;
        }
        return { relay, others };
    }

    /// Opens `count` WebSocket connections that then stay silent; reads the relay's CPU over `measureMs`
    /// once every connection is established and the relay had `settleMs` to digest them.
    QJsonObject cpuAtRest(const Target &target, int count, int measureMs, int settleMs = 3000)
    {
        std::vector<std::unique_ptr<RawWsClient>> clients;
        int established = 0;
        const auto onMessage = [&](RawWsClient &, QByteArrayView payload) {
            if (payload.indexOf("connection_established") >= 0)
                ++established;
        };
        spin(120000, [&] {
            while (int(clients.size()) < count && int(clients.size()) - established < 256) {
                clients.push_back(std::make_unique<RawWsClient>(onMessage));
                clients.back()->open(target.host, target.port, target.webSocketPath(), target.tls);
            }
            return established >= count;
        });
        if (established < count)
            return { { QStringLiteral("error"),
                QStringLiteral("only %1 of %2 connected").arg(established).arg(count) } };
        spin(settleMs, [] { return false; });
        const qint64 before = target.cpuNs();
        spin(measureMs, [] { return false; });
        const qint64 used = target.cpuNs() - before;
        if (before < 0)
            return { { QStringLiteral("error"), QStringLiteral("the relay's CPU time is unknown") } };
        return { { QStringLiteral("connections"), established },
            { QStringLiteral("seconds"), measureMs / 1000.0 },
            { QStringLiteral("cpu_seconds"), double(used) / 1e9 },
            { QStringLiteral("core_percent"), 100.0 * double(used) / (double(measureMs) * 1e6) } };
    }

    QJsonObject measureOne(const Settings &settings, bool window)
    {
        QProcessEnvironment environment = settings.environment;
        QTemporaryDir home; // a fresh layout: no settings of the user's own window
        QStringList flags = settings.flags;
        if (window) {
            environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
            environment.insert(QStringLiteral("RELAYDESK_SHOW_PANELS"), QStringLiteral("connections,members"));
            if (!environment.contains(QStringLiteral("XDG_RUNTIME_DIR")))
                environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
        } else {
            flags.append(QStringLiteral("--no-gui"));
        }
        RelayProcess relay;
        Target target;
        target.name = window ? QStringLiteral("window") : QStringLiteral("headless");
        target.port = relay.start(settings.binary, flags, environment);
        target.pid = relay.pid();
        if (target.port == 0)
            return { { QStringLiteral("error"), QStringLiteral("relaydesk did not start") } };
        QJsonObject result;
        const auto before = threadTicks(target.pid);
        result.insert(QStringLiteral("fanout"),
            Scenarios::fanout(target, settings.subscribers, settings.durationMs, settings.inFlight));
        const auto after = threadTicks(target.pid);
        if (window && before.first >= 0 && after.first > before.first) {
            // The window's own threads against the relay thread over the whole fan-out scenario (connects
            // included), read in the same process and run: steadier than two processes' CPU per delivery on
            // shared cores. Headless, the relay thread does nearly all the work.
            result.insert(QStringLiteral("fanout_window_threads_share"),
                double(after.second - before.second) / double(after.first - before.first));
        }
        result.insert(QStringLiteral("rest"), cpuAtRest(target, settings.idleConnections, settings.idleMs));
        result.insert(QStringLiteral("load_average"), loadAverage());
        relay.stop();
        return result;
    }

    double figure(const QJsonObject &relay, const char *part, const char *key)
    {
        const QJsonObject object = relay.value(QLatin1String(part)).toObject();
        return object.contains(QLatin1String("error")) ? -1 : object.value(QLatin1String(key)).toDouble(-1);
    }

    void row(const QString &what, const QString &value)
    {
        Report::setLabel(QStringLiteral("inspector"));
        Report::row(what, value);
    }
} // namespace

QJsonObject measureRound(const Settings &settings, int round)
{
    const bool windowFirst = round % 2 == 1;
    QJsonObject headless;
    QJsonObject window;
    if (windowFirst)
        window = measureOne(settings, true);
    headless = measureOne(settings, false);
    if (!windowFirst)
        window = measureOne(settings, true);

    const double fanoutHeadless = figure(headless, "fanout", "cpu_ns_per_delivery");
    const double fanoutWindow = figure(window, "fanout", "cpu_ns_per_delivery");
    const double share = window.value(QLatin1String("fanout_window_threads_share")).toDouble(-1);
    const double restHeadless = figure(headless, "rest", "core_percent");
    const double restWindow = figure(window, "rest", "core_percent");
    QJsonObject result { { QStringLiteral("headless"), headless },
        { QStringLiteral("window"), window },
        { QStringLiteral("fanout_cpu_ratio"),
            fanoutHeadless > 0 && fanoutWindow > 0 ? fanoutWindow / fanoutHeadless : -1 },
        { QStringLiteral("fanout_window_threads_share"), share },
        { QStringLiteral("rest_core_percent_headless"), restHeadless },
        { QStringLiteral("rest_core_percent_window"), restWindow } };
    row(QStringLiteral("fan-out %1 subscribers: CPU/delivery window / headless").arg(settings.subscribers),
        QStringLiteral("%1 (%2 vs %3 ns; load %4 / %5)")
            .arg(result.value(QLatin1String("fanout_cpu_ratio")).toDouble(), 0, 'f', 3)
            .arg(fanoutWindow, 0, 'f', 0)
            .arg(fanoutHeadless, 0, 'f', 0)
            .arg(window.value(QLatin1String("load_average")).toString(),
                headless.value(QLatin1String("load_average")).toString()));
    row(QStringLiteral("fan-out: CPU of the window's threads / the relay thread's (same process)"),
        QStringLiteral("%1").arg(share, 0, 'f', 3));
    row(QStringLiteral("%1 idle connections, %2 s at rest: %-of-a-core window / headless")
            .arg(settings.idleConnections)
            .arg(settings.idleMs / 1000),
        QStringLiteral("%1 % vs %2 %").arg(restWindow, 0, 'f', 2).arg(restHeadless, 0, 'f', 2));
    return result;
}

bool succeeded(const QJsonObject &round)
{
    for (const char *relay : { "headless", "window" }) {
        const QJsonObject results = round.value(QLatin1String(relay)).toObject();
        if (results.contains(QLatin1String("error")))
            return false;
        for (const char *part : { "fanout", "rest" }) {
            if (results.value(QLatin1String(part)).toObject().contains(QLatin1String("error")))
                return false;
        }
    }
    return true;
}

QJsonObject summarize(const QJsonArray &rounds)
{
    QList<double> ratios;
    QList<double> shares;
    QList<double> restWindow;
    QList<double> restHeadless;
    for (const QJsonValue &value : rounds) {
        const QJsonObject round = value.toObject();
        ratios.append(round.value(QLatin1String("fanout_cpu_ratio")).toDouble(-1));
        shares.append(round.value(QLatin1String("fanout_window_threads_share")).toDouble(-1));
        restWindow.append(round.value(QLatin1String("rest_core_percent_window")).toDouble(-1));
        restHeadless.append(round.value(QLatin1String("rest_core_percent_headless")).toDouble(-1));
    }
    const QJsonObject summary { { QStringLiteral("fanout_cpu_ratio_median"), Report::medianOfPresent(ratios) },
        { QStringLiteral("fanout_window_threads_share_median"), Report::medianOfPresent(shares) },
        { QStringLiteral("rest_core_percent_window_median"), Report::medianOfPresent(restWindow) },
        { QStringLiteral("rest_core_percent_headless_median"), Report::medianOfPresent(restHeadless) } };
    row(QStringLiteral("median over %1 rounds: fan-out CPU ratio, window threads' share; at rest").arg(rounds.size()),
        QStringLiteral("%1, %2; %3 % / %4 %")
            .arg(Report::medianOfPresent(ratios), 0, 'f', 3)
            .arg(Report::medianOfPresent(shares), 0, 'f', 3)
            .arg(Report::medianOfPresent(restWindow), 0, 'f', 2)
            .arg(Report::medianOfPresent(restHeadless), 0, 'f', 2));
    return summary;
}

} // namespace InspectorCost
