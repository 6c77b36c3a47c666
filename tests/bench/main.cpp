// SPDX-License-Identifier: MIT
// relaybench: starts relaydesk as a separate process (or attaches to a running peer) and measures fan-out,
// latency, HTTP rates, idle connections and the inspector's cost. A benchmark, not a test.
#include "scenarios.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
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

void row(const QString &what, const QString &value)
{
    std::printf("%-58s %s\n", qUtf8Printable(what), qUtf8Printable(value));
    std::fflush(stdout);
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
            fanout.contains(QLatin1String("error"))
                ? fanout.value(QLatin1String("error")).toString()
                : rate(number(fanout, "deliveries_per_second")) + QStringLiteral(" deliveries"));
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
        const QJsonObject publish = Scenarios::httpRate(target, true, 20, plan.durationMs);
        results.insert(QStringLiteral("http_publish"), publish);
        row(QStringLiteral("HTTP publish, no subscribers, 20 connections"),
            rate(number(publish, "requests_per_second")));
        const QJsonObject health = Scenarios::httpRate(target, false, 50, plan.durationMs);
        results.insert(QStringLiteral("http_health"), health);
        row(QStringLiteral("GET health, 50 connections"), rate(number(health, "requests_per_second")));
    }
    if (plan.wants("slowreader")) {
        const QJsonObject slow = Scenarios::slowReader(target, plan.slowReaderEvents);
        results.insert(QStringLiteral("slow_reader"), slow);
        row(QStringLiteral("stalled reader + 20 readers, %1 x 16 KB: RSS start/peak/end").arg(plan.slowReaderEvents),
            QStringLiteral("%1 / %2 / %3 MiB, stalled reader closed: %4, others got %5 of %6")
                .arg(number(slow, "rss_start_kib") / 1024, 0, 'f', 1)
                .arg(number(slow, "rss_peak_kib") / 1024, 0, 'f', 1)
                .arg(number(slow, "rss_end_kib") / 1024, 0, 'f', 1)
                .arg(slow.value(QLatin1String("slow_reader_closed")).toBool() ? QStringLiteral("yes") : QStringLiteral("NO"))
                .arg(qint64(number(slow, "healthy_deliveries")))
                .arg(qint64(number(slow, "healthy_expected"))));
    }
    if (withIdle && plan.wants("idle")) {
        const QJsonObject idle = Scenarios::idleConnections(target, plan.idleConnections);
        results.insert(QStringLiteral("idle_connections"), idle);
        row(QStringLiteral("%1 idle connections: connect time, rate").arg(plan.idleConnections),
            QStringLiteral("%1 s, %2")
                .arg(number(idle, "seconds"), 0, 'f', 2)
                .arg(rate(number(idle, "connections_per_second"))));
        if (idle.contains(QLatin1String("kib_per_connection")))
            row(QStringLiteral("relay memory per idle connection"),
                QStringLiteral("%1 KiB").arg(number(idle, "kib_per_connection"), 0, 'f', 1));
    }
    return results;
}
/// One relay started with --tls serves ws and wss on its port: fan-out and connection rate over both in the
/// same run, reported as wss / ws ratios.
QJsonObject compareTls(const QString &binary, const QProcessEnvironment &environment, const Plan &plan)
{
    QTemporaryDir dir;
    RelayProcess relay;
    Target target;
    target.port = relay.start(binary,
        { QStringLiteral("--no-gui"), QStringLiteral("--tls"), QStringLiteral("--tls-dir"), dir.path() },
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
    const QCommandLineOption attachOption(QStringLiteral("attach"),
        QStringLiteral("Measure an already running relay at host:port instead."),
        QStringLiteral("host:port"));
    const QCommandLineOption pusherOption(QStringLiteral("pusher"),
        QStringLiteral("Speak the Pusher dialect and signed REST (for peers such as soketi)."));
    const QCommandLineOption pidOption(QStringLiteral("pid"),
        QStringLiteral("Process id of the attached relay, for memory readings."),
        QStringLiteral("pid"));
    const QCommandLineOption smokeOption(
        QStringLiteral("smoke"), QStringLiteral("A seconds-long run with small numbers (CI)."));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), QStringLiteral("Also write the results as JSON to this file."), QStringLiteral("file"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
        QStringLiteral("Milliseconds per measurement (default 5000)."),
        QStringLiteral("ms"));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
        QStringLiteral("Comma-separated scenarios: ceiling, fanout, latency, http, slowreader, idle, inspector, tls "
                       "(default: all)."),
        QStringLiteral("names"));
    parser.addOptions(
        { relayOption, attachOption, pusherOption, pidOption, smokeOption, jsonOption, durationOption, onlyOption });
    parser.process(app);

    Plan plan;
    if (parser.isSet(smokeOption))
        plan = Plan { {}, 800, { 50, 200 }, 4, 50, 20, 300, 50, 300, 200 };
    if (parser.isSet(durationOption))
        plan.durationMs = parser.value(durationOption).toInt();
    plan.only = parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts);

    QJsonObject report;
    std::printf("Relay Desk benchmark (%d cores)\n", QThread::idealThreadCount());
    if (plan.wants("ceiling")) {
        const QJsonObject ceiling = Scenarios::loadGeneratorCeiling(plan.ceilingSockets, plan.durationMs);
        report.insert(QStringLiteral("load_generator_ceiling"), ceiling);
        row(QStringLiteral("load generator ceiling, %1 sockets").arg(plan.ceilingSockets),
            rate(number(ceiling, "deliveries_per_second")) + QStringLiteral(" frames"));
    }

    Target target;
    target.pusher = parser.isSet(pusherOption);
    bool ok = true;
    if (parser.isSet(attachOption)) {
        const QStringList parts = parser.value(attachOption).split(QLatin1Char(':'));
        target.host = parts.value(0);
        target.port = quint16(parts.value(1).toUInt());
        target.pid = parser.value(pidOption).toLongLong();
        report.insert(QStringLiteral("attached"), runAll(target, plan, true));
    } else {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        RelayProcess headless;
        target.port = headless.start(parser.value(relayOption), { QStringLiteral("--no-gui") }, environment);
        target.pid = headless.pid();
        if (target.port == 0) {
            std::fprintf(stderr, "relaybench: could not start %s\n", qUtf8Printable(parser.value(relayOption)));
            return 1;
        }
        const QJsonObject results = runAll(target, plan, true);
        report.insert(QStringLiteral("headless"), results);
        headless.stop();
        if (plan.wants("tls") && !plan.fanoutSizes.isEmpty()) {
            const QJsonObject tls = compareTls(parser.value(relayOption), environment, plan);
            report.insert(QStringLiteral("tls"), tls);
            ok = !tls.contains(QLatin1String("error"));
        }
        if (plan.wants("inspector") && !plan.fanoutSizes.isEmpty()) {
            environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            RelayProcess windowed;
            target.port = windowed.start(parser.value(relayOption), {}, environment);
            target.pid = windowed.pid();
            const QJsonObject withWindow
                = Scenarios::fanout(target, plan.fanoutSizes.first(), plan.durationMs, plan.inFlight);
            windowed.stop();
            const double base
                = number(results.value(QStringLiteral("fanout")).toArray().first().toObject(), "deliveries_per_second");
            const double open = number(withWindow, "deliveries_per_second");
            report.insert(QStringLiteral("inspector_open_fanout"), withWindow);
            report.insert(QStringLiteral("inspector_ratio"), base > 0 ? open / base : 0.0);
            row(QStringLiteral("fan-out with the inspector open (offscreen) / headless"),
                QStringLiteral("%1 (%2)").arg(base > 0 ? open / base : 0.0, 0, 'f', 2).arg(rate(open)));
            ok = ok && base > 0 && open > 0;
        }
    }
    if (parser.isSet(jsonOption)) {
        QFile file(parser.value(jsonOption));
        if (file.open(QIODevice::WriteOnly))
            file.write(QJsonDocument(report).toJson());
    }
    return ok ? 0 : 1;
}
