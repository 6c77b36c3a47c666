// SPDX-License-Identifier: MIT
#include "redislink.h"

#include <QSocketNotifier>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <hiredis/sds.h>

#include <vector>

namespace Relay {

namespace {
    constexpr int firstBackoffMs = 100;
    constexpr int maxBackoffMs = 5000;
    constexpr int connectTimeoutMs = 3000; // a host that never answers counts as down
}

/// The event-loop side of one context: read and write notifiers on its descriptor, switched as hiredis asks.
struct RedisLink::Watcher {
    redisAsyncContext *context = nullptr;
    QSocketNotifier *reader = nullptr;
    QSocketNotifier *writer = nullptr;
    QObject *owner = nullptr;

    void watch(QSocketNotifier *&notifier, QSocketNotifier::Type type)
    {
        if (!notifier) {
            notifier = new QSocketNotifier(context->c.fd, type, owner);
            const bool isRead = type == QSocketNotifier::Read;
            QObject::connect(notifier, &QSocketNotifier::activated, owner, [this, isRead] {
                if (!context)
                    return;
                isRead ? redisAsyncHandleRead(context) : redisAsyncHandleWrite(context);
            });
        }
        notifier->setEnabled(true);
    }
    static void unwatch(QSocketNotifier *notifier)
    {
        if (notifier)
            notifier->setEnabled(false);
    }
    void release()
    {
        context = nullptr;
        // Deleted later: hiredis may call this from inside the notifier's own activation.
        for (QSocketNotifier *notifier : { std::exchange(reader, nullptr), std::exchange(writer, nullptr) }) {
            if (notifier) {
                notifier->setEnabled(false);
                notifier->deleteLater();
            }
        }
    }
};

RedisLink::RedisLink(const RedisEndpoint &endpoint, qsizetype maxPendingBytes, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_maxPendingBytes(maxPendingBytes)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_context && !m_up) { // still connecting after the timeout
            redisAsyncContext *context = std::exchange(m_context, nullptr);
            context->data = nullptr;
            redisAsyncFree(context);
            if (m_watcher)
                m_watcher->release();
            m_lastError = QStringLiteral("connect timed out");
            scheduleReconnect();
            return;
        }
        open();
    });
}

RedisLink::~RedisLink()
{
    m_retry.stop();
    if (redisAsyncContext *context = std::exchange(m_context, nullptr)) {
        context->data = nullptr; // callbacks during the free find no link
        redisAsyncFree(context);
    }
    if (m_watcher)
        m_watcher->release();
}

void RedisLink::open()
{
    if (m_context)
        return;
    redisAsyncContext *context = redisAsyncConnect(m_endpoint.host.toUtf8().constData(), int(m_endpoint.port));
    if (!context || context->err) {
        m_lastError = context ? QString::fromUtf8(context->errstr) : QStringLiteral("out of memory");
        if (context)
            redisAsyncFree(context);
        scheduleReconnect();
        return;
    }
    m_context = context;
    context->data = this;
    m_watcher = std::make_unique<Watcher>();
    m_watcher->context = context;
    m_watcher->owner = this;
    Watcher *watcher = m_watcher.get();
    context->ev.data = watcher;
    context->ev.addRead = [](void *data) {
        auto *w = static_cast<Watcher *>(data);
        w->watch(w->reader, QSocketNotifier::Read);
    };
    context->ev.delRead = [](void *data) { Watcher::unwatch(static_cast<Watcher *>(data)->reader); };
    context->ev.addWrite = [](void *data) {
        auto *w = static_cast<Watcher *>(data);
        w->watch(w->writer, QSocketNotifier::Write);
    };
    context->ev.delWrite = [](void *data) { Watcher::unwatch(static_cast<Watcher *>(data)->writer); };
    context->ev.cleanup = [](void *data) { static_cast<Watcher *>(data)->release(); };
    redisAsyncSetConnectCallback(context, &RedisLink::onConnect);
    redisAsyncSetDisconnectCallback(context, &RedisLink::onDisconnect);
    m_retry.start(connectTimeoutMs);
}

