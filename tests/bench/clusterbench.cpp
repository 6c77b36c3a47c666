// SPDX-License-Identifier: MIT
#include "clusterbench.h"

#include "scenarios.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>

namespace ClusterBench {

namespace {
    double number(const QJsonObject &object, const char *key)
    {
        return object.value(QLatin1String(key)).toDouble();
    }

    double median(QList<double> values)
    {
        if (values.isEmpty())
            return 0;
        std::sort(values.begin(), values.end());
        const qsizetype middle = values.size() / 2;
        return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
    }

    /// GET /health answers 200: the node reached Redis.
    bool healthy(quint16 port)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(1000))
            return false;
        socket.write("GET /health HTTP/1.0\r\n\r\n");
        QByteArray answer;
        while (socket.waitForReadyRead(1000))
            answer += socket.readAll();
        return answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.0 200");
    }
} // namespace

QJsonObject run(const QString &binary,
    const QStringList &flags,
    const QProcessEnvironment &environment,
    const Settings &settings,
    const std::function<void(const QString &, const QString &)> &row)
{
    if (QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty()) {
        row(QStringLiteral("cluster"), QStringLiteral("skipped: redis-server is not installed"));
        return { { QStringLiteral("skipped"), QStringLiteral("redis-server is not installed") } };
    }
    QTemporaryDir dir;
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 redisPort = probe.serverPort();
    probe.close();
    QProcess redis;
    redis.start(QStringLiteral("redis-server"),
        { QStringLiteral("--port"),
            QString::number(redisPort),
            QStringLiteral("--bind"),
            QStringLiteral("127.0.0.1"),
            QStringLiteral("--save"),
            QString(),
            QStringLiteral("--appendonly"),
            QStringLiteral("no"),
            QStringLiteral("--dir"),
            dir.path() });
    if (!redis.waitForStarted(5000))
        return { { QStringLiteral("error"), QStringLiteral("redis-server did not start (is it installed?)") } };
    const QString url = QStringLiteral("redis://127.0.0.1:%1").arg(redisPort);
    RelayProcess first;
    RelayProcess second;
    Target publisher;
    Target subscriber;
    publisher.name = QStringLiteral("node a");
    subscriber.name = QStringLiteral("node b");
    const QStringList nodeFlags { QStringLiteral("--no-gui"), QStringLiteral("--redis"), url };
    publisher.port = first.start(binary, flags + nodeFlags, environment);
    subscriber.port = second.start(binary, flags + nodeFlags, environment);
    publisher.pid = first.pid();
    subscriber.pid = second.pid();
    const auto stopAll = [&] {
        first.stop();
        second.stop();
        redis.kill();
        redis.waitForFinished();
    };
    if (publisher.port == 0 || subscriber.port == 0) {
        stopAll();
        return { { QStringLiteral("error"), QStringLiteral("relaydesk --redis did not start") } };
    }
    QElapsedTimer waited;
    waited.start();
    while (!(healthy(publisher.port) && healthy(subscriber.port)) && waited.elapsed() < 10000)
        QThread::msleep(50);

    QJsonArray rounds;
    QList<double> sameP50, crossP50, p50Deltas, cpuRatios;
    QJsonObject result;
    for (int round = 0; round < std::max(1, settings.rounds); ++round) {
        // Alternating which goes first, so that neither always meets the machine's state after the other.
        QJsonObject local;
        QJsonObject cross;
        const auto measureLocal = [&] {
            local = Scenarios::latency(publisher, settings.subscribers, settings.ratePerSecond, settings.durationMs);
        };
        const auto measureCross = [&] {
            cross = Scenarios::latency(
                subscriber, settings.subscribers, settings.ratePerSecond, settings.durationMs, &publisher);
        };
        if (round % 2 == 0) {
            measureLocal();
            measureCross();
        } else {
            measureCross();
            measureLocal();
        }
        for (const QJsonObject &part : { local, cross }) {
            if (part.contains(QLatin1String("error")))
                result.insert(QStringLiteral("error"), part.value(QLatin1String("error")));
        }
        const double cpuLocal = number(local, "cpu_ns_per_delivery");
        const double cpuCross = number(cross, "cpu_ns_per_delivery");
        const double cpuRatio = cpuLocal > 0 ? cpuCross / cpuLocal : 0.0;
        sameP50.append(number(local, "p50_ms"));
        crossP50.append(number(cross, "p50_ms"));
        p50Deltas.append(number(cross, "p50_ms") - number(local, "p50_ms"));
        cpuRatios.append(cpuRatio);
        rounds.append(QJsonObject { { QStringLiteral("same_node"), local },
            { QStringLiteral("cross_node"), cross },
            { QStringLiteral("cpu_ratio"), cpuRatio } });
        row(QStringLiteral("cluster round %1 latency p50/p99, same node vs cross node (%2/s x %3)")
                .arg(round + 1)
                .arg(settings.ratePerSecond)
                .arg(settings.subscribers),
            QStringLiteral("%1/%2 ms vs %3/%4 ms")
                .arg(number(local, "p50_ms"), 0, 'f', 2)
                .arg(number(local, "p99_ms"), 0, 'f', 2)
                .arg(number(cross, "p50_ms"), 0, 'f', 2)
                .arg(number(cross, "p99_ms"), 0, 'f', 2));
        row(QStringLiteral("cluster round %1 CPU per delivery, cross node (both nodes) / same node").arg(round + 1),
            QStringLiteral("%1 (%2 vs %3 ns)")
                .arg(cpuRatio, 0, 'f', 2)
                .arg(cpuCross, 0, 'f', 0)
                .arg(cpuLocal, 0, 'f', 0));
    }
    stopAll();
    result.insert(QStringLiteral("rounds"), rounds);
    result.insert(QStringLiteral("median_same_node_p50_ms"), median(sameP50));
    result.insert(QStringLiteral("median_cross_node_p50_ms"), median(crossP50));
    result.insert(QStringLiteral("median_p50_delta_ms"), median(p50Deltas));
    result.insert(QStringLiteral("median_cpu_ratio"), median(cpuRatios));
    // Kept from the one-round report: the first round's figures under their old names.
    result.insert(QStringLiteral("same_node"), rounds.first().toObject().value(QLatin1String("same_node")));
    result.insert(QStringLiteral("cross_node"), rounds.first().toObject().value(QLatin1String("cross_node")));
    result.insert(QStringLiteral("cpu_ratio"), median(cpuRatios));
    row(QStringLiteral("cluster median over %1 rounds: p50 cross - same, CPU ratio").arg(rounds.size()),
        QStringLiteral("%1 ms, %2").arg(median(p50Deltas), 0, 'f', 2).arg(median(cpuRatios), 0, 'f', 2));
    return result;
}

} // namespace ClusterBench
