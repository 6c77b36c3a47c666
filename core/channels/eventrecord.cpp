// SPDX-License-Identifier: MIT
#include "eventrecord.h"

namespace Relay {

QJsonObject EventRecord::toJson() const
{
    QJsonObject object {
        { QStringLiteral("id"), qint64(id) },
        { QStringLiteral("event"), event },
        { QStringLiteral("channel"), channel },
        { QStringLiteral("data"), data },
        { QStringLiteral("source"), source == EventSource::Api ? QStringLiteral("api") : QStringLiteral("client") },
        { QStringLiteral("timestamp"), timestamp.toUTC().toString(Qt::ISODateWithMs) },
    };
    if (!socketId.isEmpty())
        object.insert(QStringLiteral("socket_id"), socketId);
    return object;
}

} // namespace Relay
