// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>

namespace Relay {

/// The request body as a JSON object, or BadRequest saying why it is not one.
Result<QJsonObject> parseJsonObject(const QByteArray &body);

/// A required string field; BadRequest names the field when it is missing or of another type.
Result<QString> requireString(const QJsonObject &object, const char *field);

} // namespace Relay
