// SPDX-License-Identifier: MIT
#include "report.h"
#include "scenarios.h"
#include "variants.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>

using namespace Report;

QJsonObject compareTls(
    const QString &binary, const QStringList &flags, const QProcessEnvironment &environment, const Plan &plan)
{
    QTemporaryDir dir;
    RelayProcess relay;
    Target target;
    target.name = QStringLiteral("relaydesk --tls");
    target.port = relay.start(binary,
        flags
            + QStringList { QStringLiteral("--no-gui"),
                QStringLiteral("--tls"),
                QStringLiteral("--tls-dir"),
                dir.path() },
        environment);
    target.pid = relay.pid();
    if (target.port == 0)
        return { { QStringLiteral("error"), QStringLiteral("relaydesk --tls did not start") } };
    // Only the relay's CA: Qt loads every CA of the configuration into each socket's context, which made the
    // load generator itself the bottleneck with the whole system store.
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(QSslCertificate::fromPath(dir.filePath(QStringLiteral("ca.crt"))));
    QSslConfiguration::setDefaultConfiguration(trusting);

    QJsonObject result;
    const int size = plan.fanoutSizes.first();
    const auto measure = [&](bool tls, const char *name) {
        target.tls = tls;
        const QJsonObject fanout = Scenarios::fanout(target, size, plan.durationMs, plan.inFlight);
        const QJsonObject connect = Scenarios::idleConnections(target, plan.tlsConnections);
        result.insert(QStringLiteral("%1_fanout").arg(QLatin1String(name)), fanout);
        result.insert(QStringLiteral("%1_connections").arg(QLatin1String(name)), connect);
        for (const QJsonObject &part : { fanout, connect }) {
            if (part.contains(QLatin1String("error")))
                result.insert(QStringLiteral("error"),
                    QStringLiteral("%1: %2").arg(QLatin1String(name), part.value(QLatin1String("error")).toString()));
        }
        return std::pair { number(fanout, "deliveries_per_second"), number(connect, "connections_per_second") };
    };
    const auto [wsFanout, wsConnects] = measure(false, "ws");
    const auto [wssFanout, wssConnects] = measure(true, "wss");
    const double fanoutRatio = wsFanout > 0 ? wssFanout / wsFanout : 0;
    const double connectRatio = wsConnects > 0 ? wssConnects / wsConnects : 0;
    result.insert(QStringLiteral("fanout_ratio"), fanoutRatio);
    result.insert(QStringLiteral("connection_rate_ratio"), connectRatio);
    row(QStringLiteral("wss / ws fan-out, %1 subscribers, same relay").arg(size),
        QStringLiteral("%1 (%2 vs %3 deliveries)").arg(fanoutRatio, 0, 'f', 2).arg(rate(wssFanout), rate(wsFanout)));
    row(QStringLiteral("wss / ws connection rate, %1 connections").arg(plan.tlsConnections),
        QStringLiteral("%1 (%2 vs %3)").arg(connectRatio, 0, 'f', 2).arg(rate(wssConnects), rate(wsConnects)));
    return result;
}
