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
    case Kind::ApiCall:
        return QStringLiteral("api call");
    case Kind::Webhook:
        return QStringLiteral("webhook");
    case Kind::OriginRefused:
        return QStringLiteral("origin refused");
    case Kind::Fault:
        return QStringLiteral("fault");
    case Kind::Error:
        break;
    }
    return QStringLiteral("error");
}

QString userIdText(const QString &userIdJson)
{
    const std::optional<QJsonValue> value = parseValue(userIdJson);
    return value && value->isString() ? value->toString() : userIdJson;
}

QString summary(const Relay::FeedEvent &event)
{
    switch (event.kind) {
    case Kind::MemberAdded:
    case Kind::MemberRemoved:
    case Kind::SignedIn:
        return QStringLiteral("user ") + userIdText(event.userId);
    case Kind::Disconnected: {
        const QString side = event.byServer ? QStringLiteral("by relay") : QStringLiteral("by client");
        if (event.code == 0)
            return QStringLiteral("no close frame");
        return QStringLiteral("%1 %2%3")
            .arg(event.code)
            .arg(side, event.detail.isEmpty() ? QString() : QStringLiteral(": ") + event.detail.left(120));
    }
    case Kind::ApiCall:
        return QStringLiteral("%1 → %2").arg(event.event).arg(event.code);
    case Kind::Error:
        return event.event.isEmpty() ? event.detail.left(200) : event.event;
    default:
        return event.event;
    }
}

QString byteSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%L1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%L1 KB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%L1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

bool hasPayload(const Relay::FeedEvent &event)
{
    return isPublishable(event);
}

QString timeOfDay(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QJsonObject toJson(const Relay::FeedEvent &event)
{
    QJsonObject object { { QStringLiteral("time"),
                             QDateTime::fromMSecsSinceEpoch(event.timeMs, Qt::UTC).toString(Qt::ISODateWithMs) },
        { QStringLiteral("kind"), kindLabel(event.kind) },
        { QStringLiteral("app"), event.appId } };
    const auto put = [&](const char *key, const QString &value) {
        if (!value.isEmpty())
            object.insert(QLatin1String(key), value);
    };
    put("channel", event.channel);
    put("event", event.event);
    put("socket_id", event.socketId);
    if (!event.userId.isEmpty())
        object.insert(QStringLiteral("user_id"), parseValue(event.userId).value_or(QJsonValue(event.userId)));
    if (hasPayload(event))
        object.insert(QStringLiteral("size"), event.size);
    if (event.recipients >= 0)
        object.insert(QStringLiteral("recipients"), event.recipients);
    if (event.kind == Kind::Disconnected) {
        if (event.code != 0)
            object.insert(QStringLiteral("close_code"), event.code);
        object.insert(QStringLiteral("closed_by"), event.byServer ? QStringLiteral("relay") : QStringLiteral("client"));
    }
    if (event.kind == Kind::ApiCall)
        object.insert(QStringLiteral("status"), event.code);
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
            QJsonObject { { QStringLiteral("url"), attempt.request.url },
                { QStringLiteral("attempt"), attempt.attempt },
                { QStringLiteral("status"), attempt.statusText() },
                { QStringLiteral("latency_ms"), attempt.latencyMs },
                { QStringLiteral("headers"), headers },
                { QStringLiteral("body"), QString::fromUtf8(attempt.request.body) } });
    }
    if (event.detail.isEmpty())
        return object;
    const char *key = isPublishable(event) ? "data"
        : event.kind == Kind::MemberAdded  ? "user_info"
        : event.kind == Kind::Connected    ? "dialect"
        : event.kind == Kind::SignedIn     ? "user_data"
        : event.kind == Kind::Disconnected ? "reason"
        : event.kind == Kind::ApiCall      ? "answer"
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
    QJsonObject body { { QStringLiteral("channel"), event.channel },
        { QStringLiteral("event"), event.event },
        { QStringLiteral("data"), event.detail } };
    if (!event.socketId.isEmpty())
        body.insert(QStringLiteral("socket_id"), event.socketId); // the same socket is left out again
    const QString json = QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
    return QStringLiteral("curl -X POST %1 \\\n  -H %2 \\\n  -H 'Content-Type: application/json' \\\n  -d %3")
        .arg(shellQuote(baseUrl + QStringLiteral("/apps/") + event.appId + QStringLiteral("/events")),
            shellQuote(QStringLiteral("Authorization: Bearer ") + secret),
            shellQuote(json));
}

QString indentJson(const QString &json)
{
    QString out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    const auto newline = [&] { out += u'\n' + QString(depth * 4, u' '); };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QChar c = json[i];
        if (inString) {
            out += c;
            if (c == u'\\' && i + 1 < json.size())
                out += json[++i];
            else if (c == u'"')
                inString = false;
            continue;
        }
        switch (c.unicode()) {
        case u'"':
            inString = true;
            out += c;
            break;
        case u'{':
        case u'[': {
            out += c;
            qsizetype next = i + 1;
            while (next < json.size() && json[next].isSpace())
                ++next;
            if (next < json.size() && (json[next] == u'}' || json[next] == u']')) {
                out += json[next]; // {} and [] stay on one line
                i = next;
                break;
            }
            ++depth;
            newline();
            break;
        }
        case u'}':
        case u']':
            --depth;
            newline();
            out += c;
            break;
        case u',':
            out += c;
            newline();
            break;
        case u':':
            out += QStringLiteral(": ");
            break;
        default:
            if (!c.isSpace())
                out += c;
        }
    }
    return out;
}

QString prettyText(const QString &json)
{
    if (!parseValue(json))
        return json;
    return indentJson(json).trimmed();
}

QString counted(qint64 count, const char *singular, const char *plural)
{
    return QStringLiteral("%L1 ").arg(count) + QLatin1String(count == 1 ? singular : plural);
}

} // namespace Inspector::FeedFormat
