// SPDX-License-Identifier: MIT
#include "windowapplication.h"

#include <QList>
#include <QPair>
#include <QString>

#include <cstdio>
#include <cstdlib>

namespace {
/// Qt's messages while the application is created ("could not connect to display :99"): held back so that a
/// failure prints one line (the first message is its reason), passed on unchanged when the window opens.
QList<QPair<QtMsgType, QString>> g_heldMessages;

QString displayName()
{
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return QStringLiteral("platform %1").arg(qEnvironmentVariable("QT_QPA_PLATFORM"));
    if (!qEnvironmentVariableIsEmpty("DISPLAY"))
        return QStringLiteral("display %1").arg(qEnvironmentVariable("DISPLAY"));
    return QStringLiteral("Wayland display %1").arg(qEnvironmentVariable("WAYLAND_DISPLAY"));
}

void platformMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    Q_UNUSED(context)
    if (type != QtFatalMsg) {
        g_heldMessages.append({ type, message });
        return;
    }
    const QString reason = g_heldMessages.isEmpty()
        ? QStringLiteral("no Qt platform plugin could open it")
        : g_heldMessages.first().second.trimmed().section(QLatin1Char('\n'), 0, 0);
    std::fprintf(stderr,
        "relaydesk: cannot open the window on the %s (%s); run with --no-gui for the headless relay\n",
        qUtf8Printable(displayName()),
        qUtf8Printable(reason));
    std::fflush(stderr);
    // Inside QApplication's constructor: nothing of the application is usable, so leave without destructors.
    std::_Exit(1);
}
} // namespace

std::unique_ptr<QApplication> openWindowApplication(int &argc, char **argv)
{
    const QtMessageHandler previous = qInstallMessageHandler(platformMessageHandler);
    auto application = std::make_unique<QApplication>(argc, argv);
    qInstallMessageHandler(previous);
    for (const auto &[type, message] : std::as_const(g_heldMessages))
        qt_message_output(type, QMessageLogContext(), message);
    g_heldMessages.clear();
    return application;
}
