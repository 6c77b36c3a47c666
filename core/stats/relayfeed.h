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
        ApiCall, ///< an HTTP API request and its answer: event is "METHOD path", code the status, detail the body
        OriginRefused, ///< a browser origin or Host refused with 403: event is the allowed_origins entry that admits it
        Fault, ///< an injected fault: event names it ("delay", "stall", ...), detail its parameters, code a close code
    };
    Q_ENUM(Kind)

    Kind kind = Kind::Error;
    qint64 timeMs = 0; ///< UTC milliseconds since the epoch
    QString appId;
    QString channel;
    QString event;
    QString socketId;
    /// The event's data, the member's user_info, an error message, the close reason, or the API answer's body;
    /// Connected: the dialect
    QString detail;
    qsizetype size = 0; ///< UTF-8 bytes of the payload (ApiEvent and ClientEvent data); 0 for rows without one
    /// AuthFailure of a signature mismatch (channel auth, signin, REST): what was signed, and the expected and
    /// received HMACs. Local to the inspector; the expected HMAC is never sent to a client.
    SignatureFailure signature {};
    /// Webhook: the request and its outcome, shared so that copying the event stays cheap.
    std::shared_ptr<const WebhookAttempt> webhook {};
    QString userId; ///< member rows, sign-ins and client events on presence channels: the user_id as JSON text
    int code = 0; ///< Disconnected: the close code (0: the socket closed without one); ApiCall: the HTTP status
    bool byServer = false; ///< Disconnected: the relay closed the socket (true) or the client did
    int recipients = -1; ///< ApiEvent and ClientEvent: how many sockets it was delivered to

    /// Memory this event holds (its object and its strings), as the feed and the event log count it.
    qsizetype memoryBytes() const;
    /// An event with the fields most rows have; the others keep their defaults.
    static FeedEvent of(
        Kind kind, QString appId, QString channel = {}, QString event = {}, QString socketId = {}, QString detail = {})
    {
        FeedEvent out;
        out.kind = kind;
        out.appId = std::move(appId);
        out.channel = std::move(channel);
        out.event = std::move(event);
        out.socketId = std::move(socketId);
        out.detail = std::move(detail);
        return out;
    }
};

/// The one narrow window an observer has into the relay: the relay appends, an observer on any thread drains
/// batches. Bounded: while nobody observes it keeps nothing, and it never holds more than `capacity` events nor
/// more than `budgetBytes` of them (FeedEvent::memoryBytes); the oldest are dropped and counted.
class RelayFeed {
public:
    explicit RelayFeed(qsizetype capacity = 200000, qsizetype budgetBytes = qsizetype(256) << 20)
        : m_capacity(capacity)
        , m_budgetBytes(budgetBytes)
    {
    }

    void setBudgetBytes(qsizetype budgetBytes);
    qsizetype budgetBytes() const;
    /// Memory the undrained events hold.
    qsizetype pendingBytes() const;

    void setObserved(bool observed) { m_observed.store(observed, std::memory_order_relaxed); }
    bool observed() const { return m_observed.load(std::memory_order_relaxed); }

    void append(FeedEvent event);
    /// Everything appended since the last drain, oldest first.
    QList<FeedEvent> drain();
    /// Events dropped unread since the start, and the memory they held.
    quint64 dropped() const { return m_dropped.load(std::memory_order_relaxed); }
    quint64 droppedBytes() const { return m_droppedBytes.load(std::memory_order_relaxed); }

private:
    void dropOverBudget();

    std::atomic<bool> m_observed { false };
    std::atomic<quint64> m_dropped { 0 };
    std::atomic<quint64> m_droppedBytes { 0 };
    mutable QMutex m_mutex;
    QList<FeedEvent> m_pending;
    qsizetype m_pendingBytes = 0;
    qsizetype m_capacity;
    qsizetype m_budgetBytes;
};

} // namespace Relay
