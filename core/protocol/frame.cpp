// SPDX-License-Identifier: MIT
#include "frame.h"

#include "jsontext.h"

#include <QJsonDocument>

namespace Relay {

Result<ClientFrame> decodeClientFrame(QByteArrayView utf8)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(utf8.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return malformedFrame(QStringLiteral("frame is not valid JSON: %1 at offset %2")
                             .arg(parseError.errorString())
                             .arg(parseError.offset));
    if (!document.isObject())
        return malformedFrame(QStringLiteral("frame must be a JSON object"));
    const QJsonObject object = document.object();
    const QJsonValue event = object.value(QLatin1String("event"));
    if (!event.isString() || event.toString().isEmpty())
        return malformedFrame(QStringLiteral("frame needs a non-empty string \"event\""));
    const QJsonValue channel = object.value(QLatin1String("channel"));
    if (!channel.isUndefined() && !channel.isNull() && !channel.isString())
        return malformedFrame(QStringLiteral("\"channel\" must be a string"));
    return ClientFrame { event.toString(), channel.toString(), object.value(QLatin1String("data")) };
}

Result<QJsonObject> dataAsObject(const QJsonValue &data)
{
    if (data.isObject())
        return data.toObject();
    if (data.isString()) {
        const QJsonDocument document = QJsonDocument::fromJson(data.toString().toUtf8());
        if (document.isObject())
            return document.object();
    }
    return malformedFrame(QStringLiteral("\"data\" must be an object or a JSON-encoded object"));
}

QString dataAsString(const QJsonValue &data)
{
    if (data.isString())
        return data.toString();
    if (data.isUndefined())
        return QStringLiteral("{}");
    return compactJson(data);
}

QString encodeFrame(QStringView event, QStringView channel, QStringView dataJson, QStringView userIdJson)
{
    QString out;
    out.reserve(event.size() + channel.size() + dataJson.size() * 11 / 10 + userIdJson.size() + 48);
    out += u"{\"event\":";
    appendJsonString(out, event);
    if (!channel.isEmpty()) {
        out += u",\"channel\":";
        appendJsonString(out, channel);
    }
    out += u",\"data\":";
    appendJsonString(out, dataJson);
    if (!userIdJson.isEmpty()) {
        out += u",\"user_id\":";
        out += userIdJson;
    }
    out += u'}';
    return out;
}

} // namespace Relay
