// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

/// The printed table: one row a figure, prefixed with the relay it is about.
namespace Report {
/// The relay the rows printed from now on are about; empty for none.
void setLabel(const QString &label);
void row(const QString &what, const QString &value);
double number(const QJsonObject &object, const char *key);
/// `value` with its unit and "cpu", or "cpu unknown" when negative.
QString cpuText(double value, const char *unit);
QString rate(double perSecond);
/// The median of the values present (negative or NaN means absent); -1 when none is.
double medianOfPresent(QList<double> values);
} // namespace Report
