// SPDX-License-Identifier: MIT
// POST /apps/{id}/events and /events/batch.
#include "httpapi.h"

#include "jsonbody.h"
#include "protocol/jsontext.h"
#include "service/hub.h"

#include <QHttpServerRequest>
#include <QJsonArray>

namespace Relay {

Result<Publication> HttpApi::readPublication(const AppState &app, const QJsonObject &object) const
{
    Result<QString> channel = requireString(object, "channel");
    if (!channel)
        return channel.error();
    Result<QString> event = requireString(object, "event");
    if (!event)
        return event.error();
    const QJsonValue dataValue = object.value(QLatin1String("data"));
    QString data;
    if (dataValue.isString())
        data = dataValue.toString();
    else if (dataValue.isObject() || dataValue.isArray())
        data = compactJson(dataValue); // accepted, and sent as its compact JSON text
    else if (dataValue.isUndefined() || dataValue.isNull())
        return Error { ErrorCode::BadRequest, QStringLiteral("\"data\" is required") };
    else
        return Error { ErrorCode::BadRequest, QStringLiteral("\"data\" must be a JSON-encoded string") };
    const QJsonValue socketId = object.value(QLatin1String("socket_id"));
    if (!socketId.isUndefined() && !socketId.isNull() && !socketId.isString())
        return Error { ErrorCode::BadRequest, QStringLiteral("\"socket_id\" must be a string") };
    Publication publication { channel.value(), event.value(), data, socketId.toString() };
    if (Status valid = m_hub.validate(app, publication); !valid)
        return valid.error();
    return publication;
}

Reply HttpApi::publish(AppState &app, const QHttpServerRequest &request)
{
    const Result<QJsonObject> body = parseJsonObject(request.body());
    if (!body)
        return Reply::error(body.error());
    const Result<Publication> publication = readPublication(app, *body);
    if (!publication)
        return Reply::error(publication.error());
    m_hub.publish(app, *publication);
    return Reply::json({ { QStringLiteral("ok"), true } });
}

Reply HttpApi::batch(AppState &app, const QHttpServerRequest &request)
{
    const Result<QJsonObject> body = parseJsonObject(request.body());
    if (!body)
        return Reply::error(body.error());
    const QJsonValue batchValue = body->value(QLatin1String("batch"));
    if (!batchValue.isArray())
        return Reply::error(ErrorCode::BadRequest, QStringLiteral("\"batch\" is required and must be an array"));
    const QJsonArray items = batchValue.toArray();
    if (items.size() > app.config.maxBatchSize)
        return Reply::error(ErrorCode::BodyTooLarge,
            QStringLiteral("batch has %1 events; the limit is %2").arg(items.size()).arg(app.config.maxBatchSize));
    // All or nothing: every item is checked before the first is published.
    QList<Publication> publications;
    publications.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items.at(i).isObject())
            return Reply::error(ErrorCode::BadRequest, QStringLiteral("batch[%1] must be an object").arg(i));
        Result<Publication> publication = readPublication(app, items.at(i).toObject());
        if (!publication)
            return Reply::error(publication.error().code,
                QStringLiteral("batch[%1]: %2").arg(i).arg(publication.error().message));
        publications.append(std::move(publication).value());
    }
    for (const Publication &publication : std::as_const(publications))
        m_hub.publish(app, publication);
    return Reply::json({ { QStringLiteral("ok"), true }, { QStringLiteral("count"), publications.size() } });
}

} // namespace Relay
