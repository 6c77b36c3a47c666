// SPDX-License-Identifier: MIT
#pragma once

#include "config/redisurl.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

struct redisAsyncContext;
struct redisReply;
class QSocketNotifier;

namespace Relay {

/// One hiredis asynchronous connection driven by the Qt event loop of the thread it lives in. Connects (with
/// AUTH and SELECT from the endpoint), reconnects with backoff (100 ms doubling to 5 s) after any failure, and
/// refuses commands while down or while more than `maxPendingBytes` are unsent, so nothing grows without bound.
class RedisLink : public QObject {
    Q_OBJECT
public:
    /// `reply` is null when the connection went away before the answer came.
    using ReplyHandler = std::function<void(redisReply *reply)>;

    RedisLink(const RedisEndpoint &endpoint, qsizetype maxPendingBytes, QObject *parent = nullptr);
    ~RedisLink() override;

    void open();
    bool isUp() const { return m_up; }
    /// Sends one command; false (and nothing sent) while down or over the pending-bytes bound.
    bool command(const QList<QByteArray> &arguments, ReplyHandler handler = {});
    /// Sends `commands` as one MULTI/EXEC transaction, all or none (false while down or over the bound);
    /// `handler` gets EXEC's reply, an array with one reply per command.
    bool transaction(const QList<QList<QByteArray>> &commands, ReplyHandler handler);
    /// Subscribes to `channels`; `handler` gets every reply of the subscription (confirmations and messages)
    /// for as long as the connection lives. Call again after each up().
    bool subscribe(const QList<QByteArray> &channels, ReplyHandler handler);
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void up();
    void down();

private:
    struct Watcher;
    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *privateData);
    static void onSubscriptionReply(redisAsyncContext *context, void *reply, void *privateData);
    bool canSend() const;
    bool send(const QList<QByteArray> &arguments, void (*callback)(redisAsyncContext *, void *, void *), void *data);
    bool sendNow(const QList<QByteArray> &arguments, void (*callback)(redisAsyncContext *, void *, void *), void *data);
    void lost(const QString &why);
    void scheduleReconnect();

    RedisEndpoint m_endpoint;
    qsizetype m_maxPendingBytes;
    redisAsyncContext *m_context = nullptr;
    std::unique_ptr<Watcher> m_watcher;
    ReplyHandler m_subscriptionHandler;
    QTimer m_retry;
    int m_backoffMs = 100;
    bool m_up = false;
    QString m_lastError;
};

} // namespace Relay
