// SPDX-License-Identifier: MIT
#include "report.h"

#include <algorithm>
#include <cstdio>

namespace Report {
namespace {
    QString currentLabel;
}

void setLabel(const QString &label)
{
    currentLabel = label;
}

double number(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toDouble();
}

void row(const QString &what, const QString &value)
{
    const QString label = currentLabel.isEmpty() ? QString() : QLatin1Char('[') + currentLabel + QStringLiteral("] ");
    std::printf("%-72s %s\n", qUtf8Printable(label + what), qUtf8Printable(value));
    std::fflush(stdout);
}

QString cpuText(double value, const char *unit)
{
    return value < 0 ? QStringLiteral("cpu unknown")
                     : QStringLiteral("%1 %2 cpu").arg(value, 0, 'f', 1).arg(QLatin1String(unit));
}

QString rate(double perSecond)
{
    return QString::number(qRound64(perSecond)) + QStringLiteral(" /s");
}

double medianOfPresent(QList<double> values)
{
    values.removeIf([](double v) { return !(v >= 0); });
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}
} // namespace Report
