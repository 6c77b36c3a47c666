// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QJsonArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

class QJsonObject;

namespace Relay {

/// One webhook endpoint of an app: which events it receives and the extra headers it gets.
struct WebhookTarget {
    QString url;
    QStringList eventTypes; ///< empty: every type
    QString channelPrefix; ///< filter.channel_name_starts_with; empty: any
    QString channelSuffix; ///< filter.channel_name_ends_with; empty: any
    QList<QPair<QString, QString>> headers;

    bool accepts(const QString &eventType, const QString &channel) const;
    /// The config-file form (`{url, event_types?, filter?, headers?}`).
    QJsonObject toJson() const;
    friend bool operator==(const WebhookTarget &, const WebhookTarget &) = default;
};

/// The webhook settings of one app (config keys in parentheses).
struct WebhookSettings {
    QList<WebhookTarget> targets; ///< (webhooks)
    bool batching = false; ///< (webhook_batching) several events per request
    int batchMs = 250; ///< (webhook_batch_ms) longest wait for a batch to fill
    int batchMax = 20; ///< (webhook_batch_max) events per request
    int holdBackMs = 3000; ///< (webhook_hold_back_ms) channel_vacated / member_removed wait for a rejoin
    int timeoutMs = 5000; ///< (webhook_timeout_ms) per attempt
    int retryForS = 300; ///< (webhook_retry_for_s) a delivery is retried this long, then dropped
    int retryFirstMs = 1000; ///< (webhook_retry_first_ms) first backoff; each further one doubles
};

/// The event types Pusher sends, in its documented order.
const QStringList &webhookEventTypes();

/// Parses the `webhooks` list of an app; errors name `where` and the offending key.
Result<QList<WebhookTarget>> readWebhookTargets(const QJsonValue &value, const QString &where);
/// Reads every webhook_* key of an app object into `settings`.
Status readWebhookSettings(const QJsonObject &app, WebhookSettings &settings, const QString &where);
/// Ranges, URLs (absolute http or https) and event types; `where` names the app.
Status validateWebhookSettings(const WebhookSettings &settings, const QString &where);
/// Checks one endpoint as the inspector edits it: a valid URL and known event types.
Status validateWebhookTarget(const WebhookTarget &target, const QString &where);
QJsonArray webhookTargetsToJson(const QList<WebhookTarget> &targets);

} // namespace Relay
