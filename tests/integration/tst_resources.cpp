// SPDX-License-Identifier: MIT
// The relaydesk process under resource pressure: its RSS comes back after thousands of connections closed
// (freed heap is handed back to the system).
#include "relaytestkit.h"
#include "runningrelay.h"

#include <QFile>
#include <QTcpSocket>
#include <QTest>

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

} // namespace

class ResourcesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void memoryIsReturnedAfterConnectionsClose()
    {
#ifdef RELAY_SANITIZED
        QSKIP("AddressSanitizer's allocator quarantines freed memory; malloc_trim cannot hand it back");
#endif
        const int perCycle = 2500;
        if (raiseDescriptorLimit() < rlim_t(perCycle + 200))
            QSKIP("this test needs about 2700 file descriptors (ulimit -n)");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("RELAY_MAX_HTTP_CONNECTIONS", "10000");
        RunningRelay relay;
        QVERIFY(relay.start({}, environment));
        const qint64 pid = relay.process.processId();
        Http http;
        const qint64 base = rssKb(pid);
        QVERIFY(base > 0);
        const QByteArray upgrade = "GET /app/my-key HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                   "Sec-WebSocket-Version: 13\r\n\r\n";
        for (int cycle = 1; cycle <= 2; ++cycle) {
            // Raw sockets that complete the handshake and stay silent: light on this side, a full session there.
            std::vector<std::unique_ptr<QTcpSocket>> clients;
            int upgraded = 0;
            const auto topUp = [&] {
                while (int(clients.size()) < perCycle && int(clients.size()) - upgraded < 200) {
                    auto client = std::make_unique<QTcpSocket>();
                    QTcpSocket *raw = client.get();
                    connect(raw, &QTcpSocket::connected, raw, [raw, &upgrade] { raw->write(upgrade); });
                    connect(raw, &QTcpSocket::readyRead, raw, [raw, &upgraded] {
                        if (raw->property("upgraded").toBool())
                            return (void)raw->readAll();
                        if (raw->readAll().startsWith("HTTP/1.1 101")) {
                            raw->setProperty("upgraded", true);
                            ++upgraded;
                        }
                    });
                    raw->connectToHost(QHostAddress::LocalHost, relay.port);
                    clients.push_back(std::move(client));
                }
                return upgraded == perCycle;
            };
            QTRY_VERIFY_WITH_TIMEOUT(topUp(), 120000);
            QTRY_COMPARE_WITH_TIMEOUT(liveConnections(http, relay), perCycle, 30000);
            const qint64 peak = rssKb(pid);
            QVERIFY2(peak - base > 10 * 1024, qPrintable(QString("the connections cost only %1 KiB").arg(peak - base)));
            for (auto &client : clients)
                client->abort();
            clients.clear();
            QTRY_COMPARE_WITH_TIMEOUT(liveConnections(http, relay), 0, 30000);
            // Back within a quarter of what the connections took.
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
};

QTEST_GUILESS_MAIN(ResourcesTest)
#include "tst_resources.moc"
