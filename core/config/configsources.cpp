// SPDX-License-Identifier: MIT
// Reading settings from a JSON file and from RELAY_* environment variables.
#include "relayconfig.h"

#include "jsonfields.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <array>
#include <cmath>
#include <limits>

namespace Relay {

namespace {
struct ServerIntField {
    const char *name;
    int RelayConfig::*field;
};
constexpr std::array serverIntFields {
    ServerIntField { "max_connections", &RelayConfig::maxConnections },
    ServerIntField { "activity_timeout", &RelayConfig::activityTimeoutSeconds },
    ServerIntField { "pong_timeout", &RelayConfig::pongTimeoutSeconds },
    ServerIntField { "close_timeout", &RelayConfig::closeTimeoutSeconds },
    ServerIntField { "http_timeout", &RelayConfig::httpTimeoutSeconds },
    ServerIntField { "http_head_timeout", &RelayConfig::httpHeadTimeoutSeconds },
    ServerIntField { "max_http_connections", &RelayConfig::maxHttpConnections },
    ServerIntField { "max_request_body_kb", &RelayConfig::maxRequestBodyKb },
    ServerIntField { "max_header_kb", &RelayConfig::maxHeaderKb },
    ServerIntField { "max_frame_kb", &RelayConfig::maxFrameKb },
    ServerIntField { "send_budget_kb", &RelayConfig::sendBudgetKb },
    ServerIntField { "listen_backlog", &RelayConfig::listenBacklog },
    ServerIntField { "coalesce_ms", &RelayConfig::coalesceMs },
    ServerIntField { "webhook_max_in_flight", &RelayConfig::webhookMaxInFlight },
    ServerIntField { "webhook_queue_max", &RelayConfig::webhookQueueMax },
    ServerIntField { "webhook_queue_max_kb", &RelayConfig::webhookQueueMaxKb },
    ServerIntField { "webhook_shutdown_grace_ms", &RelayConfig::webhookShutdownGraceMs },
    ServerIntField { "inspector_memory_mb", &RelayConfig::inspectorMemoryMb },
};

struct AppIntField {
    const char *name;
    int AppConfig::*field;
};
constexpr std::array appIntFields {
    AppIntField { "max_connections", &AppConfig::maxConnections },
    AppIntField { "max_channel_name_length", &AppConfig::maxChannelNameLength },
    AppIntField { "max_event_payload_kb", &AppConfig::maxEventPayloadKb },
    AppIntField { "max_event_name_length", &AppConfig::maxEventNameLength },
    AppIntField { "max_batch_size", &AppConfig::maxBatchSize },
    AppIntField { "client_events_per_second", &AppConfig::clientEventsPerSecond },
    AppIntField { "history_size", &AppConfig::historySize },
    AppIntField { "max_presence_members", &AppConfig::maxPresenceMembers },
    AppIntField { "max_user_info_kb", &AppConfig::maxUserInfoKb },
    AppIntField { "max_subscriptions_per_socket", &AppConfig::maxSubscriptionsPerSocket },
};

using ConfigFields::readBool;
using ConfigFields::readInt;
using ConfigFields::readString;

Status readStringList(const QJsonObject &object, const char *name, QStringList &target, const QString &where)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (value.isUndefined())
        return Ok {};
    const auto invalid = [&] {
        return badRequest(QStringLiteral("%1: \"%2\" must be an array of strings").arg(where, QLatin1String(name)));
    };
    if (!value.isArray())
        return invalid();
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return invalid();
        list.append(item.toString());
    }
    target = list;
    return Ok {};
}

Result<AppConfig> readApp(const QJsonObject &object, int index)
{
    const QString where = QStringLiteral("apps[%1]").arg(index);
    AppConfig app;
    for (const char *name : { "id", "key", "secret" }) {
        if (!object.value(QLatin1String(name)).isString())
            return badRequest(QStringLiteral("%1: \"%2\" is required and must be a string").arg(where, QLatin1String(name)));
    }
    for (auto status : { readString(object, "id", app.id, where), readString(object, "key", app.key, where),
             readString(object, "secret", app.secret, where),
             readBool(object, "enable_client_events", app.clientEventsEnabled, where),
             readBool(object, "enable_auth_endpoint", app.authEndpointEnabled, where),
             readBool(object, "enable_subscription_count", app.subscriptionCountEnabled, where),
             readString(object, "encryption_master_key_base64", app.encryptionMasterKeyBase64, where),
             readStringList(object, "allowed_origins", app.allowedOrigins, where) }) {
        if (!status)
            return status.error();
    }
    for (const AppIntField &field : appIntFields) {
        if (Status status = readInt(object, field.name, app.*field.field, where); !status)
            return status.error();
    }
    if (Status status = readWebhookSettings(object, app.webhooks, QStringLiteral("%1, app \"%2\"").arg(where, app.id));
        !status)
        return status.error();
    return app;
}

Status readInt(const QString &text, const char *name, int &target)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok)
        return badRequest(QStringLiteral("%1=\"%2\" is not a whole number").arg(QLatin1String(name), text));
    target = value;
    return Ok {};
}

} // namespace

