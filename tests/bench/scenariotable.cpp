// SPDX-License-Identifier: MIT
#include "scenariotable.h"
#include "report.h"
#include "scenarios.h"
#include "soak.h"

#include <QJsonArray>

using namespace Report;

QJsonObject runScenarioTable(const Target &target, const Plan &plan, bool withIdle)
{
    QJsonObject results;
    QJsonArray fanouts;
    for (int size : plan.wants("fanout") ? plan.fanoutSizes : QList<int> {}) {
        const QJsonObject fanout = Scenarios::fanout(target, size, plan.durationMs, plan.inFlight);
        fanouts.append(fanout);
        row(QStringLiteral("fan-out, %1 subscribers, %2 publishes in flight").arg(size).arg(plan.inFlight),
            fanout.contains(QLatin1String("error")) ? fanout.value(QLatin1String("error")).toString()
                                                    : rate(number(fanout, "deliveries_per_second"))
                    + QStringLiteral(" deliveries, ") + cpuText(number(fanout, "cpu_ns_per_delivery"), "ns/delivery"));
    }
    results.insert(QStringLiteral("fanout"), fanouts);
    if (plan.wants("latency")) {
        const QJsonObject latency
            = Scenarios::latency(target, plan.latencySubscribers, plan.latencyRate, plan.durationMs);
        results.insert(QStringLiteral("latency"), latency);
        row(QStringLiteral("latency, %1 publishes/s x %2 subscribers (p50/p95/p99)")
                .arg(plan.latencyRate)
                .arg(plan.latencySubscribers),
            QStringLiteral("%1 / %2 / %3 ms")
                .arg(number(latency, "p50_ms"), 0, 'f', 2)
                .arg(number(latency, "p95_ms"), 0, 'f', 2)
                .arg(number(latency, "p99_ms"), 0, 'f', 2));
    }
    if (plan.wants("http")) {
        const QJsonObject publish
            = Scenarios::httpRate(target, Scenarios::HttpRequestKind::PublishSigned, 20, plan.durationMs);
        results.insert(QStringLiteral("http_publish"), publish);
        row(QStringLiteral("HTTP publish, Pusher-signed, no subscribers, 20 connections"),
            rate(number(publish, "requests_per_second")) + QStringLiteral(", ")
                + cpuText(number(publish, "cpu_us_per_request"), "us/request"));
        if (!target.pusher) {
            const QJsonObject bearer
                = Scenarios::httpRate(target, Scenarios::HttpRequestKind::PublishBearer, 20, plan.durationMs);
            results.insert(QStringLiteral("http_publish_bearer"), bearer);
            row(QStringLiteral("HTTP publish, Bearer, no subscribers, 20 connections"),
                rate(number(bearer, "requests_per_second")) + QStringLiteral(", ")
                    + cpuText(number(bearer, "cpu_us_per_request"), "us/request"));
        }
        const QJsonObject health = Scenarios::httpRate(target, Scenarios::HttpRequestKind::Health, 50, plan.durationMs);
        results.insert(QStringLiteral("http_health"), health);
        row(QStringLiteral("GET health, 50 connections"), rate(number(health, "requests_per_second")));
    }
    if (plan.wants("presence")) {
        const QJsonObject storm = Scenarios::presenceStorm(target, plan.presenceMembers, plan.presenceInFlight);
        results.insert(QStringLiteral("presence_storm"), storm);
        row(QStringLiteral("presence join storm, %1 members, %2 joins in flight: cpu / wall, frames")
                .arg(plan.presenceMembers)
                .arg(plan.presenceInFlight),
            storm.contains(QLatin1String("error")) ? storm.value(QLatin1String("error")).toString()
                                                   : QStringLiteral("%1 s / %2 s, %3 frames (%4 us cpu/frame)")
                                                         .arg(number(storm, "server_cpu_seconds"), 0, 'f', 2)
                                                         .arg(number(storm, "wall_seconds"), 0, 'f', 2)
                                                         .arg(qint64(number(storm, "frames")))
                                                         .arg(number(storm, "cpu_us_per_frame"), 0, 'f', 2));
    }
    if (plan.wants("slowreader")) {
        const QJsonObject slow = Scenarios::slowReader(target, plan.slowReaderEvents);
        results.insert(QStringLiteral("slow_reader"), slow);
        row(QStringLiteral("stalled reader + 20 readers, %1 x 16 KB: RSS start/peak/end").arg(plan.slowReaderEvents),
            QStringLiteral("%1 / %2 / %3 MiB, stalled reader closed: %4, others got %5 of %6")
                .arg(number(slow, "rss_start_kib") / 1024, 0, 'f', 1)
                .arg(number(slow, "rss_peak_kib") / 1024, 0, 'f', 1)
                .arg(number(slow, "rss_end_kib") / 1024, 0, 'f', 1)
                .arg(slow.value(QLatin1String("slow_reader_closed")).toBool() ? QStringLiteral("yes")
                                                                              : QStringLiteral("NO"))
                .arg(qint64(number(slow, "healthy_deliveries")))
                .arg(qint64(number(slow, "healthy_expected"))));
    }
    if (plan.only.contains(QLatin1String("soak"))) {
        Soak::Settings settings;
        settings.minutes = plan.soakMinutes;
        const QJsonObject soak = Soak::run(target, settings);
        results.insert(QStringLiteral("soak"), soak);
        row(QStringLiteral("soak, %1 min: delivered / lost / duplicated / out of order").arg(plan.soakMinutes),
            QStringLiteral("%1 / %2 / %3 / %4")
                .arg(number(soak, "delivered"))
                .arg(number(soak, "lost"))
                .arg(number(soak, "duplicated"))
                .arg(number(soak, "out_of_order")));
        row(QStringLiteral("soak: RSS growth after the first minute, at most / at the end"),
            QStringLiteral("%1 % / %2 %")
                .arg(number(soak, "rss_max_growth_after_warmup_percent"), 0, 'f', 1)
                .arg(number(soak, "rss_end_growth_after_warmup_percent"), 0, 'f', 1));
    }
    if (withIdle && plan.wants("idle")) {
        const QJsonObject idle = Scenarios::idleConnections(target, plan.idleConnections);
        results.insert(QStringLiteral("idle_connections"), idle);
        row(QStringLiteral("%1 idle connections: connect time, rate").arg(plan.idleConnections),
            QStringLiteral("%1 s, %2")
                .arg(number(idle, "seconds"), 0, 'f', 2)
                .arg(rate(number(idle, "connections_per_second"))));
        if (idle.contains(QLatin1String("kib_per_connection")))
            row(QStringLiteral("memory per idle connection (process RSS)"),
                QStringLiteral("%1 KiB").arg(number(idle, "kib_per_connection"), 0, 'f', 1));
    }
    return results;
}
