// SPDX-License-Identifier: MIT
#include "scenarios.h"

#include "blaster.h"
#include "httpload.h"
#include "rawwsclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTcpSocket>

#include <algorithm>
#include <chrono>
#include <string_view>
#include <vector>

namespace {
qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs, const std::function<void()> &step = {})
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs) {
        if (step)
            step();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return done();
}

bool contains(QByteArrayView haystack, std::string_view needle)
{
    return std::string_view(haystack.data(), size_t(haystack.size())).find(needle) != std::string_view::npos;
}

/// The socket id in a connection_established frame (`...\"socket_id\":\"123.456\"...`); empty if none.
QByteArray socketIdIn(QByteArrayView payload)
{
    const std::string_view text(payload.data(), size_t(payload.size()));
    constexpr std::string_view marker = "socket_id\\\":\\\"";
    const size_t at = text.find(marker);
    if (at == std::string_view::npos)
        return {};
    const size_t start = at + marker.size();
    const size_t end = text.find('\\', start);
    return end == std::string_view::npos ? QByteArray() : QByteArray(text.data() + start, qsizetype(end - start));
}

/// Many subscribers and what they received.
struct Pool {
    std::vector<std::unique_ptr<RawWsClient>> clients;
    int established = 0;
    int subscribed = 0;
    quint64 deliveries = 0;
    quint64 membersAdded = 0;
    int errors = 0; ///< error and subscription_error frames
    QByteArray lastError;
    quint64 bytes = 0;
    qint64 lastDeliveryNs = 0; ///< time of the last bench event or presence frame
    bool recordLatency = false;
    std::vector<double> latenciesMs;
    std::function<void()> onSubscribed; ///< called after each subscription_succeeded

    void onMessage(RawWsClient &client, QByteArrayView payload)
    {
        bytes += quint64(payload.size());
        // Every relay here names the event first: look at the head only, rosters can be many KB long.
        const QByteArrayView head = payload.first(qMin<qsizetype>(payload.size(), 80));
        if (contains(head, "\"event\":\"bench\"")) {
            ++deliveries;
            lastDeliveryNs = nowNs();
            if (recordLatency)
                recordLatencyOf(payload);
        } else if (contains(head, "member_added")) {
            ++membersAdded;
            lastDeliveryNs = nowNs();
        } else if (contains(head, "error\"")) {
            ++errors;
            lastError = payload.first(qMin<qsizetype>(payload.size(), 300)).toByteArray();
        } else if (contains(head, "connection_established")) {
            ++established;
            client.socketId = socketIdIn(payload);
        } else if (contains(head, "subscription_succeeded")) {
            ++subscribed;
            lastDeliveryNs = nowNs();
            if (onSubscribed)
                onSubscribed();
        }
    }

    void recordLatencyOf(QByteArrayView payload)
    {
        const std::string_view text(payload.data(), size_t(payload.size()));
        const size_t at = text.find("t\\\":");
        if (at == std::string_view::npos)
            return;
        qint64 sent = 0;
        for (size_t i = at + 4; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
            sent = sent * 10 + (text[i] - '0');
        latenciesMs.push_back(double(nowNs() - sent) / 1e6);
    }

    /// Opens `count` connections, at most `window` handshakes at a time; false if not all opened in time.
    bool open(const Target &target, int count, int timeoutMs, int window = 256)
    {
        const auto topUp = [&] {
            while (int(clients.size()) < count && int(clients.size()) - established < window) {
                auto client
                    = std::make_unique<RawWsClient>([this](RawWsClient &c, QByteArrayView p) { onMessage(c, p); });
                client->open(target.host, target.port, target.webSocketPath(), target.tls);
                clients.push_back(std::move(client));
            }
        };
        return waitUntil([&] { return established >= count; }, timeoutMs, topUp);
    }

    bool subscribeAll(const Target &target, const QByteArray &channel, int timeoutMs)
    {
        for (auto &client : clients)
            client->sendText(target.subscribeFrame(channel));
        return waitUntil([&] { return subscribed >= int(clients.size()); }, timeoutMs);
    }
};

QByteArray benchData()
{
    // About 100 bytes, stamped with the send time for latency readings.
    return "{\"t\":" + QByteArray::number(nowNs()) + ",\"p\":\"" + QByteArray(64, 'x') + "\"}";
}

double percentile(std::vector<double> &values, double p)
{
    if (values.empty())
        return 0;
    const size_t index = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    std::nth_element(values.begin(), values.begin() + qsizetype(index), values.end());
    return values[index];
}

QJsonObject failure(const QString &why)
{
    return { { QStringLiteral("error"), why } };
}

/// The relay's CPU time over a measured window (see Target::cpuNs).
class CpuWindow {
public:
    explicit CpuWindow(const Target &target)
        : m_target(target)
        , m_startNs(target.cpuNs())
    {
    }
    /// CPU ns used since construction; -1 when the relay's pid is unknown.
    qint64 elapsedNs() const
    {
        const qint64 now = m_target.cpuNs();
        return m_startNs < 0 || now < 0 ? -1 : now - m_startNs;
    }

private:
    const Target &m_target;
    qint64 m_startNs;
};

/// `cpuNs / count` in `unit` ns (1 for ns, 1000 for us), or -1 when either is unknown.
double perItem(qint64 cpuNs, quint64 count, double unit = 1)
{
    return cpuNs < 0 || count == 0 ? -1.0 : double(cpuNs) / double(count) / unit;
}
} // namespace

