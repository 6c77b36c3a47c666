// SPDX-License-Identifier: MIT
// relaydesk: the relay with its inspector window, or headless with --no-gui.
#include "debuglog.h"
#include "descriptorlimit.h"
#include "headlesstools.h"
#include "mainwindow.h"
#include "options.h"
#include "relayhost.h"
#include "relayobserver.h"
#include "relayserver.h"
#include "signalwatcher.h"
#include "startupfailuredialog.h"
#include "tls/trustadvice.h"
#include "windowapplication.h"

#include <QApplication>
#include <QIcon>
#include <QLoggingCategory>

#include <cstdio>
#include <memory>

namespace {
int fail(const QString &message)
{
    std::fprintf(stderr, "relaydesk: %s\n", qUtf8Printable(message));
    return 1;
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

/// One line on stderr when SIGINT/SIGTERM cannot be caught: the relay still runs, but stopping it then skips
/// the 4200 close to its clients.
void warnIfUnwatched(const SignalWatcher &watcher)
{
    if (!watcher.isWatching())
        std::fprintf(stderr,
            "relaydesk: warning: %s; SIGINT and SIGTERM will stop the relay without closing its clients\n",
            qUtf8Printable(watcher.errorString()));
}

void announce(const Relay::RelayConfig &config, const QString &address, const Relay::TlsInfo &tls)
{
    const Relay::AppConfig &app = config.apps.first();
    if (!tls.enabled) {
        std::printf("Relay Desk listening on http://%s (WebSocket ws://%s/app/%s, app id %s)\n",
            qUtf8Printable(address),
            qUtf8Printable(address),
            qUtf8Printable(app.key),
            qUtf8Printable(app.id));
    } else if (tls.only) {
        std::printf("Relay Desk listening on https://%s (WebSocket wss://%s/app/%s, app id %s; plain http refused)\n",
            qUtf8Printable(address),
            qUtf8Printable(address),
            qUtf8Printable(app.key),
            qUtf8Printable(app.id));
    } else {
        std::printf(
            "Relay Desk listening on https://%s and http://%s (WebSocket wss:// or ws://%s/app/%s, app id %s)\n",
            qUtf8Printable(address),
            qUtf8Printable(address),
            qUtf8Printable(address),
            qUtf8Printable(app.key),
            qUtf8Printable(app.id));
    }
    std::fputs(qUtf8Printable(Relay::trustAdvice(tls)), stdout);
    std::fflush(stdout);
}

int runHeadless(const Options &options)
{
    const Relay::RelayConfig &config = options.config;
    Relay::RelayServer server(config);
    if (Relay::Status started = server.start(); !started)
        return fail(started.error().message);
    announce(config, server.listenAddress(), server.tlsInfo());
    HeadlessTools tools(server);
    if (config.debug)
        tools.enableDebugLog();
    if (!options.recordPath.isEmpty() && !tools.startRecording(options.recordPath, options.recordMaxBytes))
        return 1;
    if (!options.replayPath.isEmpty() && !tools.startReplay(options.replayPath, options.replaySpeed))
        return 2;
    SignalWatcher signals;
    warnIfUnwatched(signals);
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &server, &Relay::RelayServer::shutdown);
    QObject::connect(&server, &Relay::RelayServer::stopped, QCoreApplication::instance(), &QCoreApplication::quit);
    return QCoreApplication::exec();
}

int runWithWindow(const Options &options)
{
    Relay::RelayConfig config = options.config;
    const std::unique_ptr<Relay::RelayHost> started = Inspector::StartupFailureDialog::startRelay(config);
    if (!started)
        return 1;
    Relay::RelayHost &host = *started;
    announce(config, host.listenAddress(), host.tlsInfo());
    Inspector::MainWindow window(host);
    // The window drains the feed; --debug prints the same batches.
    std::unique_ptr<DebugLog> debugLog;
    if (config.debug) {
        debugLog = std::make_unique<DebugLog>();
        QObject::connect(window.observer(), &Inspector::RelayObserver::eventsArrived, debugLog.get(), &DebugLog::print);
    }
    // --record with the window: the window's batches go to the file as well.
    std::unique_ptr<Relay::Recorder> recorder;
    if (!options.recordPath.isEmpty()) {
        recorder = std::make_unique<Relay::Recorder>(options.recordPath, options.recordMaxBytes);
        if (Relay::Status opened = recorder->open(); !opened)
            return fail(opened.error().message);
        QObject::connect(window.observer(),
            &Inspector::RelayObserver::eventsArrived,
            window.observer(),
            [&recorder](const QList<Relay::FeedEvent> &batch) {
                if (recorder && !recorder->write(batch)) {
                    std::fprintf(stderr, "relaydesk: %s\n", qUtf8Printable(recorder->stopReason()));
                    recorder.reset();
                }
            });
    }
    window.show();
    SignalWatcher signals;
    warnIfUnwatched(signals);
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &host, &Relay::RelayHost::shutdown);
    QObject::connect(&host, &Relay::RelayHost::stopped, QCoreApplication::instance(), &QCoreApplication::quit);
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(qGuiApp, &QGuiApplication::lastWindowClosed, &host, &Relay::RelayHost::shutdown);
    return QApplication::exec();
}
} // namespace

int main(int argc, char **argv)
{
    // The GLib event dispatcher registers and unregisters socket notifiers with linear scans, and every
    // flushed socket toggles its write notifier: a fan-out pass then costs O(sockets^2). Qt's own UNIX
    // dispatcher keeps them in a hash (measured: 5000 subscribers 60k -> 340k deliveries/s).
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    raiseDescriptorLimit();
    const bool headless = wantsHeadless(argc, argv);
    if (!headless && !hasDisplay())
        return fail(QStringLiteral("no display found (DISPLAY is not set); run with --no-gui for the headless relay"));
    std::unique_ptr<QCoreApplication> app;
    if (headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = openWindowApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("relaydesk"));
    QCoreApplication::setOrganizationName(QStringLiteral("RelayDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RELAYDESK_VERSION));

    // QHttpServer warns on every refused upgrade; the relay answers those itself.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.httpserver.warning=false"));
    const Relay::Result<Options> options = parseOptions(QCoreApplication::arguments());
    if (!options)
        return fail(options.error().message);
    if (options->exitNow)
        return options->exitCode;
    if (!options->gui)
        return runHeadless(*options);
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/relaydesk.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("relaydesk")); // Wayland app id: the launcher entry
    return runWithWindow(*options);
}
