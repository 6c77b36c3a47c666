// SPDX-License-Identifier: MIT
// The relaydesk process under resource pressure: its RSS comes back after thousands of connections closed
// (freed heap is handed back to the system), and with its file descriptors used up it keeps serving the
// connections it has and refuses new ones with a log line.
#include "relaytestkit.h"
#include "runningrelay.h"

#include <QFile>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <sys/resource.h>

#include <memory>
#include <vector>

using namespace RelayTest;

namespace {
qint64 rssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

/// Raises this process's descriptor limit to its hard limit; returns the new soft limit.
rlim_t raiseDescriptorLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

int liveConnections(Http &http, const RunningRelay &relay)
{
    return http.get(relay.http("/stats")).json.value("connections").toInt(-1);
}

/// Writes GET /health on `socket` and waits for the whole answer; the status line, or empty if none came.
QByteArray health(QTcpSocket &socket)
{
    socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs && !answer.contains("}") && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForReadyRead(50);
        answer += socket.readAll();
    }
    answer += socket.readAll();
    return answer.left(answer.indexOf("\r\n"));
}
} // namespace

class ResourcesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void memoryIsReturnedAfterConnectionsClose()
    {
        const int perCycle = 2500;
        if (raiseDescriptorLimit() < rlim_t(perCycle + 200))
            QSKIP("this test needs about 2700 file descriptors (ulimit -n)");
        RunningRelay relay;
        QVERIFY(relay.start({}));
        const qint64 pid = relay.process.processId();
        Http http;
        const qint64 base = rssKb(pid);
        QVERIFY(base > 0);
        for (int cycle = 1; cycle <= 2; ++cycle) {
            std::vector<std::unique_ptr<QWebSocket>> clients;
            int connected = 0;
            for (int i = 0; i < perCycle; ++i) {
                auto client = std::make_unique<QWebSocket>();
                connect(client.get(), &QWebSocket::connected, this, [&connected] { ++connected; });
                client->open(relay.ws());
                clients.push_back(std::move(client));
            }
            QTRY_COMPARE_WITH_TIMEOUT(connected, perCycle, 120000);
            QTRY_COMPARE_WITH_TIMEOUT(liveConnections(http, relay), perCycle, 30000);
            const qint64 peak = rssKb(pid);
            QVERIFY2(peak - base > 10 * 1024, qPrintable(QString("the connections cost only %1 KiB").arg(peak - base)));
            for (auto &client : clients)
                client->abort();
            clients.clear();
            QTRY_COMPARE_WITH_TIMEOUT(liveConnections(http, relay), 0, 30000);
            // Back within a quarter of what the connections took (freed but kept by malloc, RSS stayed at 60-80%).
            const auto settled = [&] { return rssKb(pid) - base <= (peak - base) / 4; };
            QTRY_VERIFY_WITH_TIMEOUT(settled(), 15000);
            qInfo("cycle %d: RSS %lld KiB at start, %lld KiB with %d connections, %lld KiB after they closed",
                cycle,
                base,
                peak,
                perCycle,
                rssKb(pid));
        }
    }

    void outOfDescriptorsKeepsServingOpenConnections()
    {
        RunningRelay relay;
        relay.inChild = [] {
            rlimit limit { 64, 64 };
            setrlimit(RLIMIT_NOFILE, &limit);
        };
        QVERIFY(relay.start({}));
        QTcpSocket keepAlive;
        keepAlive.connectToHost(QHostAddress::LocalHost, relay.port);
        QVERIFY(keepAlive.waitForConnected(timeoutMs));
        QCOMPARE(health(keepAlive), QByteArray("HTTP/1.1 200 OK"));

        std::vector<std::unique_ptr<QTcpSocket>> fillers;
        for (int i = 0; i < 100; ++i) {
            fillers.push_back(std::make_unique<QTcpSocket>());
            fillers.back()->connectToHost(QHostAddress::LocalHost, relay.port);
        }
        QByteArray errors;
        QTRY_VERIFY_WITH_TIMEOUT(
            (errors += relay.process.readAllStandardError()).contains("out of file descriptors"), timeoutMs);
        QVERIFY2(errors.contains("refused "), errors.constData());
        // The open keep-alive connection is still answered, several times.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(health(keepAlive), QByteArray("HTTP/1.1 200 OK"));
        // A new connection is closed without an answer while descriptors are out.
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, relay.port);
        QVERIFY(late.waitForConnected(timeoutMs));
        QCOMPARE(health(late), QByteArray());
        QCOMPARE(late.state(), QAbstractSocket::UnconnectedState);

        // Once descriptors are free again, new connections are served.
        for (auto &filler : fillers)
            filler->abort();
        fillers.clear();
        const auto servedAgain = [&] {
            QTcpSocket fresh;
            fresh.connectToHost(QHostAddress::LocalHost, relay.port);
            return fresh.waitForConnected(timeoutMs) && health(fresh) == "HTTP/1.1 200 OK";
        };
        QTRY_VERIFY_WITH_TIMEOUT(servedAgain(), 3 * timeoutMs);
        QCOMPARE(health(keepAlive), QByteArray("HTTP/1.1 200 OK"));
    }
};

QTEST_GUILESS_MAIN(ResourcesTest)
#include "tst_resources.moc"
