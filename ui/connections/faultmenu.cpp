// SPDX-License-Identifier: MIT
#include "faultmenu.h"

#include "relayhost.h"

#include <QInputDialog>

namespace Inspector {

using Relay::ConnectionFault;

FaultMenu::FaultMenu(Relay::RelayHost &host, std::function<QString()> selectedSocket, QWidget *parent)
    : QMenu(QStringLiteral("Inject fault"), parent)
    , m_host(host)
    , m_selectedSocket(std::move(selectedSocket))
{
    setObjectName(QStringLiteral("faultMenu"));
    setToolTipsVisible(true);
    const auto add = [this](const char *name, const QString &text, const QString &tip, ConnectionFault::Kind kind) {
        QAction *action = addAction(text, this, [this, kind] { injectInteractively(kind); });
        action->setObjectName(QLatin1String(name));
        action->setToolTip(tip);
    };
    add("faultDelay",
        QStringLiteral("Delay outgoing frames…"),
        QStringLiteral("Hold every frame for this socket for N ms (0 ends the delay)"),
        ConnectionFault::Kind::Delay);
    add("faultStall",
        QStringLiteral("Stop reading (stall)"),
        QStringLiteral("Neither read from nor write to it: the send budget closes it with 4100"),
        ConnectionFault::Kind::Stall);
    add("faultIgnorePings",
        QStringLiteral("Stop answering pings"),
        QStringLiteral("Leave its pings unanswered, so the client's own timeout fires"),
        ConnectionFault::Kind::IgnorePings);
    add("faultClose",
        QStringLiteral("Close with code…"),
        QStringLiteral("Close it with a WebSocket close code"),
        ConnectionFault::Kind::Close);
    add("faultClear",
        QStringLiteral("Clear faults"),
        QStringLiteral("End the delay, the stall and the ignored pings"),
        ConnectionFault::Kind::Clear);
    addSeparator();
    QAction *restart = addAction(QStringLiteral("Simulate restart (all clients)…"), this, [this] {
        bool ok = false;
        const int seconds = QInputDialog::getInt(this->parentWidget(),
            QStringLiteral("Simulate a restart"),
            QStringLiteral("Close every client with 4200, then refuse new connections (HTTP 503) for seconds:"),
            5,
            0,
            3600,
            1,
            &ok);
        if (ok)
            simulateRestart(seconds);
    });
    restart->setObjectName(QStringLiteral("faultRestart"));
}

void FaultMenu::injectInteractively(ConnectionFault::Kind kind)
{
    const QString socketId = m_selectedSocket();
    if (socketId.isEmpty()) {
        Q_EMIT answered(QStringLiteral("select a connection first"));
        return;
    }
    ConnectionFault fault;
    fault.kind = kind;
    bool ok = true;
    if (kind == ConnectionFault::Kind::Delay)
        fault.delayMs = QInputDialog::getInt(parentWidget(),
            QStringLiteral("Delay outgoing frames"),
            QStringLiteral("Delay for %1 in ms:").arg(socketId),
            1000,
            0,
            600000,
            100,
            &ok);
    else if (kind == ConnectionFault::Kind::Close)
        fault.closeCode = QInputDialog::getInt(parentWidget(),
            QStringLiteral("Close with code"),
            QStringLiteral("Close code for %1:").arg(socketId),
            4200,
            1000,
            4999,
            1,
            &ok);
    if (ok)
        inject(socketId, fault);
}

Relay::Status FaultMenu::inject(const QString &socketId, const ConnectionFault &fault)
{
    Relay::Status status = Relay::Ok {};
    m_host.runInRelayThread([&](Relay::RelayServer &server) { status = server.injectFault(socketId, fault); });
    Q_EMIT answered(status ? QStringLiteral("fault injected into %1 (see the event log)").arg(socketId)
                           : QStringLiteral("fault not injected: %1").arg(status.error().message));
    return status;
}

void FaultMenu::simulateRestart(int seconds)
{
    m_host.runInRelayThread([seconds](Relay::RelayServer &server) { server.simulateRestart(seconds); });
    Q_EMIT answered(
        QStringLiteral("restart simulated: clients closed with 4200, new ones refused for %1 s").arg(seconds));
}

} // namespace Inspector
