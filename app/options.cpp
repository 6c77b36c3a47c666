// SPDX-License-Identifier: MIT
#include "options.h"

#include "common/versioninfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QProcessEnvironment>

#include <cstdio>
#include <cstring>

using namespace Relay;

bool wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no-gui") == 0 || std::strcmp(argv[i], "--help") == 0
            || std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--version") == 0
            || std::strcmp(argv[i], "-v") == 0)
            return true;
    }
    return false;
}

Result<Options> parseOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Relay Desk: a local Pusher-style realtime relay (HTTP API + WebSocket on one port) with a live inspector."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption noGui(QStringLiteral("no-gui"), QStringLiteral("Run the relay without a window."));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Listen address (RELAY_HOST, default 127.0.0.1)."),
        QStringLiteral("address"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port for HTTP and WebSocket (RELAY_PORT, default 6001; 0 picks a free one)."),
        QStringLiteral("port"));
    const QCommandLineOption appId(QStringLiteral("app-id"), QStringLiteral("Default app id (RELAY_APP_ID, default my-app)."),
        QStringLiteral("id"));
    const QCommandLineOption appKey(QStringLiteral("app-key"), QStringLiteral("Default app key (RELAY_APP_KEY, default my-key)."),
        QStringLiteral("key"));
    const QCommandLineOption appSecret(QStringLiteral("app-secret"),
        QStringLiteral("Default app secret (RELAY_APP_SECRET, default my-secret)."), QStringLiteral("secret"));
    const QCommandLineOption configFile(QStringLiteral("config"),
        QStringLiteral("JSON config file with server settings and one or more apps (RELAY_CONFIG)."), QStringLiteral("file"));
    const QCommandLineOption debug(QStringLiteral("debug"), QStringLiteral("Log every connection, subscription and event to stderr (RELAY_DEBUG)."));
    const QCommandLineOption webhook(QStringLiteral("webhook"),
        QStringLiteral("Send every webhook event of the default app to this URL (repeatable; RELAY_WEBHOOK_URL)."),
        QStringLiteral("url"));
    const QCommandLineOption noMetrics(QStringLiteral("no-metrics"),
        QStringLiteral("Do not serve GET /metrics (config \"metrics\": false)."));
    const QCommandLineOption tls(QStringLiteral("tls"),
        QStringLiteral("Serve https and wss too, with a certificate from a local CA the relay creates (see --tls-dir)."));
    const QCommandLineOption tlsDir(QStringLiteral("tls-dir"),
        QStringLiteral("Where the local CA and certificate live (default: the data directory's tls/)."), QStringLiteral("dir"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"),
        QStringLiteral("Serve this PEM certificate (chain) instead (RELAY_TLS_CERT); needs --tls-key."), QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
        QStringLiteral("The PEM private key of --tls-cert (RELAY_TLS_KEY)."), QStringLiteral("file"));
    const QCommandLineOption tlsOnly(QStringLiteral("tls-only"),
        QStringLiteral("Refuse plain http and ws connections (by default both share the port)."));
    const QCommandLineOption allowedOrigin(QStringLiteral("allowed-origin"),
        QStringLiteral("Also accept browser requests from this origin (repeatable; RELAY_ALLOWED_ORIGINS, comma-separated; "
                       "\"*\" accepts any). Loopback, localhost, *.localhost and *.test are always accepted."),
        QStringLiteral("origin"));
    const QCommandLineOption record(QStringLiteral("record"),
        QStringLiteral("Record publishes, client events and subscriptions of every app to FILE (JSON Lines)."),
        QStringLiteral("file"));
    const QCommandLineOption recordLimit(QStringLiteral("record-limit-mb"),
        QStringLiteral("Stop recording when the file reaches this size (default 100)."), QStringLiteral("mb"));
    const QCommandLineOption replay(QStringLiteral("replay"),
        QStringLiteral("With --no-gui: replay a recording (or an exported event log) into the relay."), QStringLiteral("file"));
    const QCommandLineOption speed(QStringLiteral("speed"),
        QStringLiteral("Replay speed factor (default 1, the recorded timing; 0 as fast as possible)."), QStringLiteral("x"));
    parser.addOptions({ noGui, host, port, appId, appKey, appSecret, configFile, debug, webhook, noMetrics, tls, tlsDir, tlsCert,
        tlsKey, tlsOnly, allowedOrigin, record, recordLimit, replay, speed });

    if (!parser.parse(arguments))
        return Error { ErrorCode::BadRequest, parser.errorText() + QStringLiteral(" (see --help)") };
    Options options;
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version"))) {
        const RuntimeVersions versions = runtimeVersions();
        const QString text = parser.isSet(QStringLiteral("help"))
            ? parser.helpText()
            : QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion()
                + QStringLiteral(" (Qt ") + versions.qt + QStringLiteral(", ") + versions.openssl + QStringLiteral(")\n");
        std::fputs(text.toLocal8Bit().constData(), stdout);
        options.exitNow = true;
        return options;
    }
    options.gui = !parser.isSet(noGui);
    options.recordPath = parser.value(record);
    if (parser.isSet(recordLimit)) {
        bool ok = false;
        const qint64 mb = parser.value(recordLimit).toLongLong(&ok);
        if (!ok || mb < 1 || mb > 1024 * 1024)
            return Error { ErrorCode::BadRequest,
                QStringLiteral("--record-limit-mb %1 is not a size in MB (1-1048576)").arg(parser.value(recordLimit)) };
        options.recordMaxBytes = mb << 20;
    }
    options.replayPath = parser.value(replay);
    if (!options.replayPath.isEmpty() && options.gui)
        return Error { ErrorCode::BadRequest,
            QStringLiteral("--replay runs with --no-gui; in the window use Replay in the toolbar") };
    if (parser.isSet(speed)) {
        bool ok = false;
        options.replaySpeed = parser.value(speed).toDouble(&ok);
        if (!ok || options.replaySpeed < 0 || options.replaySpeed > 1000)
            return Error { ErrorCode::BadRequest,
                QStringLiteral("--speed %1 is not a factor between 0 and 1000").arg(parser.value(speed)) };
    }

    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString configPath
        = parser.isSet(configFile) ? parser.value(configFile) : environment.value(QStringLiteral("RELAY_CONFIG"));
    if (!configPath.isEmpty()) {
        if (Status loaded = applyConfigFile(options.config, configPath); !loaded)
            return loaded.error();
    }
    if (Status applied = applyEnvironment(options.config, environment); !applied)
        return applied.error();

    RelayConfig &config = options.config;
    if (parser.isSet(host))
        config.host = parser.value(host);
    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value > 65535)
            return Error { ErrorCode::BadRequest, QStringLiteral("--port %1 is not a port number").arg(parser.value(port)) };
        config.port = quint16(value);
    }
    if (parser.isSet(appId))
        config.defaultApp().id = parser.value(appId);
    if (parser.isSet(appKey))
        config.defaultApp().key = parser.value(appKey);
    if (parser.isSet(appSecret))
        config.defaultApp().secret = parser.value(appSecret);
    if (parser.isSet(debug))
        config.debug = true;
    for (const QString &url : parser.values(webhook))
        config.defaultApp().webhooks.targets.append(WebhookTarget { url, {}, {}, {}, {} });
    if (parser.isSet(noMetrics))
        config.metrics = false;
    if (parser.isSet(tls))
        config.tls.enabled = true;
    if (parser.isSet(tlsDir)) {
        config.tls.enabled = true;
        config.tls.dir = parser.value(tlsDir);
    }
    if (parser.isSet(tlsCert))
        config.tls.certFile = parser.value(tlsCert);
    if (parser.isSet(tlsKey))
        config.tls.keyFile = parser.value(tlsKey);
    if (parser.isSet(tlsOnly))
        config.tls.only = true;
    if (parser.isSet(allowedOrigin))
        config.allowedOrigins = parser.values(allowedOrigin);
    if (Status valid = config.validate(); !valid)
        return valid.error();
    return options;
}