void RedisLink::onConnect(const redisAsyncContext *context, int status)
{
    auto *link = static_cast<RedisLink *>(context->data);
    if (!link)
        return;
    if (status != REDIS_OK) {
        link->m_context = nullptr; // hiredis frees it after this call
        link->lost(QString::fromUtf8(context->errstr));
        return;
    }
    link->m_retry.stop();
    link->m_backoffMs = firstBackoffMs;
    link->m_up = true;
    // AUTH user password is Redis 6's ACL form; AUTH password (the default user) works with every version.
    QList<QByteArray> auth { "AUTH" };
    if (!link->m_endpoint.user.isEmpty())
        auth.append(link->m_endpoint.user.toUtf8());
    auth.append(link->m_endpoint.password.toUtf8());
    if (auth.size() > 2 || !link->m_endpoint.password.isEmpty())
        link->command(auth, [link](redisReply *reply) {
            if (reply && reply->type == REDIS_REPLY_ERROR)
                link->m_lastError = QStringLiteral("AUTH failed: ") + QString::fromUtf8(reply->str, int(reply->len));
        });
    if (link->m_endpoint.db != 0)
        link->command({ "SELECT", QByteArray::number(link->m_endpoint.db) });
    link->m_lastError.clear();
    Q_EMIT link->up();
}

void RedisLink::onDisconnect(const redisAsyncContext *context, int status)
{
    auto *link = static_cast<RedisLink *>(context->data);
    if (!link)
        return;
    link->m_context = nullptr; // hiredis frees it after this call
    link->lost(status == REDIS_OK ? QStringLiteral("connection closed") : QString::fromUtf8(context->errstr));
}

void RedisLink::lost(const QString &why)
{
    m_lastError = why;
    const bool wasUp = std::exchange(m_up, false);
    scheduleReconnect();
    if (wasUp)
        Q_EMIT down();
}

void RedisLink::scheduleReconnect()
{
    m_retry.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, maxBackoffMs);
}

bool RedisLink::canSend() const
{
    return m_up && m_context && !(m_context->c.obuf && qsizetype(sdslen(m_context->c.obuf)) > m_maxPendingBytes);
}

bool RedisLink::send(
    const QList<QByteArray> &arguments, void (*callback)(redisAsyncContext *, void *, void *), void *data)
{
    return canSend() && sendNow(arguments, callback, data);
}

bool RedisLink::sendNow(
    const QList<QByteArray> &arguments, void (*callback)(redisAsyncContext *, void *, void *), void *data)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(arguments.size()));
    lengths.reserve(size_t(arguments.size()));
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(size_t(argument.size()));
    }
    return redisAsyncCommandArgv(m_context, callback, data, int(argv.size()), argv.data(), lengths.data()) == REDIS_OK;
}

bool RedisLink::command(const QList<QByteArray> &arguments, ReplyHandler handler)
{
    if (!handler)
        return send(arguments, nullptr, nullptr);
    auto *pending = new ReplyHandler(std::move(handler));
    if (send(arguments, &RedisLink::onReply, pending))
        return true;
    delete pending;
    return false;
}

bool RedisLink::transaction(const QList<QList<QByteArray>> &commands, ReplyHandler handler)
{
    // Checked once, so that nothing else can land between MULTI and EXEC.
    if (!canSend())
        return false;
    sendNow({ "MULTI" }, nullptr, nullptr);
    for (const QList<QByteArray> &command : commands)
        sendNow(command, nullptr, nullptr);
    auto *pending = new ReplyHandler(std::move(handler));
    if (sendNow({ "EXEC" }, &RedisLink::onReply, pending))
        return true;
    delete pending;
    return false;
}

bool RedisLink::subscribe(const QList<QByteArray> &channels, ReplyHandler handler)
{
    m_subscriptionHandler = std::move(handler);
    return send(QList<QByteArray> { "SUBSCRIBE" } + channels, &RedisLink::onSubscriptionReply, this);
}

void RedisLink::onReply(redisAsyncContext *, void *reply, void *privateData)
{
    std::unique_ptr<ReplyHandler> handler(static_cast<ReplyHandler *>(privateData));
    (*handler)(static_cast<redisReply *>(reply));
}

void RedisLink::onSubscriptionReply(redisAsyncContext *context, void *reply, void *)
{
    auto *link = static_cast<RedisLink *>(context->data);
    if (link && reply && link->m_subscriptionHandler)
        link->m_subscriptionHandler(static_cast<redisReply *>(reply));
}

} // namespace Relay
