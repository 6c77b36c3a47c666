// SPDX-License-Identifier: MIT
#pragma once

#include "webhookattempt.h"

#include <QBasicTimer>
#include <QHash>
#include <QObject>

#include <deque>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Relay {

/// One request to deliver, with the timings of the app that made it.
struct Delivery {
    quint64 id = 0;
    WebhookRequest request;
    int timeoutMs = 5000;
    int retryFirstMs = 1000;
    qint64 retryForMs = 300000;
    int attempts = 0; ///< made so far
    qint64 createdMs = 0; ///< UTC ms; the retry window counts from here
    qint64 readyMs = 0; ///< not before (backoff)
};

/// The deliveries to one URL: at most `maxInFlight` requests at once, the rest waiting in a queue bounded by
/// count and by body bytes, where an overflow drops the oldest. A non-2xx answer, a network error or a
/// timeout is retried with exponential backoff (retryFirstMs, doubling, at most a minute apart) until the
/// retry window is over, then dropped. Every attempt and every drop is reported once. Never blocks.
class DeliveryQueue : public QObject {
    Q_OBJECT
public:
    struct Limits {
        int maxInFlight = 4;
        int maxQueued = 1000;
        qint64 maxQueuedBytes = 10 * 1024 * 1024;
    };
    using Report = std::function<void(const WebhookAttempt &)>;

    DeliveryQueue(QString url, QNetworkAccessManager *network, Limits limits, Report report, QObject *parent = nullptr);
    ~DeliveryQueue() override;

    void enqueue(Delivery delivery);
    bool idle() const { return m_waiting.empty() && m_inFlight.isEmpty(); }
    qsizetype pending() const { return qsizetype(m_waiting.size()) + m_inFlight.size(); }
    qsizetype inFlight() const { return m_inFlight.size(); }
    /// Makes every waiting delivery due now: one last try each (shutdown).
    void hurry();
    /// Aborts what is in flight and drops everything, reporting each as Shutdown; returns how many.
    int abandon();

Q_SIGNALS:
    /// After any delivery finished or was dropped and nothing is left.
    void becameIdle();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct InFlight {
        Delivery delivery;
        qint64 startedMs = 0;
        bool timedOut = false;
    };
    void pump();
    void start(Delivery delivery);
    void finished(QNetworkReply *reply);
    void dropOldestOverLimits();
    void report(const Delivery &delivery, WebhookAttempt::Outcome outcome, qint64 startedMs = 0);

    QString m_url;
    QNetworkAccessManager *m_network;
    Limits m_limits;
    Report m_report;
    std::deque<Delivery> m_waiting; ///< oldest first
    qint64 m_waitingBytes = 0;
    QHash<QNetworkReply *, InFlight> m_inFlight;
    QBasicTimer m_retryTimer;
    bool m_abandoning = false;
};

} // namespace Relay
