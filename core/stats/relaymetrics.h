// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QString>

#include <array>

namespace Relay {

/// Upper bounds (seconds) of the HTTP handling-time histogram buckets; +Inf is implied.
inline constexpr std::array<double, 11> httpDurationBuckets {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5
};

/// WebSocket traffic of one or more sockets: messages and payload bytes each way.
struct SocketTraffic {
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 bytesIn = 0; ///< payload bytes of received messages
    quint64 bytesOut = 0; ///< bytes of sent frames, WebSocket frame headers included

    SocketTraffic &operator+=(const SocketTraffic &other);
};

/// What the relay counts for one app beyond the hub's own AppCounters.
struct AppTraffic {
    QMap<int, quint64> closesByCode; ///< sessions that ended, by WebSocket close code
    SocketTraffic endedSockets; ///< traffic of the sessions that ended; live ones are read from the sessions
    quint64 clientEvents = 0;
    quint64 httpCalls = 0; ///< API requests addressed to this app
    quint64 httpBytesIn = 0;
    quint64 httpBytesOut = 0;
    QMap<QByteArray, quint64> webhookDeliveries; ///< by outcome
};

/// Requests and handling time of one HTTP route and status.
struct HttpTally {
    quint64 count = 0;
    double secondsSum = 0;
    std::array<quint64, httpDurationBuckets.size()> buckets {}; ///< per bucket, not cumulative
};

/// The relay's counters for GET /metrics. Owned by the hub; single-threaded (the relay's thread). Each call
/// is a few additions: the hot paths (fan-out, frame parsing) count in their sessions instead, and the
/// totals of a session are added here when it ends.
class RelayMetrics {
public:
    /// A session of `appId` ended with that close code after `traffic`.
    void sessionEnded(const QString &appId, int closeCode, const SocketTraffic &traffic);
    /// A WebSocket upgrade refused before a session existed (unknown key, limits, shutdown), by close code.
    void connectionRefused(int closeCode);
    void clientEvent(const QString &appId);
    /// One HTTP request answered. `route` is a stable name ("events", "health", "unmatched"...) that outlives
    /// this object (a string literal); `appId` is empty for requests not addressed to a known app.
    void httpRequest(
        QByteArrayView route, int status, qint64 nanoseconds, const QString &appId, qint64 bytesIn, qint64 bytesOut);
    /// A webhook request finished; `outcome` is a short stable word ("delivered", "failed", "retried"...).
    void webhookDelivery(const QString &appId, QByteArrayView outcome);

    const QHash<QString, AppTraffic> &apps() const { return m_apps; }
    const QMap<int, quint64> &refusedByCode() const { return m_refusedByCode; }
    /// Keyed by (route, status).
    const QMap<QPair<QByteArrayView, int>, HttpTally> &http() const { return m_http; }

private:
    QHash<QString, AppTraffic> m_apps;
    QMap<int, quint64> m_refusedByCode;
    QMap<QPair<QByteArrayView, int>, HttpTally> m_http; ///< views of literals: no allocation per request
};

} // namespace Relay
