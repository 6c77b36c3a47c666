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
/// An optional string field: empty when absent or null, BadRequest when of another type.
Result<QString> optionalString(const QJsonObject &object, const char *field);
/// An event's `data`: a string as it is, an object or array as its compact JSON text.
Result<QString> eventData(const QJsonObject &object);

} // namespace Relay
