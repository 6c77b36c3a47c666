// SPDX-License-Identifier: MIT
#include "webhookdispatcher.h"

#include "holdback.h"
#include "service/hub.h"

#include <QDateTime>
#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QTimer>
#include <QTimerEvent>

#include <map>

namespace Relay {

/// The webhook state of one app: its hold-back and one batch per endpoint (by index in its targets).
struct WebhookDispatcher::AppWebhooks {
    AppState *app = nullptr;
    HoldBack *holdBack = nullptr;
    struct Batch {
        QList<WebhookEvent> events;
        QTimer *timer = nullptr; ///< the batch window, started by the first event
    };
    QList<Batch> batches;
};

WebhookDispatcher::WebhookDispatcher(Hub &hub, const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_maxInFlight(config.webhookMaxInFlight)
    , m_queueMax(config.webhookQueueMax)
    , m_queueMaxBytes(qint64(config.webhookQueueMaxKb) * 1024)
    , m_shutdownGraceMs(config.webhookShutdownGraceMs)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(false);
}

WebhookDispatcher::~WebhookDispatcher()
{
    qDeleteAll(m_queues); // before the network manager, their replies' owner
    m_queues.clear();
}

WebhookDispatcher::AppWebhooks &WebhookDispatcher::stateOf(AppState &app)
{
    std::shared_ptr<AppWebhooks> &state = m_apps[&app];
    if (!state) {
        state = std::make_shared<AppWebhooks>();
        state->app = &app;
        state->holdBack = new HoldBack([this, &app](const WebhookEvent &event) { route(app, event); }, this);
    }
    state->holdBack->setHoldBackMs(m_shuttingDown ? 0 : app.config.webhooks.holdBackMs);
    state->batches.resize(app.config.webhooks.targets.size());
    return *state;
}

void WebhookDispatcher::channelOccupied(AppState &app, const QString &channel)
{
    if (!app.config.webhooks.targets.isEmpty())
        stateOf(app).holdBack->occupied(channel);
}

void WebhookDispatcher::channelVacated(AppState &app, const QString &channel)
{
    if (!app.config.webhooks.targets.isEmpty())
        stateOf(app).holdBack->vacated(channel);
}

void WebhookDispatcher::memberAdded(AppState &app, const QString &channel, const QJsonValue &userId)
{
    if (!app.config.webhooks.targets.isEmpty())
        stateOf(app).holdBack->memberAdded(channel, userId);
}

void WebhookDispatcher::memberRemoved(AppState &app, const QString &channel, const QJsonValue &userId)
{
    if (!app.config.webhooks.targets.isEmpty())
        stateOf(app).holdBack->memberRemoved(channel, userId);
}

void WebhookDispatcher::clientEvent(AppState &app,
    const QString &channel,
    const QString &event,
    const QString &data,
    const QString &socketId,
    const QJsonValue &userId)
{
    if (!app.config.webhooks.targets.isEmpty())
        route(app, WebhookEvents::clientEvent(channel, event, data, socketId, userId));
}

void WebhookDispatcher::cacheMiss(AppState &app, const QString &channel)
{
    if (!app.config.webhooks.targets.isEmpty())
        route(app, WebhookEvents::cacheMiss(channel));
}

void WebhookDispatcher::subscriptionCount(AppState &app, const QString &channel, qsizetype count)
{
    if (!app.config.webhooks.targets.isEmpty())
        route(app, WebhookEvents::subscriptionCount(channel, count));
}

void WebhookDispatcher::route(AppState &app, const WebhookEvent &event)
{
    const WebhookSettings &settings = app.config.webhooks;
    AppWebhooks &state = stateOf(app);
    for (int i = 0; i < settings.targets.size(); ++i) {
        const WebhookTarget &target = settings.targets.at(i);
        if (!target.accepts(event.name, event.channel))
            continue;
        if (!settings.batching || m_shuttingDown) {
            deliver(app,
                WebhookEvents::request(app.config.id,
                    app.config.key,
                    app.config.secret,
                    target.url,
                    target.headers,
                    { event },
                    QDateTime::currentMSecsSinceEpoch()));
            continue;
        }
        AppWebhooks::Batch &batch = state.batches[i];
        batch.events.append(event);
        if (batch.events.size() >= settings.batchMax) {
            flushBatch(app, i);
        } else if (batch.events.size() == 1) {
            if (!batch.timer) {
                batch.timer = new QTimer(this);
                batch.timer->setSingleShot(true);
                batch.timer->callOnTimeout(this, [this, &app, i] { flushBatch(app, i); });
            }
            batch.timer->start(settings.batchMs);
        }
    }
}

void WebhookDispatcher::flushBatch(AppState &app, int targetIndex)
{
    AppWebhooks &state = stateOf(app);
    if (targetIndex >= state.batches.size())
        return;
    AppWebhooks::Batch &batch = state.batches[targetIndex];
    if (batch.timer)
        batch.timer->stop();
    if (batch.events.isEmpty())
        return;
    const WebhookTarget &target = app.config.webhooks.targets.at(targetIndex);
    deliver(app,
        WebhookEvents::request(app.config.id,
            app.config.key,
            app.config.secret,
            target.url,
            target.headers,
            std::exchange(batch.events, {}),
            QDateTime::currentMSecsSinceEpoch()));
}

void WebhookDispatcher::flushAll()
{
    for (const auto &state : std::as_const(m_apps)) {
        state->holdBack->flush();
        for (int i = 0; i < state->batches.size(); ++i)
            flushBatch(*state->app, i);
    }
}

void WebhookDispatcher::deliver(AppState &app, WebhookRequest request)
{
    enqueue(request, app.config.webhooks);
}

void WebhookDispatcher::enqueue(const WebhookRequest &request, const WebhookSettings &timings)
{
    DeliveryQueue *&queue = m_queues[request.url];
    if (!queue) {
        queue = new DeliveryQueue(
            request.url,
            m_network,
            { m_maxInFlight, m_queueMax, m_queueMaxBytes },
            [this](const WebhookAttempt &attempt) { onAttempt(attempt); },
            this);
        connect(queue, &DeliveryQueue::becameIdle, this, &WebhookDispatcher::finishShutdownIfIdle);
    }
    Delivery delivery;
    delivery.id = m_nextDeliveryId++;
    delivery.request = request;
    delivery.timeoutMs = timings.timeoutMs;
    delivery.retryFirstMs = timings.retryFirstMs;
    delivery.retryForMs = qint64(timings.retryForS) * 1000;
    queue->enqueue(std::move(delivery));
}

Status WebhookDispatcher::setTargets(const QString &appId, const QList<WebhookTarget> &targets)
{
    AppState *app = m_hub.appById(appId);
    if (!app)
        return Error { ErrorCode::NotFound, QStringLiteral("unknown app \"%1\"").arg(appId.left(100)) };
    for (qsizetype i = 0; i < targets.size(); ++i) {
        if (Status valid = validateWebhookTarget(targets.at(i), QStringLiteral("webhooks[%1]").arg(i)); !valid)
            return valid;
    }
    AppWebhooks &state = stateOf(*app);
    for (int i = 0; i < state.batches.size(); ++i)
        flushBatch(*app, i);
    app->config.webhooks.targets = targets;
    stateOf(*app);
    return Ok {};
}

Status WebhookDispatcher::sendTest(
    const QString &appId, const QString &url, const QString &type, const QString &channel)
{
    AppState *app = m_hub.appById(appId);
    if (!app)
        return Error { ErrorCode::NotFound, QStringLiteral("unknown app \"%1\"").arg(appId.left(100)) };
    if (!webhookEventTypes().contains(type))
        return Error { ErrorCode::BadRequest, QStringLiteral("unknown webhook event type \"%1\"").arg(type.left(100)) };
    if (Status valid = validateWebhookTarget(WebhookTarget { url, {}, {}, {}, {} }, QStringLiteral("test webhook"));
        !valid)
        return valid;
    if (Status name = validateChannelName(channel, app->config.maxChannelNameLength); !name)
        return name;
    QList<QPair<QString, QString>> headers;
    for (const WebhookTarget &target : std::as_const(app->config.webhooks.targets)) {
        if (target.url == url)
            headers = target.headers;
    }
    deliver(*app,
        WebhookEvents::request(app->config.id,
            app->config.key,
            app->config.secret,
            url,
            headers,
            { WebhookEvents::sample(type, channel) },
            QDateTime::currentMSecsSinceEpoch()));
    return Ok {};
}

Status WebhookDispatcher::resend(const WebhookRequest &request)
{
    AppState *app = m_hub.appById(request.appId);
    if (!app)
        return Error { ErrorCode::NotFound, QStringLiteral("unknown app \"%1\"").arg(request.appId.left(100)) };
    if (Status valid
        = validateWebhookTarget(WebhookTarget { request.url, {}, {}, {}, {} }, QStringLiteral("resent webhook"));
        !valid)
        return valid;
    deliver(*app, request);
    return Ok {};
}

void WebhookDispatcher::onAttempt(const WebhookAttempt &attempt)
{
    using Outcome = WebhookAttempt::Outcome;
    if (AppState *app = m_hub.appById(attempt.request.appId)) {
        WebhookCounters &counters = app->counters.webhooks;
        counters.sent += attempt.outcome == Outcome::Delivered;
        counters.failed += attempt.outcome == Outcome::WillRetry || attempt.outcome == Outcome::GaveUp
            || (attempt.outcome == Outcome::Shutdown && attempt.latencyMs >= 0);
        counters.retried += attempt.outcome == Outcome::WillRetry;
        counters.dropped += attempt.dropped();
    }
    // /metrics counts the same four outcomes as /stats; a retried attempt is also a failed one.
    RelayMetrics &metrics = m_hub.metrics();
    const QString &appId = attempt.request.appId;
    if (attempt.outcome == Outcome::Delivered)
        metrics.webhookDelivery(appId, "delivered");
    if (attempt.outcome == Outcome::WillRetry || attempt.outcome == Outcome::GaveUp
        || (attempt.outcome == Outcome::Shutdown && attempt.latencyMs >= 0))
        metrics.webhookDelivery(appId, "failed");
    if (attempt.outcome == Outcome::WillRetry)
        metrics.webhookDelivery(appId, "retried");
    if (attempt.dropped())
        metrics.webhookDelivery(appId, "dropped");
    if (attempt.outcome == Outcome::GaveUp)
        qWarning().noquote() << QStringLiteral("webhooks: gave up on a delivery to %1 (%2) after %3 attempts: %4")
                                    .arg(attempt.request.url, attempt.request.eventNames.join(u','))
                                    .arg(attempt.attempt)
                                    .arg(attempt.error);
    RelayFeed &feed = m_hub.feed();
    if (!feed.observed())
        return;
    QString detail = QStringLiteral("POST %1 -> %2").arg(attempt.request.url, attempt.statusText());
    if (attempt.latencyMs >= 0)
        detail += QStringLiteral(" in %1 ms").arg(attempt.latencyMs);
    detail += QStringLiteral(", attempt %1").arg(attempt.attempt);
    if (attempt.outcome == Outcome::WillRetry)
        detail += QStringLiteral(", next in %1 ms").arg(attempt.nextRetryMs - QDateTime::currentMSecsSinceEpoch());
    const QStringList &names = attempt.request.eventNames;
    QString channel;
    if (!attempt.request.body.isEmpty()) {
        // The channel of a one-event request, for the log's channel filter.
        const QJsonObject body = QJsonDocument::fromJson(attempt.request.body).object();
        const QJsonArray events = body.value(QLatin1String("events")).toArray();
        if (events.size() == 1)
            channel = events.first().toObject().value(QLatin1String("channel")).toString();
    }
    FeedEvent event
        = FeedEvent::of(FeedEvent::Kind::Webhook, attempt.request.appId, channel, names.join(u','), {}, detail);
    event.size = attempt.request.body.size();
    event.webhook = std::make_shared<const WebhookAttempt>(attempt);
    feed.append(std::move(event));
}

QList<LeavingMember> WebhookDispatcher::leavingMembers() const
{
    QList<LeavingMember> out;
    for (const auto &state : m_apps)
        out.append(state->holdBack->heldRemovals(state->app->config.id));
    return out;
}

qsizetype WebhookDispatcher::pending() const
{
    qsizetype count = 0;
    for (const DeliveryQueue *queue : m_queues)
        count += queue->pending();
    for (const auto &state : m_apps) {
        count += state->holdBack->heldCount();
        for (const AppWebhooks::Batch &batch : state->batches)
            count += batch.events.isEmpty() ? 0 : 1;
    }
    return count;
}

void WebhookDispatcher::shutdown(std::function<void()> done)
{
    if (m_shuttingDown) {
        done();
        return;
    }
    m_shuttingDown = true;
    m_shutdownDone = std::move(done);
    flushAll();
    for (const auto &state : std::as_const(m_apps))
        state->holdBack->setHoldBackMs(0);
    for (DeliveryQueue *queue : std::as_const(m_queues))
        queue->hurry();
    m_graceTimer.start(m_shutdownGraceMs, Qt::PreciseTimer, this);
    finishShutdownIfIdle();
}

void WebhookDispatcher::finishShutdownIfIdle()
{
    if (m_shuttingDown && m_shutdownDone && pending() == 0)
        finishShutdown();
}

void WebhookDispatcher::finishShutdown()
{
    m_graceTimer.stop();
    std::map<QString, int> left; // by URL, sorted for a stable line
    int total = 0;
    for (auto it = m_queues.cbegin(); it != m_queues.cend(); ++it) {
        if (const int count = it.value()->abandon(); count > 0) {
            left[it.key()] += count;
            total += count;
        }
    }
    if (total > 0) {
        QStringList parts;
        for (const auto &[url, count] : left)
            parts.append(QStringLiteral("%1 to %2").arg(count).arg(url));
        qWarning().noquote() << QStringLiteral("webhooks: %1 deliveries still pending at shutdown were dropped (%2)")
                                    .arg(total)
                                    .arg(parts.join(QStringLiteral(", ")));
    }
    if (auto done = std::exchange(m_shutdownDone, nullptr))
        done();
}

void WebhookDispatcher::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_graceTimer.timerId())
        return QObject::timerEvent(event);
    finishShutdown();
}

} // namespace Relay
