// SPDX-License-Identifier: MIT
#pragma once

#include <QBasicTimer>
#include <QMainWindow>

class QLabel;
class QPlainTextEdit;

namespace Relay {
class RelayHost;
}

namespace Inspector {

/// The inspector window. Reads the relay only through its feed, in batches about ten times a second.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Relay::RelayHost &host, QWidget *parent = nullptr);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    Relay::RelayHost &m_host;
    QPlainTextEdit *m_log;
    QLabel *m_status;
    QBasicTimer m_refresh;
    quint64 m_events = 0;
};

} // namespace Inspector
