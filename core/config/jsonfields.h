// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QString>

namespace Relay::ConfigFields {

/// Each reads `object[name]` into `target` when present; a value of the wrong type is a BadRequest whose
/// message starts with `where` and names the key. An absent key leaves `target` unchanged.
Status readInt(const QJsonObject &object, const char *name, int &target, const QString &where);
Status readString(const QJsonObject &object, const char *name, QString &target, const QString &where);
Status readBool(const QJsonObject &object, const char *name, bool &target, const QString &where);

} // namespace Relay::ConfigFields
