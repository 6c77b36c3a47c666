// SPDX-License-Identifier: MIT
#include "metricstext.h"

#include "common/versioninfo.h"
#include "processstats.h"
#include "prometheuswriter.h"
#include "relaymetrics.h"
#include "service/hub.h"
#include "transport/session.h"

#include <QCoreApplication>

#include <functional>

namespace Relay {

namespace {
    using Labels = PrometheusWriter::Labels;

    struct AppFigures {
        QByteArray id;
        const AppState *state = nullptr;
        AppTraffic traffic; ///< with the live sessions' traffic added to endedSockets
        quint64 closes = 0;
    };

    QList<AppFigures> collect(const Hub &hub, const QList<Session *> &sessions)
    {
        QList<AppFigures> apps;
        QHash<const AppState *, qsizetype> index;
        for (const auto &app : hub.apps()) {
            index.insert(app.get(), apps.size());
            AppFigures figures { app->config.id.toUtf8(), app.get(), hub.metrics().apps().value(app->config.id), 0 };
            for (const quint64 count : std::as_const(figures.traffic.closesByCode))
                figures.closes += count;
            apps.append(std::move(figures));
        }
        for (const Session *session : sessions) {
            if (const AppState *app = hub.appOf(*session); app && index.contains(app))
                apps[index.value(app)].traffic.endedSockets += session->traffic();
        }
        return apps;
    }

    void perApp(PrometheusWriter &out,
        const QList<AppFigures> &apps,
        QByteArrayView name,
        QByteArrayView type,
        QByteArrayView help,
        const std::function<quint64(const AppFigures &)> &value)
    {
        out.family(name, type, help);
        for (const AppFigures &app : apps)
            out.sample(name, { { "app_id", app.id } }, value(app));
    }

    void connectionFamilies(PrometheusWriter &out, const QList<AppFigures> &apps, const RelayMetrics &metrics)
    {
        perApp(out, apps, "relaydesk_connected", "gauge", "Open WebSocket connections.", [](const AppFigures &app) {
            return quint64(app.state->counters.connections);
        });
        perApp(out,
            apps,
            "relaydesk_new_connections_total",
            "counter",
            "WebSocket connections accepted.",
            [](const AppFigures &app) { return quint64(app.state->counters.connections) + app.closes; });
        perApp(out,
            apps,
            "relaydesk_new_disconnections_total",
            "counter",
            "WebSocket connections that ended.",
            [](const AppFigures &app) { return app.closes; });
        out.family("relaydesk_connection_closes_total",
            "counter",
            "WebSocket connections that ended, by close code (the relay's code when it closed, else the client's).");
        for (const AppFigures &app : apps) {
            for (auto it = app.traffic.closesByCode.cbegin(); it != app.traffic.closesByCode.cend(); ++it)
                out.sample("relaydesk_connection_closes_total",
                    { { "app_id", app.id }, { "code", QByteArray::number(it.key()) } },
                    it.value());
        }
        perApp(out,
            apps,
            "relaydesk_send_budget_closes_total",
            "counter",
            "Connections closed with 4100 because their unsent bytes went over the send budget.",
            [](const AppFigures &app) { return app.traffic.closesByCode.value(int(ErrorCode::SlowConsumer)); });
        out.family("relaydesk_refused_connections_total",
            "counter",
            "WebSocket upgrades refused before a session began (unknown key, limits, shutdown), by close code.");
        const QMap<int, quint64> &refused = metrics.refusedByCode();
        for (auto it = refused.cbegin(); it != refused.cend(); ++it)
            out.sample("relaydesk_refused_connections_total", { { "code", QByteArray::number(it.key()) } }, it.value());
    }

