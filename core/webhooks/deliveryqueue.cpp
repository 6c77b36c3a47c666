// SPDX-License-Identifier: MIT
#include "deliveryqueue.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QTimerEvent>

#include <algorithm>
#include <limits>

namespace Relay {

namespace {
    constexpr qint64 maxBackoffMs = 60000; // Pusher retries for minutes; an hour-long gap would outlive the window
    constexpr qsizetype responseKept = 1024;

    qint64 nowMs()
    {
        return QDateTime::currentMSecsSinceEpoch();
    }
} // namespace

DeliveryQueue::DeliveryQueue(QString url, QNetworkAccessManager *network, Limits limits, Report report, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_network(network)
    , m_limits(limits)
    , m_report(std::move(report))
{
}

DeliveryQueue::~DeliveryQueue()
{
    const QList<QNetworkReply *> replies = m_inFlight.keys();
    m_inFlight.clear();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        delete reply; // now, and with it the timeout timer that refers to this queue
    }
}

void DeliveryQueue::enqueue(Delivery delivery)
{
    if (delivery.createdMs == 0)
        delivery.createdMs = nowMs();
    m_waitingBytes += delivery.request.body.size();
    m_waiting.push_back(std::move(delivery));
    dropOldestOverLimits();
    pump();
}

void DeliveryQueue::dropOldestOverLimits()
{
    while (!m_waiting.empty()
        && (qsizetype(m_waiting.size()) > m_limits.maxQueued || m_waitingBytes > m_limits.maxQueuedBytes)) {
        Delivery oldest = std::move(m_waiting.front());
        m_waiting.pop_front();
        m_waitingBytes -= oldest.request.body.size();
        report(oldest, WebhookAttempt::Outcome::Overflow);
    }
}

void DeliveryQueue::pump()
{
    const qint64 now = nowMs();
    qint64 nextReady = std::numeric_limits<qint64>::max();
    for (auto it = m_waiting.begin(); it != m_waiting.end() && m_inFlight.size() < m_limits.maxInFlight;) {
        if (it->readyMs > now) {
            nextReady = std::min(nextReady, it->readyMs);
            ++it;
            continue;
        }
        Delivery delivery = std::move(*it);
        it = m_waiting.erase(it);
        m_waitingBytes -= delivery.request.body.size();
        start(std::move(delivery));
    }
    if (m_inFlight.size() < m_limits.maxInFlight) {
        for (const Delivery &delivery : m_waiting)
            nextReady = std::min(nextReady, delivery.readyMs);
    }
    if (nextReady != std::numeric_limits<qint64>::max() && m_inFlight.size() < m_limits.maxInFlight)
        m_retryTimer.start(int(std::clamp<qint64>(nextReady - now, 0, maxBackoffMs)), Qt::PreciseTimer, this);
    else
        m_retryTimer.stop();
}

void DeliveryQueue::start(Delivery delivery)
{
    QNetworkRequest request { QUrl(delivery.request.url) };
    for (const auto &[name, value] : std::as_const(delivery.request.headers))
        request.setRawHeader(name, value);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    ++delivery.attempts;
    QNetworkReply *reply = m_network->post(request, delivery.request.body);
    const int timeoutMs = delivery.timeoutMs;
    m_inFlight.insert(reply, InFlight { std::move(delivery), nowMs(), false });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
    QTimer::singleShot(timeoutMs, reply, [this, reply] {
        const auto it = m_inFlight.find(reply);
        if (it == m_inFlight.end())
            return;
        it->timedOut = true;
        reply->abort(); // finished() follows, synchronously
    });
}

void DeliveryQueue::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end())
        return;
    InFlight flight = std::move(*it);
    m_inFlight.erase(it);
    Delivery &delivery = flight.delivery;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const qint64 now = nowMs();
    WebhookAttempt attempt { delivery.id,
        delivery.request,
        delivery.attempts,
        WebhookAttempt::Outcome::Delivered,
        status,
        {},
        flight.startedMs,
        now - flight.startedMs,
        0,
        reply->isOpen() ? reply->read(responseKept) : QByteArray() };
    if (status >= 200 && status < 300 && !flight.timedOut) {
        m_report(attempt);
    } else {
        if (flight.timedOut)
            attempt.error = QStringLiteral("timed out after %1 ms").arg(delivery.timeoutMs);
        else if (status > 0)
            attempt.error = QStringLiteral("HTTP %1").arg(status);
        else
            attempt.error = reply->errorString();
        const qint64 backoff
            = std::min(maxBackoffMs, qint64(delivery.retryFirstMs) << std::min(delivery.attempts - 1, 20));
        const qint64 next = now + backoff;
        if (!m_abandoning && next <= delivery.createdMs + delivery.retryForMs) {
            attempt.outcome = WebhookAttempt::Outcome::WillRetry;
            attempt.nextRetryMs = next;
            m_report(attempt);
            delivery.readyMs = next;
            m_waitingBytes += delivery.request.body.size();
            // Back in age order: an overflow still drops the oldest delivery first.
            const auto at = std::find_if(m_waiting.begin(), m_waiting.end(), [&](const Delivery &other) {
                return other.createdMs > delivery.createdMs;
            });
            m_waiting.insert(at, std::move(delivery));
            dropOldestOverLimits();
        } else {
            attempt.outcome = m_abandoning ? WebhookAttempt::Outcome::Shutdown : WebhookAttempt::Outcome::GaveUp;
            m_report(attempt);
        }
    }
    if (m_abandoning)
        return;
    pump();
    if (idle())
        Q_EMIT becameIdle();
}

void DeliveryQueue::hurry()
{
    for (Delivery &delivery : m_waiting)
        delivery.readyMs = 0;
    pump();
}

int DeliveryQueue::abandon()
{
    m_abandoning = true;
    m_retryTimer.stop();
    const int count = int(pending());
    const QList<QNetworkReply *> replies = m_inFlight.keys();
    for (QNetworkReply *reply : replies)
        reply->abort(); // reported as Shutdown by finished()
    for (const Delivery &delivery : m_waiting)
        report(delivery, WebhookAttempt::Outcome::Shutdown);
    m_waiting.clear();
    m_waitingBytes = 0;
    return count;
}

void DeliveryQueue::report(const Delivery &delivery, WebhookAttempt::Outcome outcome, qint64 startedMs)
{
    WebhookAttempt attempt;
    attempt.deliveryId = delivery.id;
    attempt.request = delivery.request;
    attempt.attempt = delivery.attempts;
    attempt.outcome = outcome;
    attempt.startedMs = startedMs ? startedMs : nowMs();
    attempt.error = attempt.statusText();
    m_report(attempt);
}

void DeliveryQueue::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_retryTimer.timerId())
        return QObject::timerEvent(event);
    m_retryTimer.stop();
    pump();
}

} // namespace Relay
