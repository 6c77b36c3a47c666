// SPDX-License-Identifier: MIT
#include "soak.h"

#include "rawwsclient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

namespace Soak {

namespace {
    qint64 nowNs()
    {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }

    std::string_view view(QByteArrayView bytes)
    {
        return { bytes.data(), size_t(bytes.size()) };
    }

    /// The whole number after `marker` in `text`; -1 when absent.
    qint64 numberAfter(std::string_view text, std::string_view marker)
    {
        const size_t at = text.find(marker);
        if (at == std::string_view::npos)
            return -1;
        qint64 value = 0;
        size_t i = at + marker.size();
        if (i >= text.size() || text[i] < '0' || text[i] > '9')
            return -1;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
            value = value * 10 + (text[i] - '0');
        return value;
    }

    /// The socket id in a connection_established frame; empty if none.
    QByteArray socketIdIn(std::string_view text)
    {
        constexpr std::string_view marker = "socket_id\\\":\\\"";
        const size_t at = text.find(marker);
        if (at == std::string_view::npos)
            return {};
        const size_t start = at + marker.size();
        const size_t end = text.find('\\', start);
        return end == std::string_view::npos ? QByteArray() : QByteArray(text.data() + start, qsizetype(end - start));
    }

    double percentile(std::vector<double> values, double p)
    {
        if (values.empty())
            return 0;
        std::sort(values.begin(), values.end());
        return values[std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5))];
    }

    enum class Role { Subscriber, Presence, ClientEvents };

    const QByteArray presenceChannel = "presence-soak";
    const QByteArray privateChannel = "private-soak";

    struct Totals {
        quint64 delivered = 0;
        quint64 lost = 0;
        quint64 duplicated = 0;
        quint64 outOfOrder = 0;
        quint64 spansChecked = 0;
        quint64 clientEventsSent = 0;
        quint64 clientEventsReceived = 0;
        quint64 membersAdded = 0;
        quint64 membersRemoved = 0;
        quint64 errors = 0;
        QByteArray lastError;
        std::vector<double> minuteLatenciesMs;
    };

    /// One socket of the soak and the span of its current connection.
    struct Peer {
        Role role = Role::Subscriber;
        int index = 0;
        QByteArray channel;
        std::unique_ptr<RawWsClient> client;
        bool subscribed = false;
        qint64 lastSeq = -1; ///< of the current connection; -1 before its first delivery
    };

    /// One keep-alive HTTP connection publishing to one channel, one request in flight, in sequence.
    struct Publisher {
        QByteArray channel;
        std::unique_ptr<QTcpSocket> socket;
        QByteArray buffer;
        qint64 nextSeq = 0;
        qint64 inFlightSeq = -1;
        qint64 lastAccepted = -1;
        quint64 accepted = 0;
        quint64 failed = 0;
        quint64 behind = 0; ///< ticks skipped because the previous request was still in flight
    };

    class Run {
    public:
        Run(const Target &target, const Settings &settings)
            : m_target(target)
            , m_settings(settings)
        {
        }

        QJsonObject exec();

    private:
        void open(Peer &peer);
        void onMessage(Peer &peer, QByteArrayView payload);
        void subscribe(Peer &peer);
        void checkDelivery(Peer &peer, std::string_view text);
        void closeSpan(Peer &peer, bool atEnd);
        void publishTick();
        void onPublisherReadyRead(Publisher &publisher);
        void connectPublisher(Publisher &publisher);
        void churn();
        void presenceTick();
        void clientEventTick();
        void minuteTick();
        void rssTick();

        const Target &m_target;
        Settings m_settings;
        std::vector<std::unique_ptr<Peer>> m_peers;
        std::vector<std::unique_ptr<Publisher>> m_publishers;
        Totals m_totals;
        QElapsedTimer m_clock;
        QJsonArray m_rss;
        QJsonArray m_minutes;
        quint64 m_reconnects = 0;
        quint64 m_minuteDeliveries = 0;
        bool m_publishing = true;
    };

    void Run::open(Peer &peer)
    {
        peer.subscribed = false;
        peer.lastSeq = -1;
        peer.client = std::make_unique<RawWsClient>(
            [this, &peer](RawWsClient &, QByteArrayView payload) { onMessage(peer, payload); });
        peer.client->open(m_target.host, m_target.port, m_target.webSocketPath(), m_target.tls);
    }

    void Run::subscribe(Peer &peer)
    {
        switch (peer.role) {
        case Role::Subscriber:
            peer.client->sendText(m_target.subscribeFrame(peer.channel));
            break;
        case Role::Presence:
            peer.client->sendText(m_target.subscribeFrame(peer.channel,
                peer.client->socketId,
                "{\"user_id\":\"soak-" + QByteArray::number(peer.index) + "\",\"user_info\":{}}"));
            break;
        case Role::ClientEvents:
            peer.client->sendText(m_target.subscribeFrame(peer.channel, peer.client->socketId, {}));
            break;
        }
    }

    void Run::onMessage(Peer &peer, QByteArrayView payload)
    {
        const std::string_view text = view(payload);
        const std::string_view head = text.substr(0, 80);
        if (head.find("\"event\":\"soak\"") != std::string_view::npos) {
            checkDelivery(peer, text);
        } else if (head.find("client-soak") != std::string_view::npos) {
            ++m_totals.clientEventsReceived;
        } else if (head.find("member_added") != std::string_view::npos) {
            ++m_totals.membersAdded;
        } else if (head.find("member_removed") != std::string_view::npos) {
            ++m_totals.membersRemoved;
        } else if (head.find("connection_established") != std::string_view::npos) {
            peer.client->socketId = socketIdIn(text);
            subscribe(peer);
        } else if (head.find("subscription_succeeded") != std::string_view::npos) {
            peer.subscribed = true;
        } else if (head.find("error\"") != std::string_view::npos) {
            ++m_totals.errors;
            m_totals.lastError = payload.first(qMin<qsizetype>(payload.size(), 300)).toByteArray();
        }
    }

    void Run::checkDelivery(Peer &peer, std::string_view text)
    {
        const qint64 seq = numberAfter(text, "s\\\":");
        const qint64 sent = numberAfter(text, "t\\\":");
        ++m_totals.delivered;
        ++m_minuteDeliveries;
        if (sent > 0)
            m_totals.minuteLatenciesMs.push_back(double(nowNs() - sent) / 1e6);
        if (peer.lastSeq >= 0) {
            if (seq == peer.lastSeq)
                ++m_totals.duplicated;
            else if (seq < peer.lastSeq)
                ++m_totals.outOfOrder;
            else if (seq > peer.lastSeq + 1)
                m_totals.lost += quint64(seq - peer.lastSeq - 1);
        }
        peer.lastSeq = std::max(peer.lastSeq, seq);
    }

    void Run::closeSpan(Peer &peer, bool atEnd)
    {
        if (peer.role != Role::Subscriber || peer.lastSeq < 0)
            return;
        ++m_totals.spansChecked;
        if (!atEnd)
            return;
        // Everything the relay accepted for this channel must have arrived by now.
        for (const auto &publisher : m_publishers) {
            if (publisher->channel == peer.channel && publisher->lastAccepted > peer.lastSeq)
                m_totals.lost += quint64(publisher->lastAccepted - peer.lastSeq);
        }
    }

    void Run::connectPublisher(Publisher &publisher)
    {
        publisher.socket = std::make_unique<QTcpSocket>();
        publisher.buffer.clear();
        publisher.inFlightSeq = -1;
        QObject::connect(publisher.socket.get(), &QTcpSocket::readyRead, publisher.socket.get(), [this, &publisher] {
            onPublisherReadyRead(publisher);
        });
        publisher.socket->connectToHost(m_target.host, m_target.port);
    }

    void Run::publishTick()
    {
        if (!m_publishing)
            return;
        for (const auto &publisher : m_publishers) {
            if (publisher->socket->state() == QAbstractSocket::UnconnectedState) {
                if (publisher->inFlightSeq >= 0)
                    ++publisher->failed;
                connectPublisher(*publisher);
            }
            if (publisher->socket->state() != QAbstractSocket::ConnectedState)
                continue;
            if (publisher->inFlightSeq >= 0) {
                ++publisher->behind;
                continue;
            }
            publisher->inFlightSeq = publisher->nextSeq++;
            const QByteArray data = "{\"s\":" + QByteArray::number(publisher->inFlightSeq)
                + ",\"t\":" + QByteArray::number(nowNs()) + ",\"p\":\"" + QByteArray(48, 'x') + "\"}";
            publisher->socket->write(m_target.publishRequest(publisher->channel, "soak", data));
        }
    }

    void Run::onPublisherReadyRead(Publisher &publisher)
    {
        publisher.buffer += publisher.socket->readAll();
        for (;;) {
            const qsizetype headEnd = publisher.buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            const qint64 length
                = numberAfter(view(QByteArrayView(publisher.buffer).first(headEnd)), "Content-Length: ");
            const qsizetype total = headEnd + 4 + qsizetype(std::max<qint64>(length, 0));
            if (publisher.buffer.size() < total)
                return;
            const bool ok = publisher.buffer.startsWith("HTTP/1.1 2");
            publisher.buffer.remove(0, total);
            if (ok) {
                ++publisher.accepted;
                publisher.lastAccepted = publisher.inFlightSeq;
            } else {
                ++publisher.failed;
            }
            publisher.inFlightSeq = -1;
        }
    }

    void Run::churn()
    {
        for (const auto &peer : m_peers) {
            if (QRandomGenerator::global()->bounded(100) >= m_settings.reconnectPercent)
                continue;
            closeSpan(*peer, false);
            peer->client.reset();
            ++m_reconnects;
            open(*peer);
        }
    }

    void Run::presenceTick()
    {
        std::vector<Peer *> presence;
        for (const auto &peer : m_peers) {
            if (peer->role == Role::Presence && peer->client && !peer->client->socketId.isEmpty())
                presence.push_back(peer.get());
        }
        for (int i = 0; i < m_settings.presenceChangesPerSecond && !presence.empty(); ++i) {
            Peer &peer = *presence[QRandomGenerator::global()->bounded(int(presence.size()))];
            if (peer.subscribed) {
                peer.client->sendText(
                    "{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"" + peer.channel + "\"}}");
                peer.subscribed = false;
            } else {
                subscribe(peer);
            }
        }
    }

    void Run::clientEventTick()
    {
        for (const auto &peer : m_peers) {
            if (peer->role != Role::ClientEvents || !peer->subscribed)
                continue;
            peer->client->sendText("{\"event\":\"client-soak\",\"channel\":\"" + peer->channel
                + "\",\"data\":{\"from\":" + QByteArray::number(peer->index) + "}}");
            ++m_totals.clientEventsSent;
        }
    }

    void Run::rssTick()
    {
        const qint64 kb = m_target.residentKb();
        const double seconds = double(m_clock.elapsed()) / 1000.0;
        m_rss.append(QJsonObject { { QStringLiteral("s"), qRound(seconds) }, { QStringLiteral("rss_kb"), kb } });
        std::printf(
            "soak %6.0f s  RSS %7.1f MiB  delivered %llu  lost %llu  duplicated %llu  out of order %llu  errors %llu\n",
            seconds,
            double(kb) / 1024.0,
            static_cast<unsigned long long>(m_totals.delivered),
            static_cast<unsigned long long>(m_totals.lost),
            static_cast<unsigned long long>(m_totals.duplicated),
            static_cast<unsigned long long>(m_totals.outOfOrder),
            static_cast<unsigned long long>(m_totals.errors));
        std::fflush(stdout);
    }

    void Run::minuteTick()
    {
        std::vector<double> latencies = std::exchange(m_totals.minuteLatenciesMs, {});
        const QJsonObject minute { { QStringLiteral("minute"), int(m_minutes.size()) + 1 },
            { QStringLiteral("deliveries"), double(std::exchange(m_minuteDeliveries, 0)) },
            { QStringLiteral("p50_ms"), percentile(latencies, 0.5) },
            { QStringLiteral("p95_ms"), percentile(latencies, 0.95) },
            { QStringLiteral("p99_ms"), percentile(latencies, 0.99) } };
        m_minutes.append(minute);
        std::printf("soak minute %d: %.0f deliveries, latency p50 %.2f / p95 %.2f / p99 %.2f ms\n",
            int(m_minutes.size()),
            minute.value(QLatin1String("deliveries")).toDouble(),
            minute.value(QLatin1String("p50_ms")).toDouble(),
            minute.value(QLatin1String("p95_ms")).toDouble(),
            minute.value(QLatin1String("p99_ms")).toDouble());
        std::fflush(stdout);
    }

    QJsonObject Run::exec()
    {
        const auto add = [this](Role role, int count, const std::function<QByteArray(int)> &channelOf) {
            for (int i = 0; i < count; ++i) {
                auto peer = std::make_unique<Peer>();
                peer->role = role;
                peer->index = int(m_peers.size());
                peer->channel = channelOf(i);
                m_peers.push_back(std::move(peer));
            }
        };
        add(Role::Subscriber, m_settings.subscribers, [this](int i) {
            return "soak-" + QByteArray::number(i % m_settings.channels);
        });
        add(Role::Presence, m_settings.presenceSockets, [](int) { return presenceChannel; });
        add(Role::ClientEvents, m_settings.clientEventSockets, [](int) { return privateChannel; });
        for (int i = 0; i < m_settings.channels; ++i) {
            auto publisher = std::make_unique<Publisher>();
            publisher->channel = "soak-" + QByteArray::number(i);
            connectPublisher(*publisher);
            m_publishers.push_back(std::move(publisher));
        }
        m_clock.start();
        for (const auto &peer : m_peers)
            open(*peer);

        QEventLoop loop;
        const auto every = [&loop](int ms, const std::function<void()> &job) {
            auto *timer = new QTimer(&loop);
            QObject::connect(timer, &QTimer::timeout, &loop, job);
            timer->start(ms);
        };
        const int publishIntervalMs
            = std::max(1, 1000 * m_settings.channels / std::max(1, m_settings.publishesPerSecond));
        every(publishIntervalMs, [this] { publishTick(); });
        every(m_settings.reconnectEverySeconds * 1000, [this] { churn(); });
        every(1000, [this] {
            presenceTick();
            clientEventTick();
        });
        every(m_settings.rssEverySeconds * 1000, [this] { rssTick(); });
        every(60000, [this] { minuteTick(); });
        QTimer::singleShot(m_settings.minutes * 60000, &loop, &QEventLoop::quit);
        rssTick();
        loop.exec();

        // Let the last publishes arrive, then close every span against what the relay accepted.
        m_publishing = false;
        QEventLoop drain;
        QTimer::singleShot(3000, &drain, &QEventLoop::quit);
        drain.exec();
        for (const auto &peer : m_peers) {
            if (peer->client && peer->client->isOpen())
                closeSpan(*peer, true);
        }
        quint64 accepted = 0, failed = 0, behind = 0;
        for (const auto &publisher : m_publishers) {
            accepted += publisher->accepted;
            failed += publisher->failed;
            behind += publisher->behind;
        }
        rssTick();
        // RSS after the first minute (warm-up) against the rest of the run.
        const qsizetype warm
            = std::min<qsizetype>(m_rss.size() - 1, qsizetype(60 / std::max(1, m_settings.rssEverySeconds)));
        const double warmKb = m_rss.at(warm).toObject().value(QLatin1String("rss_kb")).toDouble();
        double maxKb = warmKb;
        for (qsizetype i = warm; i < m_rss.size(); ++i)
            maxKb = std::max(maxKb, m_rss.at(i).toObject().value(QLatin1String("rss_kb")).toDouble());
        const double lastKb = m_rss.last().toObject().value(QLatin1String("rss_kb")).toDouble();
        QJsonObject result { { QStringLiteral("minutes"), m_settings.minutes },
            { QStringLiteral("sockets"), int(m_peers.size()) },
            { QStringLiteral("publishes_accepted"), double(accepted) },
            { QStringLiteral("publish_failures"), double(failed) },
            { QStringLiteral("publisher_ticks_behind"), double(behind) },
            { QStringLiteral("delivered"), double(m_totals.delivered) },
            { QStringLiteral("lost"), double(m_totals.lost) },
            { QStringLiteral("duplicated"), double(m_totals.duplicated) },
            { QStringLiteral("out_of_order"), double(m_totals.outOfOrder) },
            { QStringLiteral("spans_checked"), double(m_totals.spansChecked) },
            { QStringLiteral("reconnects"), double(m_reconnects) },
            { QStringLiteral("client_events_sent"), double(m_totals.clientEventsSent) },
            { QStringLiteral("client_events_received"), double(m_totals.clientEventsReceived) },
            { QStringLiteral("members_added"), double(m_totals.membersAdded) },
            { QStringLiteral("members_removed"), double(m_totals.membersRemoved) },
            { QStringLiteral("errors"), double(m_totals.errors) },
            { QStringLiteral("rss"), m_rss },
            { QStringLiteral("per_minute"), m_minutes },
            { QStringLiteral("rss_after_warmup_kb"), warmKb },
            { QStringLiteral("rss_max_growth_after_warmup_percent"), warmKb > 0 ? (maxKb / warmKb - 1) * 100 : -1.0 },
            { QStringLiteral("rss_end_growth_after_warmup_percent"),
                warmKb > 0 ? (lastKb / warmKb - 1) * 100 : -1.0 } };
        if (!m_totals.lastError.isEmpty())
            result.insert(QStringLiteral("last_error"), QString::fromUtf8(m_totals.lastError));
        if (accepted == 0 || m_totals.delivered == 0)
            result.insert(QStringLiteral("error"), QStringLiteral("nothing was published or delivered"));
        return result;
    }
} // namespace

QJsonObject run(const Target &target, const Settings &settings)
{
    Run soak(target, settings);
    return soak.exec();
}

} // namespace Soak