Status applyConfigFile(RelayConfig &config, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return badRequest(QStringLiteral("cannot read config file %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return badRequest(QStringLiteral("config file %1 is not valid JSON: %2 at offset %3")
                        .arg(path, parseError.errorString())
                        .arg(parseError.offset));
    if (!document.isObject())
        return badRequest(QStringLiteral("config file %1 must hold a JSON object").arg(path));
    const QJsonObject root = document.object();
    const QString where = QStringLiteral("config file %1").arg(path);
    if (Status status = readString(root, "host", config.host, where); !status)
        return status;
    int port = config.port;
    if (Status status = readInt(root, "port", port, where); !status)
        return status;
    if (port < 0 || port > 65535)
        return badRequest(QStringLiteral("%1: port %2 is out of range").arg(where).arg(port));
    config.port = quint16(port);
    for (const ServerIntField &field : serverIntFields) {
        if (Status status = readInt(root, field.name, config.*field.field, where); !status)
            return status;
    }
    if (Status status = readBool(root, "debug", config.debug, where); !status)
        return status;
    if (Status status = readBool(root, "metrics", config.metrics, where); !status)
        return status;
    for (auto status : { readBool(root, "tls", config.tls.enabled, where),
             readString(root, "tls_dir", config.tls.dir, where), readString(root, "tls_cert", config.tls.certFile, where),
             readString(root, "tls_key", config.tls.keyFile, where), readBool(root, "tls_only", config.tls.only, where) }) {
        if (!status)
            return status;
    }
    if (Status status = readStringList(root, "allowed_origins", config.allowedOrigins, where); !status)
        return status;
    for (auto status : { readString(root, "redis", config.redis.url, where),
             readString(root, "redis_prefix", config.redis.prefix, where), readString(root, "node", config.redis.node, where),
             readInt(root, "redis_node_timeout_s", config.redis.nodeTimeoutSeconds, where) }) {
        if (!status)
            return status;
    }
    if (root.contains(QLatin1String("apps"))) {
        const QJsonValue apps = root.value(QLatin1String("apps"));
        if (!apps.isArray() || apps.toArray().isEmpty())
            return badRequest(QStringLiteral("%1: \"apps\" must be a non-empty array").arg(where));
        config.apps.clear();
        const QJsonArray array = apps.toArray();
        for (int i = 0; i < array.size(); ++i) {
            if (!array.at(i).isObject())
                return badRequest(QStringLiteral("%1: apps[%2] must be an object").arg(where).arg(i));
            Result<AppConfig> app = readApp(array.at(i).toObject(), i);
            if (!app)
                return Error { app.error().code, where + QStringLiteral(": ") + app.error().message };
            config.apps.append(std::move(app).value());
        }
    }
    return Ok {};
}

Status applyEnvironment(RelayConfig &config, const QProcessEnvironment &environment)
{
    const auto has = [&](const char *name) { return environment.contains(QLatin1String(name)); };
    const auto get = [&](const char *name) { return environment.value(QLatin1String(name)); };
    if (has("RELAY_HOST"))
        config.host = get("RELAY_HOST");
    if (has("RELAY_PORT")) {
        int port = 0;
        if (Status status = readInt(get("RELAY_PORT"), "RELAY_PORT", port); !status)
            return status;
        if (port < 0 || port > 65535)
            return badRequest(QStringLiteral("RELAY_PORT=%1 is out of range").arg(port));
        config.port = quint16(port);
    }
    AppConfig &app = config.defaultApp();
    const std::array<std::pair<const char *, QString *>, 6> strings { { { "RELAY_APP_ID", &app.id },
        { "RELAY_APP_KEY", &app.key }, { "RELAY_APP_SECRET", &app.secret }, { "RELAY_TLS_CERT", &config.tls.certFile },
        { "RELAY_TLS_KEY", &config.tls.keyFile }, { "RELAY_REDIS_URL", &config.redis.url } } };
    for (const auto &[name, target] : strings) {
        if (has(name))
            *target = get(name);
    }
    const std::array<std::pair<const char *, int *>, 10> ints { { { "RELAY_MAX_CONNECTIONS", &config.maxConnections },
        { "RELAY_MAX_HTTP_CONNECTIONS", &config.maxHttpConnections },
        { "RELAY_HTTP_HEAD_TIMEOUT", &config.httpHeadTimeoutSeconds },
        { "RELAY_MAX_CHANNEL_NAME_LENGTH", &app.maxChannelNameLength },
        { "RELAY_MAX_EVENT_PAYLOAD_KB", &app.maxEventPayloadKb },
        { "RELAY_MAX_SUBSCRIPTIONS_PER_SOCKET", &app.maxSubscriptionsPerSocket },
        { "RELAY_PING_INTERVAL", &config.activityTimeoutSeconds },
        { "RELAY_PING_TIMEOUT", &config.pongTimeoutSeconds }, { "RELAY_HTTP_TIMEOUT", &config.httpTimeoutSeconds },
        { "RELAY_INSPECTOR_MEMORY_MB", &config.inspectorMemoryMb } } };
    for (const auto &[name, target] : ints) {
        if (!has(name))
            continue;
        if (Status status = readInt(get(name), name, *target); !status)
            return status;
    }
    if (has("RELAY_ALLOWED_ORIGINS")) {
        config.allowedOrigins.clear();
        for (const QString &entry : get("RELAY_ALLOWED_ORIGINS").split(QLatin1Char(','), Qt::SkipEmptyParts))
            config.allowedOrigins.append(entry.trimmed());
    }
    if (has("RELAY_WEBHOOK_URL") && !get("RELAY_WEBHOOK_URL").isEmpty())
        app.webhooks.targets.append(WebhookTarget { get("RELAY_WEBHOOK_URL"), {}, {}, {}, {} });
    if (has("RELAY_DEBUG")) {
        const QString value = get("RELAY_DEBUG").toLower();
        config.debug = !(value.isEmpty() || value == QLatin1String("0") || value == QLatin1String("false"));
    }
    return Ok {};
}

} // namespace Relay
