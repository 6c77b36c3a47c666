// SPDX-License-Identifier: MIT
#pragma once

#include "auth/signaturefailure.h"
#include "webhooks/webhookattempt.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace Relay {

/// Something that happened in the relay, as an observer (the inspector) sees it. Plain values only.
struct FeedEvent {
    Q_GADGET
public:
    enum class Kind {
        Connected,
        Disconnected,
        Subscribed,
        Unsubscribed,
        MemberAdded,
        MemberRemoved,
        ApiEvent,
        ClientEvent,
        AuthFailure,
        Error,
        SignedIn, ///< pusher:signin accepted; detail is the user_data
        Webhook, ///< one webhook delivery attempt (or drop); event lists the event names, `webhook` the rest
    };
    Q_ENUM(Kind)

    Kind kind = Kind::Error;
    qint64 timeMs = 0; ///< UTC milliseconds since the epoch
    QString appId;
    QString channel;
    QString event;
    QString socketId;
    QString detail; ///< the event's data, the member's user_info, or an error message; Connected: the dialect
    qsizetype size = 0;
    /// AuthFailure of a signature mismatch (channel auth, signin, REST): what was signed, and the expected and
    /// received HMACs. Local to the inspector; the expected HMAC is never sent to a client.
    SignatureFailure signature {};
    /// Webhook: the request and its outcome, shared so that copying the event stays cheap.
    std::shared_ptr<const WebhookAttempt> webhook {};
};

/// The one narrow window an observer has into the relay: the relay appends, an observer on any thread drains
/// batches. Bounded: while nobody observes it keeps nothing, and it never holds more than `capacity` events
/// (the oldest are dropped and counted).
class RelayFeed {
public:
    explicit RelayFeed(qsizetype capacity = 200000)
        : m_capacity(capacity)
    {
    }

    void setObserved(bool observed) { m_observed.store(observed, std::memory_order_relaxed); }
    bool observed() const { return m_observed.load(std::memory_order_relaxed); }

    void append(FeedEvent event);
    /// Everything appended since the last drain, oldest first.
    QList<FeedEvent> drain();
    quint64 dropped() const { return m_dropped.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_observed { false };
    std::atomic<quint64> m_dropped { 0 };
    QMutex m_mutex;
    QList<FeedEvent> m_pending;
    qsizetype m_capacity;
};

} // namespace Relay
