// SPDX-License-Identifier: MIT
#include "feedformat.h"

#include "protocol/jsontext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Inspector::FeedFormat {

using Kind = Relay::FeedEvent::Kind;

namespace {
std::optional<QJsonValue> parseValue(const QString &text)
{
    return Relay::parseJsonValue(text);
}
} // namespace

QString kindLabel(Kind kind)
{
    switch (kind) {
    case Kind::Connected:
        return QStringLiteral("connect");
    case Kind::Disconnected:
        return QStringLiteral("disconnect");
    case Kind::Subscribed:
        return QStringLiteral("subscribe");
    case Kind::Unsubscribed:
        return QStringLiteral("unsubscribe");
    case Kind::MemberAdded:
        return QStringLiteral("member added");
    case Kind::MemberRemoved:
        return QStringLiteral("member removed");
    case Kind::ApiEvent:
        return QStringLiteral("publish");
    case Kind::ClientEvent:
        return QStringLiteral("client event");
    case Kind::AuthFailure:
        return QStringLiteral("auth failure");
    case Kind::SignedIn:
        return QStringLiteral("sign-in");
    case Kind::Webhook:
        return QStringLiteral("webhook");
    case Kind::Error:
        break;
    }
    return QStringLiteral("error");
}

QString timeOfDay(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QJsonObject toJson(const Relay::FeedEvent &event)
{
    QJsonObject object { { QStringLiteral("time"),
                             QDateTime::fromMSecsSinceEpoch(event.timeMs, Qt::UTC).toString(Qt::ISODateWithMs) },
        { QStringLiteral("kind"), kindLabel(event.kind) }, { QStringLiteral("app"), event.appId } };
    const auto put = [&](const char *key, const QString &value) {
        if (!value.isEmpty())
            object.insert(QLatin1String(key), value);
    };
    put("channel", event.channel);
    put("event", event.event);
    put("socket_id", event.socketId);
    object.insert(QStringLiteral("size"), event.size);
    if (!event.signature.signedString.isEmpty()) {
        // The most common support problem: show exactly what was signed and both signatures.
        object.insert(QStringLiteral("signature"),
            QJsonObject { { QStringLiteral("signed_string"), event.signature.signedString },
                { QStringLiteral("expected_hmac"), event.signature.expectedHmac },
                { QStringLiteral("received_hmac"), event.signature.receivedHmac } });
    }
    if (event.webhook) {
        const Relay::WebhookAttempt &attempt = *event.webhook;
        QJsonObject headers;
        for (const auto &[name, value] : attempt.request.headers)
            headers.insert(QString::fromUtf8(name), QString::fromUtf8(value));
        object.insert(QStringLiteral("webhook"),
            QJsonObject { { QStringLiteral("url"), attempt.request.url }, { QStringLiteral("attempt"), attempt.attempt },
                { QStringLiteral("status"), attempt.statusText() }, { QStringLiteral("latency_ms"), attempt.latencyMs },
                { QStringLiteral("headers"), headers },
                { QStringLiteral("body"), QString::fromUtf8(attempt.request.body) } });
    }
    if (event.detail.isEmpty())
        return object;
    const char *key = isPublishable(event) ? "data"
        : event.kind == Kind::MemberAdded ? "user_info"
        : event.kind == Kind::MemberRemoved ? "user_id"
        : event.kind == Kind::Connected ? "dialect"
        : event.kind == Kind::SignedIn  ? "user_data"
                                        : "message";
    object.insert(QLatin1String(key), parseValue(event.detail).value_or(QJsonValue(event.detail)));
    return object;
}

QString prettyJson(const Relay::FeedEvent &event)
{
    return QString::fromUtf8(QJsonDocument(toJson(event)).toJson(QJsonDocument::Indented)).trimmed();
}

bool isPublishable(const Relay::FeedEvent &event)
{
    return event.kind == Kind::ApiEvent || event.kind == Kind::ClientEvent;
}

QString shellQuote(const QString &text)
{
    QString out = text;
    out.replace(u'\'', QLatin1String("'\\''"));
    return u'\'' + out + u'\'';
}

QString curlCommand(const Relay::FeedEvent &event, const QString &baseUrl, const QString &secret)
{
    const QJsonObject body { { QStringLiteral("channel"), event.channel }, { QStringLiteral("event"), event.event },
        { QStringLiteral("data"), event.detail } };
    const QString json = QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
    return QStringLiteral("curl -X POST %1 \\\n  -H %2 \\\n  -H 'Content-Type: application/json' \\\n  -d %3")
        .arg(shellQuote(baseUrl + QStringLiteral("/apps/") + event.appId + QStringLiteral("/events")),
            shellQuote(QStringLiteral("Authorization: Bearer ") + secret), shellQuote(json));
}

QString prettyText(const QString &json)
{
    const std::optional<QJsonValue> value = parseValue(json);
    if (!value)
        return json;
    if (!value->isObject() && !value->isArray())
        return Relay::compactJson(*value);
    const QJsonDocument document
        = value->isObject() ? QJsonDocument(value->toObject()) : QJsonDocument(value->toArray());
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace Inspector::FeedFormat