namespace Scenarios {

QJsonObject fanout(const Target &target, int subscribers, int durationMs, int inFlight)
{
    Pool pool;
    if (!pool.open(target, subscribers, 60000))
        return failure(QStringLiteral("only %1 of %2 subscribers connected").arg(pool.established).arg(subscribers));
    if (!pool.subscribeAll(target, "bench", 30000))
        return failure(QStringLiteral("only %1 subscriptions confirmed").arg(pool.subscribed));
    HttpLoad load(
        target.host, target.port, inFlight, [&] { return target.publishRequest("bench", "bench", benchData()); });
    const qint64 startNs = nowNs();
    const CpuWindow cpu(target);
    load.start(durationMs);
    waitUntil([&] { return load.finished(); }, durationMs + 10000);
    const quint64 expected = load.completed() * quint64(subscribers);
    waitUntil([&] { return pool.deliveries >= expected; }, 5000);
    const qint64 cpuNs = cpu.elapsedNs();
    const double seconds = double(pool.lastDeliveryNs - startNs) / 1e9;
    return { { QStringLiteral("subscribers"), subscribers },
        { QStringLiteral("publishes"), qint64(load.completed()) },
        { QStringLiteral("publish_errors"), qint64(load.failed()) },
        { QStringLiteral("publish_reconnects"), qint64(load.reconnects()) },
        { QStringLiteral("deliveries"), qint64(pool.deliveries) },
        { QStringLiteral("expected_deliveries"), qint64(expected) },
        { QStringLiteral("deliveries_per_second"), seconds > 0 ? double(pool.deliveries) / seconds : 0.0 },
        { QStringLiteral("server_cpu_ns"), cpuNs },
        { QStringLiteral("cpu_ns_per_delivery"), perItem(cpuNs, pool.deliveries) } };
}

QJsonObject latency(const Target &target, int subscribers, int ratePerSecond, int durationMs, const Target *publisher)
{
    Pool pool;
    if (!pool.open(target, subscribers, 60000) || !pool.subscribeAll(target, "bench", 30000))
        return failure(QStringLiteral("subscribers did not connect"));
    pool.recordLatency = true;
    pool.latenciesMs.reserve(size_t(subscribers) * size_t(ratePerSecond) * size_t(durationMs / 1000 + 1));
    const Target &sender = publisher ? *publisher : target;
    HttpLoad load(sender.host, sender.port, 10, [&] { return sender.publishRequest("bench", "bench", benchData()); });
    const CpuWindow cpu(target);
    const CpuWindow senderCpu(sender);
    load.start(durationMs, ratePerSecond);
    waitUntil([&] { return load.finished(); }, durationMs + 10000);
    waitUntil([&] { return pool.deliveries >= load.completed() * quint64(subscribers); }, 5000);
    qint64 cpuNs = cpu.elapsedNs();
    if (publisher && cpuNs >= 0)
        cpuNs = senderCpu.elapsedNs() < 0 ? -1 : cpuNs + senderCpu.elapsedNs();
    std::vector<double> &values = pool.latenciesMs;
    return { { QStringLiteral("subscribers"), subscribers },
        { QStringLiteral("rate"), ratePerSecond },
        { QStringLiteral("samples"), qint64(values.size()) },
        { QStringLiteral("p50_ms"), percentile(values, 50) },
        { QStringLiteral("p95_ms"), percentile(values, 95) },
        { QStringLiteral("p99_ms"), percentile(values, 99) },
        { QStringLiteral("cpu_ns_per_delivery"), perItem(cpuNs, pool.deliveries) } };
}

QJsonObject httpRate(const Target &target, HttpRequestKind kind, int connections, int durationMs)
{
    const QByteArray health = target.healthRequest();
    HttpLoad load(target.host, target.port, connections, [&] {
        switch (kind) {
        case HttpRequestKind::Health:
            return health;
        case HttpRequestKind::PublishBearer:
            return target.publishRequest("nobody-listens", "bench", "{}", RestAuth::Bearer);
        case HttpRequestKind::PublishSigned:
            break;
        }
        return target.publishRequest("nobody-listens", "bench", "{}", RestAuth::PusherSigned);
    });
    // Every connection open before the window starts: connection set-up is not what this measures.
    waitUntil([&] { return load.connected(); }, 10000);
    const CpuWindow cpu(target);
    load.start(durationMs);
    waitUntil([&] { return load.finished(); }, durationMs + 10000);
    const qint64 cpuNs = cpu.elapsedNs();
    return { { QStringLiteral("connections"), connections },
        { QStringLiteral("requests"), qint64(load.completed()) },
        { QStringLiteral("errors"), qint64(load.failed()) },
        { QStringLiteral("reconnects"), qint64(load.reconnects()) },
        { QStringLiteral("requests_per_second"), double(load.completed()) / qMax(0.001, load.elapsedSeconds()) },
        { QStringLiteral("cpu_us_per_request"), perItem(cpuNs, load.completed() + load.failed(), 1000) } };
}

QJsonObject presenceStorm(const Target &target, int members, int inFlight)
{
    Pool pool;
    if (!pool.open(target, members, 60000))
        return failure(QStringLiteral("only %1 of %2 sockets connected").arg(pool.established).arg(members));
    const QByteArray channel = "presence-bench";
    int sent = 0;
    const auto joinNext = [&] {
        RawWsClient &client = *pool.clients[size_t(sent)];
        const QByteArray user = QByteArray::number(sent);
        client.sendText(target.subscribeFrame(channel,
            client.socketId,
            "{\"user_id\":\"user-" + user + "\",\"user_info\":{\"name\":\"User " + user + "\"}}"));
        ++sent;
    };
    pool.onSubscribed = [&] {
        if (sent < members)
            joinNext();
    };
    const quint64 expectedAdded = quint64(members) * quint64(members - 1) / 2;
    const qint64 startNs = nowNs();
    const CpuWindow cpu(target);
    while (sent < qMin(inFlight, members))
        joinNext();
    const bool all
        = waitUntil([&] { return pool.subscribed >= members && pool.membersAdded >= expectedAdded; }, 300000);
    const qint64 cpuNs = cpu.elapsedNs();
    const quint64 frames = quint64(pool.subscribed) + pool.membersAdded;
    QJsonObject result { { QStringLiteral("members"), members },
        { QStringLiteral("in_flight"), inFlight },
        { QStringLiteral("subscribed"), pool.subscribed },
        { QStringLiteral("members_added"), qint64(pool.membersAdded) },
        { QStringLiteral("expected_members_added"), qint64(expectedAdded) },
        { QStringLiteral("frames"), qint64(frames) },
        { QStringLiteral("payload_bytes"), qint64(pool.bytes) },
        { QStringLiteral("wall_seconds"), double(pool.lastDeliveryNs - startNs) / 1e9 },
        { QStringLiteral("server_cpu_seconds"), cpuNs < 0 ? -1.0 : double(cpuNs) / 1e9 },
        { QStringLiteral("cpu_us_per_frame"), perItem(cpuNs, frames, 1000) } };
    if (!all)
        result.insert(QStringLiteral("error"),
            QStringLiteral("%1 of %2 joined, %3 of %4 member_added arrived%5")
                .arg(pool.subscribed)
                .arg(members)
                .arg(pool.membersAdded)
                .arg(expectedAdded)
                .arg(pool.errors ? QStringLiteral("; refused: ") + QString::fromUtf8(pool.lastError) : QString()));
    return result;
}

QJsonObject idleConnections(const Target &target, int count)
{
    const qint64 before = target.residentKb();
    Pool pool;
    QElapsedTimer timer;
    timer.start();
    const bool all = pool.open(target, count, 120000);
    const double seconds = timer.elapsed() / 1000.0;
    waitUntil([] { return false; }, 1500); // let the relay settle (and trim its heap) before reading its memory
    const qint64 after = target.residentKb();
    QJsonObject result { { QStringLiteral("connections"), pool.established },
        { QStringLiteral("seconds"), seconds },
        { QStringLiteral("connections_per_second"), pool.established / qMax(0.001, seconds) } };
    if (before > 0 && after > 0)
        result.insert(QStringLiteral("kib_per_connection"), double(after - before) / qMax(1, pool.established));
    if (!all)
        result.insert(
            QStringLiteral("error"), QStringLiteral("only %1 of %2 connected").arg(pool.established).arg(count));
    return result;
}

QJsonObject slowReader(const Target &target, int events)
{
    Pool pool;
    constexpr int readers = 20;
    constexpr int ratePerSecond = 300; // 300 x 16 KB x 20 readers: well within what this process reads
    if (!pool.open(target, readers, 30000) || !pool.subscribeAll(target, "bench", 30000))
        return failure(QStringLiteral("subscribers did not connect"));
    // The stalled reader: subscribes, then leaves everything in the kernel's buffers.
    QTcpSocket stalled;
    stalled.setReadBufferSize(4096);
    stalled.connectToHost(target.host, target.port);
    stalled.write("GET " + target.webSocketPath()
        + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    // Like any client, subscribe only once the connection is established.
    waitUntil([&] { return stalled.bytesAvailable() > 0; }, 5000);
    const QByteArray subscribe = target.subscribeFrame("bench");
    stalled.write(QByteArray(1, char(0x81)) + char(0x80 | subscribe.size()) + QByteArray(4, '\0') + subscribe);
    waitUntil([] { return false; }, 500);

    const qint64 startKb = target.residentKb();
    qint64 peakKb = startKb;
    const QByteArray data = "{\"p\":\"" + QByteArray(16 * 1024, 'x') + "\"}";
    HttpLoad load(target.host, target.port, 4, [&] { return target.publishRequest("bench", "bench", data); });
    load.start(events * 1000 / ratePerSecond + 1000, ratePerSecond);
    waitUntil([&] { return load.completed() >= quint64(events); },
        120000,
        [&] { peakKb = qMax(peakKb, target.residentKb()); });
    load.stop();
    waitUntil([&] { return load.finished(); }, 5000);
    const quint64 published = load.completed();
    waitUntil([&] { return pool.deliveries >= published * readers; }, 5000);
    const bool closed = waitUntil([&] { return stalled.state() == QAbstractSocket::UnconnectedState; },
        5000,
        [&] { stalled.setReadBufferSize(0), stalled.readAll(); });
    return { { QStringLiteral("events"), qint64(published) },
        { QStringLiteral("event_bytes"), qint64(data.size()) },
        { QStringLiteral("rss_start_kib"), startKb },
        { QStringLiteral("rss_peak_kib"), peakKb },
        { QStringLiteral("rss_end_kib"), target.residentKb() },
        { QStringLiteral("slow_reader_closed"), closed },
        { QStringLiteral("healthy_deliveries"), qint64(pool.deliveries) },
        { QStringLiteral("healthy_expected"), qint64(published * readers) } };
}

QJsonObject loadGeneratorCeiling(int sockets, int durationMs)
{
    const QByteArray payload
        = "{\"event\":\"bench\",\"channel\":\"bench\",\"data\":\"{\\\"p\\\":\\\"" + QByteArray(40, 'x') + "\\\"}\"}";
    Blaster blaster(QByteArray(1, char(0x81)) + char(payload.size()) + payload); // payload under 126 bytes
    Target target;
    target.port = blaster.startListening();
    Pool pool;
    for (int i = 0; i < sockets; ++i) {
        auto client
            = std::make_unique<RawWsClient>([&pool](RawWsClient &c, QByteArrayView p) { pool.onMessage(c, p); });
        client->open(target.host, target.port, "/");
        pool.clients.push_back(std::move(client));
    }
    waitUntil([&] { return pool.deliveries > 0; }, 5000);
    const quint64 start = pool.deliveries;
    QElapsedTimer timer;
    timer.start();
    waitUntil([] { return false; }, durationMs);
    const double rate = double(pool.deliveries - start) / (timer.elapsed() / 1000.0);
    pool.clients.clear();
    return { { QStringLiteral("sockets"), sockets }, { QStringLiteral("deliveries_per_second"), rate } };
}

} // namespace Scenarios
