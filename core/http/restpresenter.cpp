// SPDX-License-Identifier: MIT
#include "restpresenter.h"

#include <QJsonArray>

namespace Relay {

Result<QList<EventInput>> RestPresenter::readBatch(const QJsonObject &body, int maxBatch,
    const std::function<Result<EventInput>(const QJsonObject &)> &readItem)
{
    const QJsonValue batchValue = body.value(QLatin1String("batch"));
    if (!batchValue.isArray())
        return Error { ErrorCode::BadRequest, QStringLiteral("\"batch\" is required and must be an array") };
    const QJsonArray items = batchValue.toArray();
    if (items.size() > maxBatch)
        return Error { ErrorCode::BodyTooLarge,
            QStringLiteral("batch has %1 events; the limit is %2").arg(items.size()).arg(maxBatch) };
    QList<EventInput> events;
    events.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items.at(i).isObject())
            return Error { ErrorCode::BadRequest, QStringLiteral("batch[%1] must be an object").arg(i) };
        Result<EventInput> event = readItem(items.at(i).toObject());
        if (!event)
            return Error { event.error().code, QStringLiteral("batch[%1]: %2").arg(i).arg(event.error().message) };
        events.append(std::move(event).value());
    }
    return events;
}

} // namespace Relay
