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

Reply Reply::text(const Error &error)
{
    Reply reply { httpStatus(error.code), error.message.toUtf8() + '\n', {} };
    reply.contentType = "text/plain; charset=utf-8";
    return reply;
}

} // namespace Relay