    void trafficFamilies(PrometheusWriter &out, const QList<AppFigures> &apps)
    {
        perApp(out,
            apps,
            "relaydesk_ws_messages_received_total",
            "counter",
            "WebSocket messages received from clients.",
            [](const AppFigures &app) { return app.traffic.endedSockets.messagesIn; });
        perApp(out,
            apps,
            "relaydesk_ws_messages_sent_total",
            "counter",
            "WebSocket messages sent to clients.",
            [](const AppFigures &app) { return app.traffic.endedSockets.messagesOut; });
        // soketi's names for these two counters lack the _total suffix; untyped keeps the names (and rate() works).
        perApp(out,
            apps,
            "relaydesk_socket_received_bytes",
            "untyped",
            "Counter: payload bytes of WebSocket messages received.",
            [](const AppFigures &app) { return app.traffic.endedSockets.bytesIn; });
        perApp(out,
            apps,
            "relaydesk_socket_transmitted_bytes",
            "untyped",
            "Counter: bytes of WebSocket frames sent, frame headers included.",
            [](const AppFigures &app) { return app.traffic.endedSockets.bytesOut; });
        perApp(out, apps, "relaydesk_channels", "gauge", "Occupied channels.", [](const AppFigures &app) {
            return quint64(app.state->channels.count());
        });
        perApp(out,
            apps,
            "relaydesk_events_published_total",
            "counter",
            "Events published through the HTTP API (each event of a batch counts).",
            [](const AppFigures &app) {
                return app.state->counters.eventsPublished
                    - std::min(app.state->counters.eventsPublished, app.traffic.clientEvents);
            });
        perApp(out,
            apps,
            "relaydesk_client_events_total",
            "counter",
            "Client events forwarded.",
            [](const AppFigures &app) { return app.traffic.clientEvents; });
        perApp(out,
            apps,
            "relaydesk_messages_delivered_total",
            "counter",
            "Event deliveries to subscribers (one per event and receiving socket).",
            [](const AppFigures &app) { return app.state->counters.messagesDelivered; });
        out.family("relaydesk_webhook_deliveries_total", "counter", "Webhook requests by outcome.");
        for (const AppFigures &app : apps) {
            for (auto it = app.traffic.webhookDeliveries.cbegin(); it != app.traffic.webhookDeliveries.cend(); ++it)
                out.sample("relaydesk_webhook_deliveries_total",
                    { { "app_id", app.id }, { "outcome", it.key() } },
                    it.value());
        }
    }

    void httpFamilies(PrometheusWriter &out, const QList<AppFigures> &apps, const RelayMetrics &metrics)
    {
        perApp(out,
            apps,
            "relaydesk_http_calls_received_total",
            "counter",
            "HTTP API requests addressed to the app.",
            [](const AppFigures &app) { return app.traffic.httpCalls; });
        perApp(out,
            apps,
            "relaydesk_http_received_bytes",
            "untyped",
            "Counter: HTTP API request body bytes.",
            [](const AppFigures &app) { return app.traffic.httpBytesIn; });
        perApp(out,
            apps,
            "relaydesk_http_transmitted_bytes",
            "untyped",
            "Counter: HTTP API response body bytes.",
            [](const AppFigures &app) { return app.traffic.httpBytesOut; });

        out.family("relaydesk_http_requests_total", "counter", "HTTP requests answered, by route and status.");
        QMap<QByteArrayView, HttpTally> byRoute;
        for (auto it = metrics.http().cbegin(); it != metrics.http().cend(); ++it) {
            out.sample("relaydesk_http_requests_total",
                { { "route", it.key().first.toByteArray() }, { "status", QByteArray::number(it.key().second) } },
                it.value().count);
            HttpTally &route = byRoute[it.key().first];
            route.count += it.value().count;
            route.secondsSum += it.value().secondsSum;
            for (std::size_t i = 0; i < route.buckets.size(); ++i)
                route.buckets[i] += it.value().buckets[i];
        }
        out.family("relaydesk_http_request_duration_seconds",
            "histogram",
            "Time from a parsed request to its answer being queued, by route.");
        for (auto it = byRoute.cbegin(); it != byRoute.cend(); ++it) {
            quint64 cumulative = 0;
            for (std::size_t i = 0; i < httpDurationBuckets.size(); ++i) {
                cumulative += it.value().buckets[i];
                out.sample("relaydesk_http_request_duration_seconds_bucket",
                    { { "route", it.key().toByteArray() },
                        { "le", QByteArray::number(httpDurationBuckets[i], 'g', 6) } },
                    cumulative);
            }
            out.sample("relaydesk_http_request_duration_seconds_bucket",
                { { "route", it.key().toByteArray() }, { "le", "+Inf" } },
                it.value().count);
            out.sample("relaydesk_http_request_duration_seconds_sum",
                { { "route", it.key().toByteArray() } },
                it.value().secondsSum);
            out.sample("relaydesk_http_request_duration_seconds_count",
                { { "route", it.key().toByteArray() } },
                it.value().count);
        }
    }

