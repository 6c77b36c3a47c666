// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace Relay {

/// Appends `text` as a JSON string literal (quotes included) to `out`.
void appendJsonString(QString &out, QStringView text);
/// Compact JSON text of any value (objects keep Qt's sorted key order).
QString compactJson(const QJsonValue &value);

} // namespace Relay
