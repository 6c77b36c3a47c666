// SPDX-License-Identifier: MIT
#include "jsonbody.h"

#include "protocol/jsontext.h"

#include <QJsonDocument>

namespace Relay {

Result<QJsonObject> parseJsonObject(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return Error { ErrorCode::BadRequest, QStringLiteral("request body must be a JSON object; it is empty") };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error { ErrorCode::BadRequest,
            QStringLiteral("malformed JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset) };
    if (!document.isObject())
        return Error { ErrorCode::BadRequest, QStringLiteral("request body must be a JSON object") };
    return document.object();
}

Result<QString> requireString(const QJsonObject &object, const char *field)
{
    const QJsonValue value = object.value(QLatin1String(field));
    if (value.isUndefined() || value.isNull())
        return Error { ErrorCode::BadRequest, QStringLiteral("\"%1\" is required").arg(QLatin1String(field)) };
    if (!value.isString())
        return Error { ErrorCode::BadRequest, QStringLiteral("\"%1\" must be a string").arg(QLatin1String(field)) };
    return value.toString();
}

Result<QString> optionalString(const QJsonObject &object, const char *field)
{
    const QJsonValue value = object.value(QLatin1String(field));
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString())
        return Error { ErrorCode::BadRequest, QStringLiteral("\"%1\" must be a string").arg(QLatin1String(field)) };
    return value.toString();
}

Result<QString> eventData(const QJsonObject &object)
{
    const QJsonValue data = object.value(QLatin1String("data"));
    if (data.isString())
        return data.toString();
    if (data.isObject() || data.isArray())
        return compactJson(data); // accepted, and sent as its compact JSON text
    if (data.isUndefined() || data.isNull())
        return Error { ErrorCode::BadRequest, QStringLiteral("\"data\" is required") };
    return Error { ErrorCode::BadRequest, QStringLiteral("\"data\" must be a JSON-encoded string") };
}

} // namespace Relay
