// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Relay {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/// One webhook request as it leaves (or would have left) the relay: what the inspector shows and can resend.
struct WebhookRequest {
    QString appId;
    QString url;
    HeaderList headers; ///< every header the relay sets, in the order sent
    QByteArray body; ///< the exact bytes signed and sent
    QStringList eventNames;
};

/// What became of one delivery attempt. Reported once per attempt, plus once for a delivery dropped from
/// the queue without an attempt (overflow, shutdown).
struct WebhookAttempt {
    enum class Outcome {
        Delivered, ///< a 2xx answer
        WillRetry, ///< failed; retried at nextRetryMs
        GaveUp, ///< failed, and the retry window is over: dropped
        Overflow, ///< dropped unsent: the URL's queue was full and this was the oldest
        Shutdown, ///< dropped: still pending when the shutdown grace ended
    };

    quint64 deliveryId = 0;
    WebhookRequest request;
    int attempt = 0; ///< 1 for the first try; attempts made so far for Overflow and Shutdown
    Outcome outcome = Outcome::Delivered;
    int httpStatus = 0; ///< 0 without an HTTP answer
    QString error; ///< empty when delivered
    qint64 startedMs = 0; ///< UTC ms of this attempt
    qint64 latencyMs = -1; ///< -1 when nothing was sent
    qint64 nextRetryMs = 0; ///< WillRetry: UTC ms of the next attempt
    QByteArray responseBody; ///< the first KB of the answer

    bool dropped() const { return outcome != Outcome::Delivered && outcome != Outcome::WillRetry; }
    /// "200", "HTTP 500", "timed out after 5000 ms", "queue full: dropped" ...
    QString statusText() const;
};

} // namespace Relay
