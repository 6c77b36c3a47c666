// SPDX-License-Identifier: MIT
#include "reply.h"

#include <QJsonDocument>

namespace Relay {

Reply Reply::json(const QJsonObject &object, int status)
{
    return Reply { status, QJsonDocument(object).toJson(QJsonDocument::Compact), {} };
}

Reply Reply::error(const Error &error)
{
    return json({ { QStringLiteral("error"), error.message } }, httpStatus(error.code));
}

} // namespace Relay
