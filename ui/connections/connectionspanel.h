// SPDX-License-Identifier: MIT
#pragma once

#include "relayhost.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSettings;
class QSpinBox;
class QTreeView;

namespace Inspector {

class ConnectionsModel;

/// Every open socket; disconnects the selected one with a chosen close code.
class ConnectionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionsPanel(Relay::RelayHost &host, QWidget *parent = nullptr);

    void setSnapshot(std::shared_ptr<const Relay::RelaySnapshot> snapshot);
    /// The line above the table: this node's open sockets and, on a node of several, the cluster's.
    void setTotals(int localConnections, const Relay::ClusterInfo &cluster);
    /// With "only the selected channel" on, lists only that channel's subscribers.
    void setChannel(const QString &appId, const QString &channel);
    /// Selects a socket by id; false when it is not listed.
    bool selectSocket(const QString &socketId);
    void setCloseCode(int code);
    /// Disconnects the selected socket with the chosen code; false when nothing is selected.
    bool disconnectSelected();
    /// Asks the window to filter the log to the selected socket (socketEventsRequested); false without one.
    bool showSelectedSocketEvents();
    /// The selected socket's id; empty when nothing is selected.
    QString selectedSocketId() const;

Q_SIGNALS:
    void socketEventsRequested(const QString &socketId);

public:
    ConnectionsModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QLabel *answerLabel() const { return m_answer; }
    QLabel *totalsLabel() const { return m_totals; }
    QPushButton *disconnectButton() const { return m_disconnect; }

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

private:
    void onAnswer(const Relay::CommandAnswer &answer);
    void updateFilter();

    Relay::RelayHost &m_host;
    ConnectionsModel *m_model;
    QTreeView *m_view;
    QLabel *m_totals;
    QCheckBox *m_onlyChannel;
    QComboBox *m_preset;
    QSpinBox *m_code;
    QPushButton *m_disconnect;
    QLabel *m_answer;
    QString m_appId;
    QString m_channel;
    quint64 m_pendingRequest = 0;
    QString m_pendingSocket;
    int m_pendingCode = 0;
};

} // namespace Inspector
