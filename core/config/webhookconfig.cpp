// SPDX-License-Identifier: MIT
// The webhooks of an app in the config file: endpoints, filters, headers, batching and delivery timings.
#include "webhookconfig.h"

#include "jsonfields.h"

#include <QJsonObject>
#include <QUrl>

#include <array>

namespace Relay {

namespace {

    struct WebhookIntField {
        const char *name;
        int WebhookSettings::*field;
        int low;
        int high;
    };
    // Upper bounds keep timers within int milliseconds; the lows are what a test may shorten them to.
    constexpr std::array webhookIntFields {
        WebhookIntField { "webhook_batch_ms", &WebhookSettings::batchMs, 1, 60000 },
        WebhookIntField { "webhook_batch_max", &WebhookSettings::batchMax, 1, 1000 },
        WebhookIntField { "webhook_hold_back_ms", &WebhookSettings::holdBackMs, 0, 600000 },
        WebhookIntField { "webhook_timeout_ms", &WebhookSettings::timeoutMs, 1, 600000 },
        WebhookIntField { "webhook_retry_for_s", &WebhookSettings::retryForS, 0, 86400 },
        WebhookIntField { "webhook_retry_first_ms", &WebhookSettings::retryFirstMs, 1, 3600000 },
    };


    Result<WebhookTarget> readTarget(const QJsonValue &value, const QString &where)
    {
        if (!value.isObject())
            return badRequest(QStringLiteral("%1 must be an object {\"url\": ...}").arg(where));
        const QJsonObject object = value.toObject();
        WebhookTarget target;
        if (!object.value(QLatin1String("url")).isString())
            return badRequest(QStringLiteral("%1: \"url\" is required and must be a string").arg(where));
        target.url = object.value(QLatin1String("url")).toString();
        const QJsonValue types = object.value(QLatin1String("event_types"));
        if (!types.isUndefined()) {
            if (!types.isArray())
                return badRequest(QStringLiteral("%1: \"event_types\" must be an array of strings").arg(where));
            for (const QJsonValue &type : types.toArray()) {
                if (!type.isString())
                    return badRequest(QStringLiteral("%1: \"event_types\" must be an array of strings").arg(where));
                target.eventTypes.append(type.toString());
            }
        }
        const QJsonValue filter = object.value(QLatin1String("filter"));
        if (!filter.isUndefined()) {
            if (!filter.isObject())
                return badRequest(QStringLiteral("%1: \"filter\" must be an object").arg(where));
            const QString filterWhere = where + QStringLiteral(".filter");
            for (auto status : { ConfigFields::readString(
                                     filter.toObject(), "channel_name_starts_with", target.channelPrefix, filterWhere),
                     ConfigFields::readString(
                         filter.toObject(), "channel_name_ends_with", target.channelSuffix, filterWhere) }) {
                if (!status)
                    return status.error();
            }
        }
        const QJsonValue headers = object.value(QLatin1String("headers"));
        if (!headers.isUndefined()) {
            if (!headers.isObject())
                return badRequest(QStringLiteral("%1: \"headers\" must be an object of strings").arg(where));
            const QJsonObject map = headers.toObject();
            for (auto it = map.begin(); it != map.end(); ++it) {
                if (!it.value().isString())
                    return badRequest(QStringLiteral("%1: \"headers\".\"%2\" must be a string").arg(where, it.key()));
                target.headers.append({ it.key(), it.value().toString() });
            }
        }
        return target;
    }

