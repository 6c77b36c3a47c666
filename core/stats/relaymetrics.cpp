// SPDX-License-Identifier: MIT
#include "relaymetrics.h"

#include <algorithm>

namespace Relay {

SocketTraffic &SocketTraffic::operator+=(const SocketTraffic &other)
{
    messagesIn += other.messagesIn;
    messagesOut += other.messagesOut;
    bytesIn += other.bytesIn;
    bytesOut += other.bytesOut;
    return *this;
}

void RelayMetrics::sessionEnded(const QString &appId, int closeCode, const SocketTraffic &traffic)
{
    AppTraffic &app = m_apps[appId];
    ++app.closesByCode[closeCode];
    app.endedSockets += traffic;
}

void RelayMetrics::connectionRefused(int closeCode)
{
    ++m_refusedByCode[closeCode];
}

void RelayMetrics::clientEvent(const QString &appId)
{
    ++m_apps[appId].clientEvents;
}

void RelayMetrics::httpRequest(
    QByteArrayView route, int status, qint64 nanoseconds, const QString &appId, qint64 bytesIn, qint64 bytesOut)
{
    HttpTally &tally = m_http[qMakePair(route, status)];
    const double seconds = double(nanoseconds) / 1e9;
    ++tally.count;
    tally.secondsSum += seconds;
    const auto bucket = std::lower_bound(httpDurationBuckets.begin(), httpDurationBuckets.end(), seconds);
    if (bucket != httpDurationBuckets.end())
        ++tally.buckets[std::size_t(bucket - httpDurationBuckets.begin())];
    if (appId.isEmpty())
        return;
    AppTraffic &app = m_apps[appId];
    ++app.httpCalls;
    app.httpBytesIn += quint64(std::max<qint64>(bytesIn, 0));
    app.httpBytesOut += quint64(std::max<qint64>(bytesOut, 0));
}

void RelayMetrics::webhookDelivery(const QString &appId, QByteArrayView outcome)
{
    ++m_apps[appId].webhookDeliveries[outcome.toByteArray()];
}

} // namespace Relay