    void processFamilies(PrometheusWriter &out)
    {
        const ProcessStats process = readProcessStats();
        const auto gauge = [&out](QByteArrayView name, QByteArrayView type, QByteArrayView help, double value) {
            if (value < 0)
                return; // not readable on this system
            out.family(name, type, help);
            out.sample(name, {}, value);
        };
        gauge("relaydesk_process_cpu_seconds_total",
            "counter",
            "User and system CPU time spent, in seconds.",
            process.cpuSeconds);
        gauge("relaydesk_process_resident_memory_bytes",
            "gauge",
            "Resident memory size in bytes.",
            double(process.residentBytes));
        gauge("relaydesk_process_virtual_memory_bytes",
            "gauge",
            "Virtual memory size in bytes.",
            double(process.virtualBytes));
        gauge("relaydesk_process_open_fds", "gauge", "Open file descriptors.", double(process.openFds));
        gauge("relaydesk_process_max_fds", "gauge", "Limit of open file descriptors.", double(process.maxFds));
        gauge("relaydesk_process_start_time_seconds",
            "gauge",
            "Start time of the process since the Unix epoch, in seconds.",
            process.startTimeSeconds);
    }
} // namespace

QByteArray metricsText(Hub &hub, const QList<Session *> &sessions)
{
    PrometheusWriter out;
    const RuntimeVersions versions = runtimeVersions();
    out.family("relaydesk_build_info", "gauge", "Always 1; the labels name the version and the libraries in use.");
    out.sample("relaydesk_build_info",
        { { "version", QCoreApplication::applicationVersion().toUtf8() },
            { "qt_version", versions.qt.toUtf8() },
            { "openssl_version", versions.openssl.toUtf8() } },
        quint64(1));
    const QList<AppFigures> apps = collect(hub, sessions);
    connectionFamilies(out, apps, hub.metrics());
    trafficFamilies(out, apps);
    httpFamilies(out, apps, hub.metrics());
    processFamilies(out);
    out.family("relaydesk_uptime_seconds", "gauge", "Seconds since the relay started.");
    out.sample("relaydesk_uptime_seconds", {}, quint64(hub.uptimeSeconds()));
    if (const BrokerStatus cluster = hub.broker().status(); cluster.clustered) {
        out.family("relaydesk_cluster_redis_up", "gauge", "1 while this node reaches the cluster's Redis.");
        out.sample("relaydesk_cluster_redis_up", {}, quint64(cluster.reachable ? 1 : 0));
        out.family("relaydesk_cluster_messages_dropped_total", "counter",
            "Messages for the other nodes dropped because Redis was unreachable or too slow.");
        out.sample("relaydesk_cluster_messages_dropped_total", {}, cluster.dropped);
        out.family("relaydesk_cluster_messages_received_total", "counter", "Messages received from the other nodes.");
        out.sample("relaydesk_cluster_messages_received_total", {}, cluster.received);
        out.family("relaydesk_cluster_nodes", "gauge", "Nodes this node sees, itself included.");
        out.sample("relaydesk_cluster_nodes", {}, quint64(hub.store().nodes().size()));
    }
    return out.text();
}

} // namespace Relay
