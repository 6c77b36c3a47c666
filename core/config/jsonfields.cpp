// SPDX-License-Identifier: MIT
#include "jsonfields.h"

#include <cmath>
#include <limits>

namespace Relay::ConfigFields {

Status readInt(const QJsonObject &object, const char *name, int &target, const QString &where)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (value.isUndefined())
        return Ok {};
    const double number = value.toDouble();
    // Range first: converting a double outside int's range is undefined behaviour.
    if (!value.isDouble() || number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()
        || number != std::trunc(number))
        return badRequest(QStringLiteral("%1: \"%2\" must be a whole number").arg(where, QLatin1String(name)));
    target = int(number);
    return Ok {};
}

Status readString(const QJsonObject &object, const char *name, QString &target, const QString &where)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (value.isUndefined())
        return Ok {};
    if (!value.isString())
        return badRequest(QStringLiteral("%1: \"%2\" must be a string").arg(where, QLatin1String(name)));
    target = value.toString();
    return Ok {};
}

Status readBool(const QJsonObject &object, const char *name, bool &target, const QString &where)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (value.isUndefined())
        return Ok {};
    if (!value.isBool())
        return badRequest(QStringLiteral("%1: \"%2\" must be true or false").arg(where, QLatin1String(name)));
    target = value.toBool();
    return Ok {};
}

} // namespace Relay::ConfigFields
