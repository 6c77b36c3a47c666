// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relaysnapshot.h"

#include <QHash>
#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;

namespace Relay {
class RelayHost;
}

namespace Inspector {

class ChannelsPanel;
class ConnectionsPanel;
class EventLogPanel;
class MembersPanel;
class OriginRefusalBar;
class OverviewPanel;
class PublishPanel;
class RelayObserver;
class WebhooksPanel;

/// The inspector window: the event log in the centre and six dockable panels around it, fed by one
/// RelayObserver (a batch of events and a snapshot about ten times a second). Layout, sizes and filters are
/// kept in QSettings between runs.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Relay::RelayHost &host, QWidget *parent = nullptr);
    ~MainWindow() override;

    RelayObserver *observer() const { return m_observer; }
    ChannelsPanel *channels() const { return m_channels; }
    MembersPanel *members() const { return m_members; }
    EventLogPanel *log() const { return m_log; }
    PublishPanel *publisher() const { return m_publish; }
    ConnectionsPanel *connections() const { return m_connections; }
    OverviewPanel *overview() const { return m_overview; }
    WebhooksPanel *webhooks() const { return m_webhooks; }
    OriginRefusalBar *originRefusals() const { return m_refusals; }

    void saveSettings() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    /// Saved layouts from another arrangement of the panels are not restored.
    static constexpr int layoutVersion = 2;
    static constexpr qsizetype dockCount = 6;
    QDockWidget *addPanel(QWidget *panel, const QString &title, const QString &name, int number);
    QDockWidget *dockOf(QWidget *panel) const;
    void arrangeDefaultLayout();
    void makeMenus();
    void restoreSettings();
    /// Shows and raises the docks named in RELAYDESK_SHOW_PANELS (comma-separated object names such as
    /// "connections,members"), over the restored layout: for benchmarks and screenshots.
    void raisePanelsFromEnvironment();
    void onSnapshot(const std::shared_ptr<const Relay::RelaySnapshot> &snapshot);
    /// The snapshot parts the visible panels need (nothing is built for hidden ones).
    unsigned wantedParts() const;
    void updateWantedParts();
    void onChannelFocused(const QString &appId, const QString &channel, const QString &type);
    void askCapacity();
    void askBudget();
    void showShortcuts();

    Relay::RelayHost &m_host;
    RelayObserver *m_observer;
    ChannelsPanel *m_channels;
    MembersPanel *m_members;
    EventLogPanel *m_log;
    PublishPanel *m_publish;
    ConnectionsPanel *m_connections;
    OverviewPanel *m_overview;
    WebhooksPanel *m_webhooks;
    OriginRefusalBar *m_refusals;
    QList<QDockWidget *> m_docks;
    QHash<const QWidget *, QDockWidget *> m_dockOf; ///< panel -> its dock
    QLabel *m_status;
    QByteArray m_defaultState;
    // The snapshot lists the panels last looked at (RelaySnapshot's serials); 0 makes them look again.
    quint64 m_shownChannels = 0;
    quint64 m_shownMembers = 0;
    quint64 m_shownConnections = 0;
    QHash<const QDockWidget *, bool> m_dockShown; ///< from visibilityChanged
};

} // namespace Inspector