    bool isHeaderToken(const QString &name)
    {
        static const QString separators = QStringLiteral("()<>@,;:\\\"/[]?={} \t");
        if (name.isEmpty())
            return false;
        for (QChar c : name) {
            if (c.unicode() <= 0x20 || c.unicode() >= 0x7f || separators.contains(c))
                return false;
        }
        return true;
    }

} // namespace

bool WebhookTarget::accepts(const QString &eventType, const QString &channel) const
{
    return (eventTypes.isEmpty() || eventTypes.contains(eventType)) && channel.startsWith(channelPrefix)
        && channel.endsWith(channelSuffix);
}

QJsonObject WebhookTarget::toJson() const
{
    QJsonObject object { { QStringLiteral("url"), url } };
    if (!eventTypes.isEmpty())
        object.insert(QStringLiteral("event_types"), QJsonArray::fromStringList(eventTypes));
    if (!channelPrefix.isEmpty() || !channelSuffix.isEmpty())
        object.insert(QStringLiteral("filter"),
            QJsonObject { { QStringLiteral("channel_name_starts_with"), channelPrefix },
                { QStringLiteral("channel_name_ends_with"), channelSuffix } });
    if (!headers.isEmpty()) {
        QJsonObject map;
        for (const auto &[name, value] : headers)
            map.insert(name, value);
        object.insert(QStringLiteral("headers"), map);
    }
    return object;
}

const QStringList &webhookEventTypes()
{
    static const QStringList types { QStringLiteral("channel_occupied"),
        QStringLiteral("channel_vacated"),
        QStringLiteral("member_added"),
        QStringLiteral("member_removed"),
        QStringLiteral("client_event"),
        QStringLiteral("cache_miss"),
        QStringLiteral("subscription_count") };
    return types;
}

Result<QList<WebhookTarget>> readWebhookTargets(const QJsonValue &value, const QString &where)
{
    if (!value.isArray())
        return badRequest(QStringLiteral("%1: \"webhooks\" must be an array of objects").arg(where));
    QList<WebhookTarget> targets;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        Result<WebhookTarget> target = readTarget(array.at(i), QStringLiteral("%1: webhooks[%2]").arg(where).arg(i));
        if (!target)
            return target.error();
        targets.append(std::move(target).value());
    }
    return targets;
}

Status readWebhookSettings(const QJsonObject &app, WebhookSettings &settings, const QString &where)
{
    if (app.contains(QLatin1String("webhooks"))) {
        Result<QList<WebhookTarget>> targets = readWebhookTargets(app.value(QLatin1String("webhooks")), where);
        if (!targets)
            return targets.error();
        settings.targets = std::move(targets).value();
    }
    if (Status status = ConfigFields::readBool(app, "webhook_batching", settings.batching, where); !status)
        return status;
    for (const WebhookIntField &field : webhookIntFields) {
        if (Status status = ConfigFields::readInt(app, field.name, settings.*field.field, where); !status)
            return status;
    }
    return Ok {};
}

Status validateWebhookTarget(const WebhookTarget &target, const QString &where)
{
    const QUrl url(target.url, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.host().isEmpty())
        return badRequest(QStringLiteral("%1.url \"%2\" is not an absolute http:// or https:// URL")
                        .arg(where, target.url.left(200)));
    for (const QString &type : target.eventTypes) {
        if (!webhookEventTypes().contains(type))
            return badRequest(QStringLiteral("%1.event_types: unknown event type \"%2\" (known: %3)")
                            .arg(where, type.left(100), webhookEventTypes().join(QStringLiteral(", "))));
    }
    static const QStringList reserved { QStringLiteral("content-type"),
        QStringLiteral("content-length"),
        QStringLiteral("host"),
        QStringLiteral("x-pusher-key"),
        QStringLiteral("x-pusher-signature") };
    for (const auto &[name, value] : target.headers) {
        if (!isHeaderToken(name) || value.contains(u'\r') || value.contains(u'\n'))
            return badRequest(QStringLiteral("%1.headers: \"%2\" is not a valid header").arg(where, name.left(100)));
        if (reserved.contains(name.toLower()))
            return badRequest(
                QStringLiteral("%1.headers: \"%2\" is set by the relay and cannot be replaced").arg(where, name));
    }
    return Ok {};
}

Status validateWebhookSettings(const WebhookSettings &settings, const QString &where)
{
    for (const WebhookIntField &field : webhookIntFields) {
        const int value = settings.*field.field;
        if (value < field.low || value > field.high)
            return badRequest(QStringLiteral("%1: \"%2\" is %3; it must be between %4 and %5")
                            .arg(where, QLatin1String(field.name))
                            .arg(value)
                            .arg(field.low)
                            .arg(field.high));
    }
    for (qsizetype i = 0; i < settings.targets.size(); ++i) {
        if (Status valid
            = validateWebhookTarget(settings.targets.at(i), QStringLiteral("%1: webhooks[%2]").arg(where).arg(i));
            !valid)
            return valid;
    }
    return Ok {};
}

QJsonArray webhookTargetsToJson(const QList<WebhookTarget> &targets)
{
    QJsonArray array;
    for (const WebhookTarget &target : targets)
        array.append(target.toJson());
    return array;
}

} // namespace Relay
