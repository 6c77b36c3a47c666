// SPDX-License-Identifier: MIT
// relaybench: starts relaydesk as a separate process (or attaches to a running relay), optionally measures a peer
// relay beside it in alternating rounds, and reports fan-out, latency, HTTP rates, the presence join storm, idle
// connections (with Qt's own floor), the inspector's cost and wss against ws on one relay, each with the server's
// CPU time. A benchmark, not a test.
#include "clusterbench.h"
#include "comparison.h"
#include "inspectorcost.h"
#include "plan.h"
#include "report.h"
#include "scenarios.h"
#include "scenariotable.h"
#include "variants.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <sys/resource.h>

using namespace Report;

namespace {
void raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

/// True when no scenario in `results` reported an error.
bool allSucceeded(const QJsonObject &results)
{
    for (auto it = results.constBegin(); it != results.constEnd(); ++it) {
        if (it->isObject() && it->toObject().contains(QLatin1String("error")))
            return false;
        if (it->isArray()) {
            for (const QJsonValue &item : it->toArray()) {
                if (item.toObject().contains(QLatin1String("error")))
                    return false;
            }
        }
    }
    return true;
}

/// A config file for the relaydesk the bench starts: the default app, with room for the presence storm.
QString writeRelayConfig(QTemporaryDir &dir, const Plan &plan)
{
    const QString path = dir.filePath(QStringLiteral("relaybench.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    const QJsonObject app { { QStringLiteral("id"), QStringLiteral("my-app") },
        { QStringLiteral("key"), QStringLiteral("my-key") },
        { QStringLiteral("secret"), QStringLiteral("my-secret") },
        { QStringLiteral("max_presence_members"), qMax(100, plan.presenceMembers) } };
    file.write(
        QJsonDocument(QJsonObject { { QStringLiteral("max_connections"), qMax(10000, plan.idleConnections + 1000) },
                          { QStringLiteral("apps"), QJsonArray { app } } })
            .toJson());
    return path;
}

Target attachedTarget(const QString &hostPort, qint64 pid, bool pusher, const QString &name)
{
    Target target;
    const QStringList parts = hostPort.split(QLatin1Char(':'));
    target.name = name;
    target.host = parts.value(0);
    target.port = quint16(parts.value(1).toUInt());
    target.pusher = pusher;
    target.pid = pid > 0 ? pid : pidListeningOn(target.port);
    if (target.pid <= 0)
        std::fprintf(stderr,
            "relaybench: no pid for %s (give --pid/--peer-pid): no CPU or memory readings\n",
            qUtf8Printable(hostPort));
    return target;
}
} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_NO_GLIB", "1"); // as relaydesk does: the GLib dispatcher is O(sockets) per notifier change
    QCoreApplication app(argc, argv);
    raiseFileLimit();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Relay Desk benchmark"));
    parser.addHelpOption();
    const QCommandLineOption relayOption(QStringLiteral("relay"),
        QStringLiteral("relaydesk binary to start."),
        QStringLiteral("path"),
        QStringLiteral(RELAYDESK_BINARY));
    const QCommandLineOption floorOption(QStringLiteral("floor"),
        QStringLiteral("wsfloor binary (a bare QWebSocketServer) for the idle-memory floor."),
        QStringLiteral("path"),
        QStringLiteral(WSFLOOR_BINARY));
    const QCommandLineOption attachOption(QStringLiteral("attach"),
        QStringLiteral("Measure an already running relay at host:port instead of starting relaydesk."),
        QStringLiteral("host:port"));
    const QCommandLineOption pusherOption(QStringLiteral("pusher"),
        QStringLiteral("Speak the Pusher dialect and signed REST to the --attach relay (for peers such as soketi)."));
    const QCommandLineOption pidOption(QStringLiteral("pid"),
        QStringLiteral("Process id of the --attach relay (default: the process listening on its port)."),
        QStringLiteral("pid"));
    const QCommandLineOption peerOption(QStringLiteral("peer"),
        QStringLiteral("Also measure this running peer relay (Pusher dialect, signed REST) in the same rounds."),
        QStringLiteral("host:port"));
    const QCommandLineOption peerPidOption(QStringLiteral("peer-pid"),
        QStringLiteral("Process id of the --peer relay (default: the process listening on its port)."),
        QStringLiteral("pid"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"),
        QStringLiteral("Rounds, alternating relaydesk and the peer (default 1)."),
        QStringLiteral("n"));
    const QCommandLineOption smokeOption(
        QStringLiteral("smoke"), QStringLiteral("A seconds-long run with small numbers (CI)."));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), QStringLiteral("Also write the results as JSON to this file."), QStringLiteral("file"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
        QStringLiteral("Milliseconds per measurement (default 5000)."),
        QStringLiteral("ms"));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
        QStringLiteral("Comma-separated scenarios: ceiling, fanout, latency, http, presence, slowreader, idle, "
                       "inspector, tls, cluster (default: all), and soak (only when named; see --minutes)."),
        QStringLiteral("names"));
    const QCommandLineOption minutesOption(
        QStringLiteral("minutes"), QStringLiteral("Length of the soak in minutes (default 30)."), QStringLiteral("n"));
    parser.addOptions({ relayOption,
        floorOption,
        attachOption,
        pusherOption,
        pidOption,
        peerOption,
        peerPidOption,
        roundsOption,
        smokeOption,
        jsonOption,
        durationOption,
        onlyOption,
        minutesOption });
    parser.process(app);

    Plan plan;
    if (parser.isSet(smokeOption))
        plan = Plan { {}, 800, { 50, 200 }, 4, 50, 20, 300, 50, 300, 200, 60, 20, 1 };
    if (parser.isSet(durationOption))
        plan.durationMs = parser.value(durationOption).toInt();
    if (parser.isSet(roundsOption))
        plan.rounds = qMax(1, parser.value(roundsOption).toInt());
    plan.only = parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(minutesOption))
        plan.soakMinutes = qMax(1, parser.value(minutesOption).toInt());

    QJsonObject report;
    std::printf("Relay Desk benchmark (%d cores)\n", QThread::idealThreadCount());
    if (plan.wants("ceiling")) {
        const QJsonObject ceiling = Scenarios::loadGeneratorCeiling(plan.ceilingSockets, plan.durationMs);
        report.insert(QStringLiteral("load_generator_ceiling"), ceiling);
        row(QStringLiteral("load generator ceiling, %1 sockets").arg(plan.ceilingSockets),
            rate(number(ceiling, "deliveries_per_second")) + QStringLiteral(" frames"));
    }

    const bool attached = parser.isSet(attachOption);
    const bool withPeer = parser.isSet(peerOption);
    Target peer;
    if (withPeer)
        peer = attachedTarget(
            parser.value(peerOption), parser.value(peerPidOption).toLongLong(), true, QStringLiteral("peer"));
    QTemporaryDir configDir;
    const QStringList relayFlags { QStringLiteral("--config"), writeRelayConfig(configDir, plan) };
    bool ok = true;
    QJsonArray rounds;
    QJsonArray inspectorRounds;
    for (int round = 0; round < plan.rounds; ++round) {
        if (plan.rounds > 1)
            std::printf("-- round %d of %d\n", round + 1, plan.rounds);
        QJsonObject results;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        if (attached) {
            setLabel(QStringLiteral("attached"));
            const Target target = attachedTarget(parser.value(attachOption),
                parser.value(pidOption).toLongLong(),
                parser.isSet(pusherOption),
                QStringLiteral("attached"));
            results.insert(QStringLiteral("relaydesk"), runScenarioTable(target, plan, true));
        } else {
            setLabel(QStringLiteral("relaydesk"));
            Target target;
            RelayProcess headless;
            target.port = headless.start(
                parser.value(relayOption), relayFlags + QStringList { QStringLiteral("--no-gui") }, environment);
            target.pid = headless.pid();
            if (target.port == 0) {
                std::fprintf(stderr, "relaybench: could not start %s\n", qUtf8Printable(parser.value(relayOption)));
                return 1;
            }
            const QJsonObject ours = runScenarioTable(target, plan, true);
            results.insert(QStringLiteral("relaydesk"), ours);
            headless.stop();
            ok = ok && allSucceeded(ours);
            if (plan.wants("inspector") && !plan.fanoutSizes.isEmpty()) {
                setLabel(QStringLiteral("inspector"));
                const InspectorCost::Settings settings { parser.value(relayOption),
                    relayFlags,
                    environment,
                    plan.fanoutSizes.first(),
                    plan.durationMs,
                    plan.inFlight,
                    plan.idleConnections,
                    2 * plan.durationMs };
                const QJsonObject cost = InspectorCost::measureRound(settings, round);
                inspectorRounds.append(cost);
                ok = ok && InspectorCost::succeeded(cost);
            }
            if (round == 0 && plan.wants("cluster")) {
                setLabel(QStringLiteral("cluster"));
                const QJsonObject cluster = ClusterBench::run(parser.value(relayOption),
                    relayFlags,
                    environment,
                    { plan.latencySubscribers, plan.latencyRate, plan.durationMs, plan.rounds },
                    Report::row);
                report.insert(QStringLiteral("cluster"), cluster);
                ok = ok && !cluster.contains(QLatin1String("error"));
            }
            if (round == 0 && plan.wants("tls") && !plan.fanoutSizes.isEmpty()) {
                setLabel(QStringLiteral("tls"));
                const QJsonObject tls = compareTls(parser.value(relayOption), relayFlags, environment, plan);
                report.insert(QStringLiteral("tls"), tls);
                ok = ok && !tls.contains(QLatin1String("error"));
            }
        }
        if (withPeer) {
            setLabel(QStringLiteral("peer"));
            results.insert(QStringLiteral("peer"), runScenarioTable(peer, plan, true));
        }
        if (plan.wants("idle")) {
            setLabel(QStringLiteral("qt floor"));
            Target floor;
            RelayProcess floorProcess;
            floor.port = floorProcess.start(parser.value(floorOption), {}, environment);
            floor.pid = floorProcess.pid();
            if (floor.port == 0) {
                std::fprintf(stderr, "relaybench: could not start %s\n", qUtf8Printable(parser.value(floorOption)));
                return 1;
            }
            const QJsonObject idle = Scenarios::idleConnections(floor, plan.idleConnections);
            results.insert(QStringLiteral("qt_floor"), QJsonObject { { QStringLiteral("idle_connections"), idle } });
            row(QStringLiteral("%1 idle connections on a bare QWebSocketServer: memory per connection")
                    .arg(plan.idleConnections),
                idle.contains(QLatin1String("error"))
                    ? idle.value(QLatin1String("error")).toString()
                    : QStringLiteral("%1 KiB").arg(number(idle, "kib_per_connection"), 0, 'f', 1));
            ok = ok && !idle.contains(QLatin1String("error"));
        }
        setLabel({});
        rounds.append(results);
    }
    report.insert(QStringLiteral("rounds"), rounds);
    if (!inspectorRounds.isEmpty())
        report.insert(QStringLiteral("inspector"),
            QJsonObject { { QStringLiteral("rounds"), inspectorRounds },
                { QStringLiteral("median"), InspectorCost::summarize(inspectorRounds) } });
    report.insert(attached ? QStringLiteral("attached") : QStringLiteral("headless"),
        rounds.first().toObject().value(QLatin1String("relaydesk")));
    if (withPeer || plan.rounds > 1)
        report.insert(QStringLiteral("comparison"),
            printComparison(
                rounds, plan.fanoutSizes.value(0), withPeer ? QStringLiteral("peer") : QStringLiteral("(no peer)")));
    if (parser.isSet(jsonOption)) {
        QFile file(parser.value(jsonOption));
        if (file.open(QIODevice::WriteOnly))
            file.write(QJsonDocument(report).toJson());
    }
    return ok ? 0 : 1;
}
