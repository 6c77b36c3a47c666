// SPDX-License-Identifier: MIT
#include "report.h"
#include "scenarios.h"
#include "variants.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

using namespace Report;

QJsonObject compareCluster(
    const QString &binary, const QStringList &flags, const QProcessEnvironment &environment, const Plan &plan)
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
    publisher.port = first.start(
        binary, flags + QStringList { QStringLiteral("--no-gui"), QStringLiteral("--redis"), url }, environment);
    subscriber.port = second.start(
        binary, flags + QStringList { QStringLiteral("--no-gui"), QStringLiteral("--redis"), url }, environment);
    publisher.pid = first.pid();
    subscriber.pid = second.pid();
    QJsonObject result;
    if (publisher.port == 0 || subscriber.port == 0) {
        redis.kill();
        redis.waitForFinished();
        return { { QStringLiteral("error"), QStringLiteral("relaydesk --redis did not start") } };
    }
    // The nodes answer /health 200 once they reach Redis.
    const auto healthy = [](quint16 port) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(1000))
            return false;
        socket.write("GET /health HTTP/1.0\r\n\r\n");
        QByteArray answer;
        while (socket.waitForReadyRead(1000))
            answer += socket.readAll();
        return answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.0 200");
    };
    QElapsedTimer waited;
    waited.start();
    while (!(healthy(publisher.port) && healthy(subscriber.port)) && waited.elapsed() < 10000)
        QThread::msleep(50);
    const QJsonObject local = Scenarios::latency(publisher, plan.latencySubscribers, plan.latencyRate, plan.durationMs);
    const QJsonObject cross
        = Scenarios::latency(subscriber, plan.latencySubscribers, plan.latencyRate, plan.durationMs, &publisher);
    first.stop();
    second.stop();
    redis.kill();
    redis.waitForFinished();
    result.insert(QStringLiteral("same_node"), local);
    result.insert(QStringLiteral("cross_node"), cross);
    for (const QJsonObject &part : { local, cross }) {
        if (part.contains(QLatin1String("error")))
            result.insert(QStringLiteral("error"), part.value(QLatin1String("error")));
    }
    const double cpuLocal = number(local, "cpu_ns_per_delivery");
    const double cpuCross = number(cross, "cpu_ns_per_delivery");
    result.insert(QStringLiteral("cpu_ratio"), cpuLocal > 0 ? cpuCross / cpuLocal : 0.0);
    row(QStringLiteral("cluster latency p50/p99, same node vs cross node (%1/s x %2)")
            .arg(plan.latencyRate)
            .arg(plan.latencySubscribers),
        QStringLiteral("%1/%2 ms vs %3/%4 ms")
            .arg(number(local, "p50_ms"), 0, 'f', 2)
            .arg(number(local, "p99_ms"), 0, 'f', 2)
            .arg(number(cross, "p50_ms"), 0, 'f', 2)
            .arg(number(cross, "p99_ms"), 0, 'f', 2));
    row(QStringLiteral("cluster CPU per delivery, cross node (both nodes) / same node"),
        QStringLiteral("%1 (%2 vs %3 ns)")
            .arg(cpuLocal > 0 ? cpuCross / cpuLocal : 0.0, 0, 'f', 2)
            .arg(cpuCross, 0, 'f', 0)
            .arg(cpuLocal, 0, 'f', 0));
    return result;
}
