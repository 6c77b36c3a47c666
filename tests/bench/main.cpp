// SPDX-License-Identifier: MIT
// relaybench: starts relaydesk as a separate process (or attaches to a running relay), optionally measures a peer
// relay beside it in alternating rounds, and reports fan-out, latency, HTTP rates, the presence join storm, idle
// connections (with Qt's own floor), the inspector's cost and wss against ws on one relay, each with the server's
// CPU time. A benchmark, not a test.
#include "clusterbench.h"
#include "comparison.h"
#include "inspectorcost.h"
#include "scenarios.h"
#include "soak.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sys/resource.h>

namespace {
struct Plan {
    QStringList only; ///< scenario names to run; empty runs all
    bool wants(const char *name) const { return only.isEmpty() || only.contains(QLatin1String(name)); }
    int durationMs = 5000;
    QList<int> fanoutSizes { 1000, 5000 };
    int inFlight = 10;
    int latencySubscribers = 1000;
    int latencyRate = 50;
    int idleConnections = 10000;
    int ceilingSockets = 1000;
    int slowReaderEvents = 3000;
    int tlsConnections = 2000;
    int presenceMembers = 1000;
    int presenceInFlight = 20;
    int rounds = 1;
    int soakMinutes = 30; ///< the soak runs only when named in --only
};

void raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

double number(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toDouble();
}

QString currentLabel; ///< the relay the rows being printed are about

void row(const QString &what, const QString &value)
{
    const QString label = currentLabel.isEmpty() ? QString() : QLatin1Char('[') + currentLabel + QStringLiteral("] ");
    std::printf("%-72s %s\n", qUtf8Printable(label + what), qUtf8Printable(value));
    std::fflush(stdout);
}

QString cpuText(double value, const char *unit)
{
    return value < 0 ? QStringLiteral("cpu unknown")
                     : QStringLiteral("%1 %2 cpu").arg(value, 0, 'f', 1).arg(QLatin1String(unit));
}

QString rate(double perSecond)
{
    return QString::number(qRound64(perSecond)) + QStringLiteral(" /s");
}

/// Runs every scenario against `target`; `label` prefixes the table rows.
QJsonObject runAll(const Target &target, const Plan &plan, bool withIdle)
{
    QJsonObject results;
    QJsonArray fanouts;
    for (int size : plan.wants("fanout") ? plan.fanoutSizes : QList<int> {}) {
        const QJsonObject fanout = Scenarios::fanout(target, size, plan.durationMs, plan.inFlight);
        fanouts.append(fanout);
        row(QStringLiteral("fan-out, %1 subscribers, %2 publishes in flight").arg(size).arg(plan.inFlight),
            fanout.contains(QLatin1String("error")) ? fanout.value(QLatin1String("error")).toString()
                                                    : rate(number(fanout, "deliveries_per_second"))
                    + QStringLiteral(" deliveries, ") + cpuText(number(fanout, "cpu_ns_per_delivery"), "ns/delivery"));
    }
    results.insert(QStringLiteral("fanout"), fanouts);
    if (plan.wants("latency")) {
        const QJsonObject latency
            = Scenarios::latency(target, plan.latencySubscribers, plan.latencyRate, plan.durationMs);
        results.insert(QStringLiteral("latency"), latency);
        row(QStringLiteral("latency, %1 publishes/s x %2 subscribers (p50/p95/p99)")
                .arg(plan.latencyRate)
                .arg(plan.latencySubscribers),
            QStringLiteral("%1 / %2 / %3 ms")
                .arg(number(latency, "p50_ms"), 0, 'f', 2)
                .arg(number(latency, "p95_ms"), 0, 'f', 2)
                .arg(number(latency, "p99_ms"), 0, 'f', 2));
    }
    if (plan.wants("http")) {
        const QJsonObject publish
            = Scenarios::httpRate(target, Scenarios::HttpRequestKind::PublishSigned, 20, plan.durationMs);
        results.insert(QStringLiteral("http_publish"), publish);
        row(QStringLiteral("HTTP publish, Pusher-signed, no subscribers, 20 connections"),
            rate(number(publish, "requests_per_second")) + QStringLiteral(", ")
                + cpuText(number(publish, "cpu_us_per_request"), "us/request"));
        if (!target.pusher) {
            const QJsonObject bearer
                = Scenarios::httpRate(target, Scenarios::HttpRequestKind::PublishBearer, 20, plan.durationMs);
            results.insert(QStringLiteral("http_publish_bearer"), bearer);
            row(QStringLiteral("HTTP publish, Bearer, no subscribers, 20 connections"),
                rate(number(bearer, "requests_per_second")) + QStringLiteral(", ")
                    + cpuText(number(bearer, "cpu_us_per_request"), "us/request"));
        }
        const QJsonObject health = Scenarios::httpRate(target, Scenarios::HttpRequestKind::Health, 50, plan.durationMs);
        results.insert(QStringLiteral("http_health"), health);
        row(QStringLiteral("GET health, 50 connections"), rate(number(health, "requests_per_second")));
    }
    if (plan.wants("presence")) {
        const QJsonObject storm = Scenarios::presenceStorm(target, plan.presenceMembers, plan.presenceInFlight);
        results.insert(QStringLiteral("presence_storm"), storm);
        row(QStringLiteral("presence join storm, %1 members, %2 joins in flight: cpu / wall, frames")
                .arg(plan.presenceMembers)
                .arg(plan.presenceInFlight),
            storm.contains(QLatin1String("error")) ? storm.value(QLatin1String("error")).toString()
                                                   : QStringLiteral("%1 s / %2 s, %3 frames (%4 us cpu/frame)")
                                                         .arg(number(storm, "server_cpu_seconds"), 0, 'f', 2)
                                                         .arg(number(storm, "wall_seconds"), 0, 'f', 2)
                                                         .arg(qint64(number(storm, "frames")))
                                                         .arg(number(storm, "cpu_us_per_frame"), 0, 'f', 2));
    }
    if (plan.wants("slowreader")) {
        const QJsonObject slow = Scenarios::slowReader(target, plan.slowReaderEvents);
        results.insert(QStringLiteral("slow_reader"), slow);
        row(QStringLiteral("stalled reader + 20 readers, %1 x 16 KB: RSS start/peak/end").arg(plan.slowReaderEvents),
            QStringLiteral("%1 / %2 / %3 MiB, stalled reader closed: %4, others got %5 of %6")
                .arg(number(slow, "rss_start_kib") / 1024, 0, 'f', 1)
                .arg(number(slow, "rss_peak_kib") / 1024, 0, 'f', 1)
                .arg(number(slow, "rss_end_kib") / 1024, 0, 'f', 1)
                .arg(slow.value(QLatin1String("slow_reader_closed")).toBool() ? QStringLiteral("yes")
                                                                              : QStringLiteral("NO"))
                .arg(qint64(number(slow, "healthy_deliveries")))
                .arg(qint64(number(slow, "healthy_expected"))));
    }
    if (plan.only.contains(QLatin1String("soak"))) {
        Soak::Settings settings;
        settings.minutes = plan.soakMinutes;
        const QJsonObject soak = Soak::run(target, settings);
        results.insert(QStringLiteral("soak"), soak);
        row(QStringLiteral("soak, %1 min: delivered / lost / duplicated / out of order").arg(plan.soakMinutes),
            QStringLiteral("%1 / %2 / %3 / %4")
                .arg(number(soak, "delivered"))
                .arg(number(soak, "lost"))
                .arg(number(soak, "duplicated"))
                .arg(number(soak, "out_of_order")));
        row(QStringLiteral("soak: RSS growth after the first minute, at most / at the end"),
            QStringLiteral("%1 % / %2 %")
                .arg(number(soak, "rss_max_growth_after_warmup_percent"), 0, 'f', 1)
                .arg(number(soak, "rss_end_growth_after_warmup_percent"), 0, 'f', 1));
    }
    if (withIdle && plan.wants("idle")) {
        const QJsonObject idle = Scenarios::idleConnections(target, plan.idleConnections);
        results.insert(QStringLiteral("idle_connections"), idle);
        row(QStringLiteral("%1 idle connections: connect time, rate").arg(plan.idleConnections),
            QStringLiteral("%1 s, %2")
                .arg(number(idle, "seconds"), 0, 'f', 2)
                .arg(rate(number(idle, "connections_per_second"))));
        if (idle.contains(QLatin1String("kib_per_connection")))
            row(QStringLiteral("memory per idle connection (process RSS)"),
                QStringLiteral("%1 KiB").arg(number(idle, "kib_per_connection"), 0, 'f', 1));
    }
    return results;
}
/// One relay started with --tls serves ws and wss on its port: fan-out and connection rate over both in the
/// same run, reported as wss / ws ratios.
QJsonObject compareTls(
    const QString &binary, const QStringList &flags, const QProcessEnvironment &environment, const Plan &plan)
{
    QTemporaryDir dir;
    RelayProcess relay;
    Target target;
    target.name = QStringLiteral("relaydesk --tls");
    target.port = relay.start(binary,
        flags
            + QStringList { QStringLiteral("--no-gui"),
                QStringLiteral("--tls"),
                QStringLiteral("--tls-dir"),
                dir.path() },
        environment);
    target.pid = relay.pid();
    if (target.port == 0)
        return { { QStringLiteral("error"), QStringLiteral("relaydesk --tls did not start") } };
    // Only the relay's CA: Qt loads every CA of the configuration into each socket's context, which made the
    // load generator itself the bottleneck with the whole system store.
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(QSslCertificate::fromPath(dir.filePath(QStringLiteral("ca.crt"))));
    QSslConfiguration::setDefaultConfiguration(trusting);

    QJsonObject result;
    const int size = plan.fanoutSizes.first();
    const auto measure = [&](bool tls, const char *name) {
        target.tls = tls;
        const QJsonObject fanout = Scenarios::fanout(target, size, plan.durationMs, plan.inFlight);
        const QJsonObject connect = Scenarios::idleConnections(target, plan.tlsConnections);
        result.insert(QStringLiteral("%1_fanout").arg(QLatin1String(name)), fanout);
        result.insert(QStringLiteral("%1_connections").arg(QLatin1String(name)), connect);
        for (const QJsonObject &part : { fanout, connect }) {
            if (part.contains(QLatin1String("error")))
                result.insert(QStringLiteral("error"),
                    QStringLiteral("%1: %2").arg(QLatin1String(name), part.value(QLatin1String("error")).toString()));
        }
        return std::pair { number(fanout, "deliveries_per_second"), number(connect, "connections_per_second") };
    };
    const auto [wsFanout, wsConnects] = measure(false, "ws");
    const auto [wssFanout, wssConnects] = measure(true, "wss");
    const double fanoutRatio = wsFanout > 0 ? wssFanout / wsFanout : 0;
    const double connectRatio = wsConnects > 0 ? wssConnects / wsConnects : 0;
    result.insert(QStringLiteral("fanout_ratio"), fanoutRatio);
    result.insert(QStringLiteral("connection_rate_ratio"), connectRatio);
    row(QStringLiteral("wss / ws fan-out, %1 subscribers, same relay").arg(size),
        QStringLiteral("%1 (%2 vs %3 deliveries)").arg(fanoutRatio, 0, 'f', 2).arg(rate(wssFanout), rate(wsFanout)));
    row(QStringLiteral("wss / ws connection rate, %1 connections").arg(plan.tlsConnections),
        QStringLiteral("%1 (%2 vs %3)").arg(connectRatio, 0, 'f', 2).arg(rate(wssConnects), rate(wsConnects)));
    return result;
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
            currentLabel = QStringLiteral("attached");
            const Target target = attachedTarget(parser.value(attachOption),
                parser.value(pidOption).toLongLong(),
                parser.isSet(pusherOption),
                currentLabel);
            results.insert(QStringLiteral("relaydesk"), runAll(target, plan, true));
        } else {
            currentLabel = QStringLiteral("relaydesk");
            Target target;
            RelayProcess headless;
            target.port = headless.start(
                parser.value(relayOption), relayFlags + QStringList { QStringLiteral("--no-gui") }, environment);
            target.pid = headless.pid();
            if (target.port == 0) {
                std::fprintf(stderr, "relaybench: could not start %s\n", qUtf8Printable(parser.value(relayOption)));
                return 1;
            }
            const QJsonObject ours = runAll(target, plan, true);
            results.insert(QStringLiteral("relaydesk"), ours);
            headless.stop();
            ok = ok && allSucceeded(ours);
            if (plan.wants("inspector") && !plan.fanoutSizes.isEmpty()) {
                currentLabel = QStringLiteral("inspector");
                const InspectorCost::Settings settings { parser.value(relayOption), relayFlags, environment,
                    plan.fanoutSizes.first(), plan.durationMs, plan.inFlight, plan.idleConnections,
                    2 * plan.durationMs };
                const QJsonObject cost = InspectorCost::measureRound(settings, round);
                inspectorRounds.append(cost);
                ok = ok && InspectorCost::succeeded(cost);
            }
            if (round == 0 && plan.wants("cluster")) {
                currentLabel = QStringLiteral("cluster");
                const QJsonObject cluster = ClusterBench::run(parser.value(relayOption), relayFlags, environment,
                    { plan.latencySubscribers, plan.latencyRate, plan.durationMs, plan.rounds }, row);
                report.insert(QStringLiteral("cluster"), cluster);
                ok = ok && !cluster.contains(QLatin1String("error"));
            }
            if (round == 0 && plan.wants("tls") && !plan.fanoutSizes.isEmpty()) {
                currentLabel = QStringLiteral("tls");
                const QJsonObject tls = compareTls(parser.value(relayOption), relayFlags, environment, plan);
                report.insert(QStringLiteral("tls"), tls);
                ok = ok && !tls.contains(QLatin1String("error"));
            }
        }
        if (withPeer) {
            currentLabel = QStringLiteral("peer");
            results.insert(QStringLiteral("peer"), runAll(peer, plan, true));
        }
        if (plan.wants("idle")) {
            currentLabel = QStringLiteral("qt floor");
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
        currentLabel.clear();
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
            printComparison(rounds, plan.fanoutSizes.value(0), withPeer ? QStringLiteral("peer") : QStringLiteral("(no peer)")));
    if (parser.isSet(jsonOption)) {
        QFile file(parser.value(jsonOption));
        if (file.open(QIODevice::WriteOnly))
            file.write(QJsonDocument(report).toJson());
    }
    return ok ? 0 : 1;
}
