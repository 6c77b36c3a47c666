// SPDX-License-Identifier: MIT
#pragma once

#include "config/relayconfig.h"
#include "deliveryqueue.h"
#include "service/hubobserver.h"
#include "stats/relaysnapshot.h"
#include "webhookevents.h"

#include <QBasicTimer>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Relay {

class Hub;
class HoldBack;

/// Turns what the hub reports into Pusher's webhooks: hold-back of vacated/removed, per-endpoint filters and
/// batching, signing with the app's own secret, and delivery through one DeliveryQueue per URL. Counts every
/// outcome in the app's counters and reports each attempt to the hub's feed (the inspector, --debug).
/// Lives in the relay's thread; never blocks it.
class WebhookDispatcher : public QObject, public HubObserver {
    Q_OBJECT
public:
    WebhookDispatcher(Hub &hub, const RelayConfig &config, QObject *parent = nullptr);
    ~WebhookDispatcher() override;

    /// Members whose member_removed is held back now, in every app (for the inspector's snapshot).
    QList<LeavingMember> leavingMembers() const;

    void channelOccupied(AppState &app, const QString &channel) override;
    void channelVacated(AppState &app, const QString &channel) override;
    void memberAdded(AppState &app, const QString &channel, const QJsonValue &userId) override;
    void memberRemoved(AppState &app, const QString &channel, const QJsonValue &userId) override;
    void clientEvent(AppState &app,
        const QString &channel,
        const QString &event,
        const QString &data,
        const QString &socketId,
        const QJsonValue &userId) override;
    void cacheMiss(AppState &app, const QString &channel) override;
    void subscriptionCount(AppState &app, const QString &channel, qsizetype count) override;

    /// Replaces the app's endpoints at once (events already batched for the old ones are sent first).
    Status setTargets(const QString &appId, const QList<WebhookTarget> &targets);
    /// Sends one sample event of `type` on `channel` to `url`, signed with the app's secret.
    Status sendTest(const QString &appId, const QString &url, const QString &type, const QString &channel);
    /// Sends the same request again (same headers and body, so the same signature), as a new delivery.
    Status resend(const WebhookRequest &request);

    /// Sends everything held back or batched now, gives pending deliveries up to the configured grace
    /// period, then drops what is left, logs one summary line and calls `done` (always, exactly once).
    void shutdown(std::function<void()> done);
    qsizetype pending() const;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct AppWebhooks;
    AppWebhooks &stateOf(AppState &app);
    void route(AppState &app, const WebhookEvent &event);
    void flushBatch(AppState &app, int targetIndex);
    void flushAll();
    void deliver(AppState &app, WebhookRequest request);
    void enqueue(const WebhookRequest &request, const WebhookSettings &timings);
    void onAttempt(const WebhookAttempt &attempt);
    void finishShutdownIfIdle();
    void finishShutdown();

    Hub &m_hub;
    int m_maxInFlight;
    int m_queueMax;
    qint64 m_queueMaxBytes;
    int m_shutdownGraceMs;
    QNetworkAccessManager *m_network;
    QHash<const AppState *, std::shared_ptr<AppWebhooks>> m_apps;
    QHash<QString, DeliveryQueue *> m_queues; ///< by URL, across apps
    quint64 m_nextDeliveryId = 1;
    std::function<void()> m_shutdownDone;
    bool m_shuttingDown = false;
    QBasicTimer m_graceTimer;
};

} // namespace Relay
