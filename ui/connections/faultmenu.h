// SPDX-License-Identifier: MIT
#pragma once

#include "relayserver.h"

#include <QMenu>

#include <functional>

namespace Relay {
class RelayHost;
}

namespace Inspector {

/// "Inject fault" for the Connections panel's context menu: per selected socket, delay its outgoing frames,
/// stall it, stop answering its pings, close it with a code, or clear its faults; server-wide, simulate a
/// restart. Each runs RelayServer::injectFault / simulateRestart in the relay's thread; answered() carries a
/// line for the panel. Actions are found by objectName (faultDelay, faultStall, faultIgnorePings,
/// faultClose, faultClear, faultRestart).
class FaultMenu : public QMenu {
    Q_OBJECT
public:
    FaultMenu(Relay::RelayHost &host, std::function<QString()> selectedSocket, QWidget *parent = nullptr);

    /// Applies `fault` to `socketId` now; the answer also goes to answered().
    Relay::Status inject(const QString &socketId, const Relay::ConnectionFault &fault);
    /// Closes every client with 4200 and refuses new ones for `seconds`.
    void simulateRestart(int seconds);

Q_SIGNALS:
    void answered(const QString &message);

private:
    /// Asks for what the fault needs (a delay, a code) and injects it into the selected socket.
    void injectInteractively(Relay::ConnectionFault::Kind kind);

    Relay::RelayHost &m_host;
    std::function<QString()> m_selectedSocket;
};

} // namespace Inspector
