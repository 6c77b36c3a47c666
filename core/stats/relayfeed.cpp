// SPDX-License-Identifier: MIT
#include "relayfeed.h"

#include <QDateTime>

namespace Relay {

namespace {
    qsizetype stringBytes(const QString &text)
    {
        // A QString's heap block: its header and UTF-16 code units (shared blocks are counted once per holder).
        return text.isEmpty() ? 0 : qsizetype(sizeof(QArrayData)) + 2 * text.size();
    }

    qsizetype bytesOf(const QByteArray &bytes)
    {
        return bytes.isEmpty() ? 0 : qsizetype(sizeof(QArrayData)) + bytes.size();
    }

    // A webhook attempt is shared between copies of its event; each holder counts it, like the strings.
    qsizetype attemptBytes(const WebhookAttempt *attempt)
    {
        if (!attempt)
            return 0;
        qsizetype bytes = qsizetype(sizeof(WebhookAttempt)) + stringBytes(attempt->request.appId)
            + stringBytes(attempt->request.url) + bytesOf(attempt->request.body) + bytesOf(attempt->responseBody)
            + stringBytes(attempt->error);
        for (const auto &header : attempt->request.headers)
            bytes += bytesOf(header.first) + bytesOf(header.second);
        for (const QString &name : attempt->request.eventNames)
            bytes += stringBytes(name);
        return bytes;
    }
} // namespace

qsizetype FeedEvent::memoryBytes() const
{
    return qsizetype(sizeof(FeedEvent)) + stringBytes(appId) + stringBytes(channel) + stringBytes(event)
        + stringBytes(socketId) + stringBytes(detail) + stringBytes(userId) + stringBytes(signature.signedString)
        + stringBytes(signature.expectedHmac) + stringBytes(signature.receivedHmac) + attemptBytes(webhook.get());
}

void RelayFeed::append(FeedEvent event)
{
    if (!observed())
        return;
    if (event.timeMs == 0)
        event.timeMs = QDateTime::currentMSecsSinceEpoch();
    const qsizetype bytes = event.memoryBytes();
    QMutexLocker lock(&m_mutex);
    m_pending.append(std::move(event));
    m_pendingBytes += bytes;
    dropOverBudget();
}

void RelayFeed::dropOverBudget()
{
    // The newest event stays even when it alone is over the budget: the observer sees that it happened.
    while (m_pending.size() > 1 && (m_pending.size() > m_capacity || m_pendingBytes > m_budgetBytes)) {
        const qsizetype bytes = m_pending.constFirst().memoryBytes();
        m_pending.removeFirst();
        m_pendingBytes -= bytes;
        m_dropped.fetch_add(1, std::memory_order_relaxed);
        m_droppedBytes.fetch_add(quint64(bytes), std::memory_order_relaxed);
    }
}

QList<FeedEvent> RelayFeed::drain()
{
    QMutexLocker lock(&m_mutex);
    m_pendingBytes = 0;
    return std::exchange(m_pending, {});
}

void RelayFeed::setBudgetBytes(qsizetype budgetBytes)
{
    QMutexLocker lock(&m_mutex);
    m_budgetBytes = std::max<qsizetype>(budgetBytes, 1);
    dropOverBudget();
}

qsizetype RelayFeed::budgetBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_budgetBytes;
}

qsizetype RelayFeed::pendingBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_pendingBytes;
}

} // namespace Relay
