// SPDX-License-Identifier: MIT
#pragma once

#include "relayhost.h"

#include <QDialog>

#include <memory>

class QSpinBox;

namespace Inspector {

/// Explains why the relay could not start (the same line that went to stderr). When the port was the
/// problem, it suggests a free port on the same host; accepting means "start again on port()".
class StartupFailureDialog : public QDialog {
    Q_OBJECT
public:
    StartupFailureDialog(
        const QString &message, const QString &host, quint16 failedPort, bool portProblem, QWidget *parent = nullptr);
    quint16 port() const;

    /// Starts a relay for the window. A failure goes to stderr and to this dialog (launched from the desktop,
    /// the user sees no terminal); when the port was taken and the user picks another, it tries again and
    /// updates `config.port`. Null when the user gave up.
    static std::unique_ptr<Relay::RelayHost> startRelay(Relay::RelayConfig &config);

    /// A port near `after` that nothing listens on at `host` now (0 when none of the next 100 is free).
    static quint16 freePortAfter(const QString &host, quint16 after);

private:
    QSpinBox *m_port = nullptr;
};

} // namespace Inspector
