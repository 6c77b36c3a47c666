// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonParseError>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <optional>

namespace Relay {

/// Size in UTF-8 bytes, counted without converting: the KB limits are bytes, QString counts UTF-16 units.
qsizetype utf8Size(QStringView text);
/// Appends `text` as a JSON string literal (quotes included) to `out`.
void appendJsonString(QString &out, QStringView text);
/// Compact JSON text of any value (objects keep Qt's sorted key order).
QString compactJson(const QJsonValue &value);
/// Any JSON value, scalars included (QJsonDocument parses only objects and arrays at the top); nullopt when
/// `text` is not exactly one JSON value, with the reason in `error` (its offset counts from `text`).
std::optional<QJsonValue> parseJsonValue(QStringView text, QJsonParseError *error = nullptr);

} // namespace Relay
