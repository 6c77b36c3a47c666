// SPDX-License-Identifier: MIT
#include "comparison.h"

#include "report.h"

#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace {
double number(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toDouble();
}

/// One figure compared across relays and rounds: where it is in a round's results, and how to show it.
struct Figure {
    const char *label;
    std::function<double(const QJsonObject &)> read; ///< negative or NaN when absent
    int decimals;
};

QJsonObject fanoutOf(const QJsonObject &results, int subscribers)
{
    for (const QJsonValue &item : results.value(QLatin1String("fanout")).toArray()) {
        if (item.toObject().value(QLatin1String("subscribers")).toInt() == subscribers)
            return item.toObject();
    }
    return {};
}

/// A figure of the fan-out run with that many subscribers; -1 when it did not run or failed.
double fanoutFigure(const QJsonObject &results, int subscribers, const char *key)
{
    const QJsonObject fanout = fanoutOf(results, subscribers);
    return fanout.contains(QLatin1String(key)) && !fanout.contains(QLatin1String("error")) ? number(fanout, key) : -1;
}

double field(const QJsonObject &results, const char *scenario, const char *key)
{
    const QJsonObject object = results.value(QLatin1String(scenario)).toObject();
    return object.contains(QLatin1String(key)) && !object.contains(QLatin1String("error")) ? number(object, key) : -1;
}

} // namespace

QJsonArray printComparison(const QJsonArray &rounds, int size, const QString &peerName)
{
    const QList<Figure> figures {
        { "fan-out: server CPU ns per delivery",
            [size](const QJsonObject &r) { return fanoutFigure(r, size, "cpu_ns_per_delivery"); },
            0 },
        { "fan-out: deliveries/s",
            [size](const QJsonObject &r) { return fanoutFigure(r, size, "deliveries_per_second"); },
            0 },
        { "latency p99 ms", [](const QJsonObject &r) { return field(r, "latency", "p99_ms"); }, 1 },
        { "HTTP publish, signed: CPU us per request",
            [](const QJsonObject &r) { return field(r, "http_publish", "cpu_us_per_request"); },
            1 },
        { "HTTP publish, signed: requests/s",
            [](const QJsonObject &r) { return field(r, "http_publish", "requests_per_second"); },
            0 },
        { "HTTP publish, Bearer: CPU us per request",
            [](const QJsonObject &r) { return field(r, "http_publish_bearer", "cpu_us_per_request"); },
            1 },
        { "HTTP publish, Bearer: requests/s",
            [](const QJsonObject &r) { return field(r, "http_publish_bearer", "requests_per_second"); },
            0 },
        { "presence storm: server CPU s",
            [](const QJsonObject &r) { return field(r, "presence_storm", "server_cpu_seconds"); },
            2 },
        { "presence storm: wall s",
            [](const QJsonObject &r) { return field(r, "presence_storm", "wall_seconds"); },
            2 },
        { "idle: KiB per connection",
            [](const QJsonObject &r) { return field(r, "idle_connections", "kib_per_connection"); },
            1 },
    };
    const auto series = [&](const char *who, const Figure &figure) {
        QList<double> values;
        for (const QJsonValue &round : rounds) {
            const QJsonObject results = round.toObject().value(QLatin1String(who)).toObject();
            values.append(results.isEmpty() ? -1 : figure.read(results));
        }
        return values;
    };
    const auto show = [](const QList<double> &values, int decimals) {
        QStringList parts;
        for (double v : values)
            parts.append(v >= 0 ? QString::number(v, 'f', decimals) : QStringLiteral("-"));
        return parts.join(QStringLiteral(", "));
    };
    std::printf("\n%-44s %-30s %-30s %s\n",
        "comparison (per round; median)",
        "relaydesk",
        qUtf8Printable(peerName),
        "ratio of medians");
    QJsonArray out;
    for (const Figure &figure : figures) {
        const QList<double> ours = series("relaydesk", figure);
        const QList<double> theirs = series("peer", figure);
        const double a = Report::medianOfPresent(ours);
        const double b = Report::medianOfPresent(theirs);
        if (a < 0 && b < 0)
            continue;
        const QString left = show(ours, figure.decimals) + QStringLiteral(" (%1)").arg(a, 0, 'f', figure.decimals);
        const QString right = b < 0
            ? QStringLiteral("-")
            : show(theirs, figure.decimals) + QStringLiteral(" (%1)").arg(b, 0, 'f', figure.decimals);
        const QString ratio = a > 0 && b > 0 ? QString::number(a / b, 'f', 2) : QStringLiteral("-");
        std::printf(
            "%-44s %-30s %-30s %s\n", figure.label, qUtf8Printable(left), qUtf8Printable(right), qUtf8Printable(ratio));
        out.append(QJsonObject { { QStringLiteral("figure"), QLatin1String(figure.label) },
            { QStringLiteral("relaydesk_median"), a },
            { QStringLiteral("peer_median"), b },
            { QStringLiteral("ratio"), a > 0 && b > 0 ? a / b : -1.0 } });
    }
    QList<double> floor;
    for (const QJsonValue &round : rounds)
        floor.append(field(round.toObject(), "qt_floor", "kib_per_connection"));
    if (Report::medianOfPresent(floor) >= 0)
        std::printf("%-44s %s\n",
            "idle: KiB per connection, Qt floor (wsfloor)",
            qUtf8Printable(show(floor, 1) + QStringLiteral(" (%1)").arg(Report::medianOfPresent(floor), 0, 'f', 1)));
    std::fflush(stdout);
    return out;
}
