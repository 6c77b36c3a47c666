// SPDX-License-Identifier: MIT
#include "relayconfig.h"

#include "http/originpolicy.h"

#include <QSet>

namespace Relay {

namespace {
bool inRange(int value, int low, int high)
{
    return value >= low && value <= high;
}
} // namespace

Status RelayConfig::validate() const
{
    if (QHostAddress(host).isNull() && host != QLatin1String("localhost"))
        return badRequest(QStringLiteral("host \"%1\" is not an IP address").arg(host));
    if (!inRange(maxConnections, 1, 1000000))
        return badRequest(QStringLiteral("max connections must be between 1 and 1000000"));
    if (!inRange(activityTimeoutSeconds, 1, 3600) || !inRange(pongTimeoutSeconds, 1, 3600))
        return badRequest(QStringLiteral("ping interval and ping timeout must be between 1 and 3600 seconds"));
    if (!inRange(httpTimeoutSeconds, 1, 3600))
        return badRequest(QStringLiteral("http timeout must be between 1 and 3600 seconds"));
    if (!inRange(httpHeadTimeoutSeconds, 1, 3600))
        return badRequest(QStringLiteral("http_head_timeout must be between 1 and 3600 seconds"));
    if (!inRange(maxHttpConnections, 1, 1000000))
        return badRequest(QStringLiteral("max_http_connections must be between 1 and 1000000"));
    if (!inRange(closeTimeoutSeconds, 1, 3600))
        return badRequest(QStringLiteral("close_timeout must be between 1 and 3600 seconds"));
    if (!inRange(maxRequestBodyKb, 1, 1024 * 1024) || !inRange(maxHeaderKb, 1, 1024) || !inRange(maxFrameKb, 1, 1024 * 1024)
        || !inRange(sendBudgetKb, 1, 1024 * 1024))
        return badRequest(QStringLiteral("size limits must be positive"));
    if (!inRange(coalesceMs, 0, 100))
        return badRequest(QStringLiteral("coalesce_ms must be between 0 and 100"));
    if (!inRange(webhookMaxInFlight, 1, 1000) || !inRange(webhookQueueMax, 1, 1000000)
        || !inRange(webhookQueueMaxKb, 1, 1024 * 1024) || !inRange(webhookShutdownGraceMs, 0, 60000))
        return badRequest(QStringLiteral("webhook_max_in_flight (1-1000), webhook_queue_max (1-1000000), "
                                         "webhook_queue_max_kb (1-1048576) or webhook_shutdown_grace_ms (0-60000) "
                                         "is out of range"));
    if (!inRange(inspectorMemoryMb, 1, 64 * 1024))
        return badRequest(QStringLiteral("inspector_memory_mb must be between 1 and 65536"));
    if (tls.certFile.isEmpty() != tls.keyFile.isEmpty())
        return badRequest(tls.certFile.isEmpty()
                ? QStringLiteral("a TLS key file needs its certificate: add --tls-cert FILE")
                : QStringLiteral("a TLS certificate needs its key: add --tls-key FILE"));
    if (tls.only && !tls.active())
        return badRequest(QStringLiteral("--tls-only needs TLS: add --tls, or --tls-cert and --tls-key"));
    if (apps.isEmpty())
        return badRequest(QStringLiteral("at least one app must be configured"));
    QStringList origins = allowedOrigins;
    for (const AppConfig &app : apps)
        origins += app.allowedOrigins;
    for (const QString &origin : std::as_const(origins)) {
        if (!OriginPolicy::isValidEntry(origin))
            return badRequest(QStringLiteral("allowed origin \"%1\" is not \"*\", scheme://host[:port], host[:port] or "
                                             "*.domain[:port]")
                                  .arg(origin.left(200)));
    }
    if (redis.enabled()) {
        if (Result<RedisEndpoint> endpoint = parseRedisUrl(redis.url); !endpoint)
            return endpoint.error();
        if (redis.prefix.isEmpty() || redis.prefix.contains(QLatin1Char(' ')))
            return badRequest(QStringLiteral("redis_prefix must be non-empty and without spaces"));
        if (!inRange(redis.nodeTimeoutSeconds, 1, 3600))
            return badRequest(QStringLiteral("redis_node_timeout_s must be between 1 and 3600"));
    }
    QSet<QString> ids;
    QSet<QString> keys;
    for (const AppConfig &app : apps) {
        if (app.id.isEmpty() || app.key.isEmpty() || app.secret.isEmpty())
            return badRequest(QStringLiteral("every app needs a non-empty id, key and secret"));
        if (app.id.contains(QLatin1Char('/')) || app.key.contains(QLatin1Char('/')))
            return badRequest(QStringLiteral("app id and key may not contain '/'"));
        if (ids.contains(app.id) || keys.contains(app.key))
            return badRequest(QStringLiteral("app id \"%1\" or key \"%2\" is used twice").arg(app.id, app.key));
        ids.insert(app.id);
        keys.insert(app.key);
        if (!inRange(app.maxChannelNameLength, 1, 10000) || !inRange(app.maxEventPayloadKb, 1, 100 * 1024)
            || !inRange(app.maxEventNameLength, 1, 10000) || !inRange(app.maxBatchSize, 1, 10000)
            || !inRange(app.clientEventsPerSecond, 0, 1000000) || !inRange(app.historySize, 0, 1000000)
            || !inRange(app.maxPresenceMembers, 1, 1000000) || !inRange(app.maxUserInfoKb, 1, 1024)
            || !inRange(app.maxSubscriptionsPerSocket, 1, 1000000)
            || app.maxConnections < 0)
            return badRequest(QStringLiteral("app \"%1\" has a limit out of range").arg(app.id));
        if (!app.encryptionMasterKeyBase64.isEmpty()
            && (QByteArray::fromBase64Encoding(app.encryptionMasterKeyBase64.toLatin1(), QByteArray::AbortOnBase64DecodingErrors)
                       .decoded.size()
                    != 32))
            return badRequest(QStringLiteral("app \"%1\": encryption_master_key_base64 must be base64 of exactly 32 bytes "
                                       "(e.g. openssl rand -base64 32)")
                            .arg(app.id));
        if (Status webhooks = validateWebhookSettings(app.webhooks, QStringLiteral("app \"%1\"").arg(app.id)); !webhooks)
            return webhooks;
    }
    return Ok {};
}

} // namespace Relay
