// SPDX-License-Identifier: MIT
#include "recording.h"

#include "protocol/jsontext.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace Relay {
namespace Recording {

    namespace {
        using Kind = FeedEvent::Kind;

        void addField(QString &out, QStringView name, const QString &value)
        {
            if (value.isEmpty())
                return;
            out += u',';
            appendJsonString(out, name);
            out += u':';
            appendJsonString(out, value);
        }

        RecordEntry::Kind entryKind(const QString &name)
        {
            if (name == QLatin1String("publish"))
                return RecordEntry::Kind::Publish;
            if (name == QLatin1String("client_event"))
                return RecordEntry::Kind::ClientEvent;
            if (name == QLatin1String("subscribe"))
                return RecordEntry::Kind::Subscribe;
            if (name == QLatin1String("unsubscribe"))
                return RecordEntry::Kind::Unsubscribe;
            return RecordEntry::Kind::Other;
        }

        Result<QString> stringField(const QJsonObject &object, QLatin1String name, bool required)
        {
            const QJsonValue value = object.value(name);
            if (value.isUndefined() && !required)
                return QString();
            if (!value.isString())
                return Error { ErrorCode::MalformedFrame,
                    value.isUndefined() ? QStringLiteral("\"%1\" is missing").arg(name)
                                        : QStringLiteral("\"%1\" must be a string").arg(name) };
            return value.toString();
        }
    } // namespace

    QString kindName(FeedEvent::Kind kind)
    {
        switch (kind) {
        case Kind::ApiEvent:
            return QStringLiteral("publish");
        case Kind::ClientEvent:
            return QStringLiteral("client_event");
        case Kind::Subscribed:
            return QStringLiteral("subscribe");
        case Kind::Unsubscribed:
            return QStringLiteral("unsubscribe");
        case Kind::Connected:
            return QStringLiteral("connect");
        case Kind::Disconnected:
            return QStringLiteral("disconnect");
        case Kind::MemberAdded:
            return QStringLiteral("member_added");
        case Kind::MemberRemoved:
            return QStringLiteral("member_removed");
        case Kind::AuthFailure:
            return QStringLiteral("auth_failure");
        case Kind::SignedIn:
            return QStringLiteral("signin");
        case Kind::Webhook:
            return QStringLiteral("webhook");
        case Kind::ApiCall:
            return QStringLiteral("api_call");
        case Kind::Fault:
            return QStringLiteral("fault");
        case Kind::OriginRefused:
            return QStringLiteral("origin_refused");
        case Kind::Error:
            break;
        }
        return QStringLiteral("error");
    }

    bool isRecorded(FeedEvent::Kind kind)
    {
        return kind == Kind::ApiEvent || kind == Kind::ClientEvent || kind == Kind::Subscribed
            || kind == Kind::Unsubscribed;
    }

    QByteArray line(const FeedEvent &event, qint64 originMs)
    {
        QString out = QStringLiteral("{\"t\":%1").arg(std::max<qint64>(0, event.timeMs - originMs));
        addField(out, u"app", event.appId);
        addField(out, u"kind", kindName(event.kind));
        addField(out, u"channel", event.channel);
        addField(out, u"event", event.event);
        const bool payload = event.kind == Kind::ApiEvent || event.kind == Kind::ClientEvent;
        if (payload) {
            out += QLatin1String(",\"data\":");
            appendJsonString(out, event.detail); // present even when empty: "" is data too
        }
        addField(out, u"socket_id", event.socketId);
        if (!payload && !isRecorded(event.kind))
            addField(out, u"detail", event.detail);
        if (!event.userId.isEmpty())
            out += QLatin1String(",\"user_id\":") + event.userId; // already JSON text
        if (event.code != 0)
            out += QStringLiteral(",\"code\":%1").arg(event.code);
        if (event.recipients >= 0)
            out += QStringLiteral(",\"recipients\":%1").arg(event.recipients);
        out += QStringLiteral(",\"time_ms\":%1}").arg(event.timeMs);
        return out.toUtf8();
    }

    Result<RecordEntry> parseLine(QByteArrayView line)
    {
        QJsonParseError parseError {};
        const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return Error { ErrorCode::MalformedFrame,
                QStringLiteral("not JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset) };
        if (!document.isObject())
            return Error { ErrorCode::MalformedFrame, QStringLiteral("not a JSON object") };
        const QJsonObject object = document.object();
        RecordEntry entry;
        const QJsonValue t = object.value(QLatin1String("t"));
        if (!t.isDouble() || t.toDouble() < 0)
            return Error { ErrorCode::MalformedFrame, QStringLiteral("\"t\" must be a number of milliseconds >= 0") };
        entry.offsetMs = qint64(t.toDouble());
        const Result<QString> kind = stringField(object, QLatin1String("kind"), true);
        if (!kind)
            return kind.error();
        entry.kindName = *kind;
        entry.kind = entryKind(entry.kindName);
        const bool replayable = entry.replayable();
        for (auto [name, target, required] : {
                 std::tuple { QLatin1String("app"), &entry.appId, replayable },
                 std::tuple { QLatin1String("channel"), &entry.channel, replayable },
                 std::tuple { QLatin1String("event"), &entry.event, replayable },
                 std::tuple { QLatin1String("data"), &entry.data, replayable },
                 std::tuple { QLatin1String("socket_id"), &entry.socketId, false },
             }) {
            const Result<QString> value = stringField(object, name, required);
            if (!value)
                return value.error();
            *target = *value;
        }
        return entry;
    }

    Result<File> read(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error { ErrorCode::NotFound, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()) };
        File out;
        int number = 0;
        while (!file.atEnd()) {
            const QByteArray text = file.readLine().trimmed();
            ++number;
            if (text.isEmpty())
                continue;
            Result<RecordEntry> entry = parseLine(text);
            if (!entry) {
                out.problems.append(QStringLiteral("line %1: %2").arg(number).arg(entry.error().message));
                continue;
            }
            RecordEntry parsed = std::move(entry).value();
            parsed.line = number;
            out.entries.append(std::move(parsed));
        }
        if (file.error() != QFileDevice::NoError)
            return Error { ErrorCode::NotFound, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()) };
        return out;
    }

} // namespace Recording
} // namespace Relay
