// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "channelspanel.h"
#include "connectionspanel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "feedformat.h"
#include "memberspanel.h"
#include "originrefusalbar.h"
#include "overviewpanel.h"
#include "publishpanel.h"
#include "recordreplaybar.h"
#include "relayhost.h"
#include "relayobserver.h"
#include "webhookspanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

namespace Inspector {

MainWindow::MainWindow(Relay::RelayHost &host, QWidget *parent)
    : QMainWindow(parent)
    , m_host(host)
    , m_observer(new RelayObserver(host, 100, this))
    , m_channels(new ChannelsPanel(this))
    , m_members(new MembersPanel(this))
    , m_log(new EventLogPanel(this))
    , m_publish(new PublishPanel(host, this))
    , m_connections(new ConnectionsPanel(host, this))
    , m_overview(new OverviewPanel(host.config(), host.port(), host.tlsInfo(), this))
    , m_webhooks(new WebhooksPanel(host, this))
    , m_refusals(new OriginRefusalBar(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Relay Desk — %1").arg(host.listenAddress()));
    setObjectName(QStringLiteral("RelayDeskMainWindow"));
    setDockNestingEnabled(true);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    QHash<QString, QString> secrets;
    for (const Relay::AppConfig &app : host.config().apps)
        secrets.insert(app.id, app.secret);
    const QString scheme = host.tlsInfo().enabled ? QStringLiteral("https") : QStringLiteral("http");
    m_log->setPublishTarget(
        QStringLiteral("%1://%2:%3").arg(scheme, host.config().dialHost()).arg(host.port()), secrets);
    m_log->setBudgetBytes(qsizetype(host.config().inspectorMemoryMb) << 20);

    // The log is the central widget: a bigger window gives its space to the log, never to the panels around it.
    // Refused browser origins show in a bar above it.
    auto *logBox = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->setSpacing(0);
    logLayout->addWidget(m_refusals);
    logLayout->addWidget(m_log, 1);
    setCentralWidget(logBox);
    addPanel(m_overview, QStringLiteral("Overview"), QStringLiteral("overview"), 1);
    addPanel(m_channels, QStringLiteral("Channels"), QStringLiteral("channels"), 2);
    addPanel(m_members, QStringLiteral("Presence members"), QStringLiteral("members"), 3);
    addPanel(m_publish, QStringLiteral("Publish"), QStringLiteral("publish"), 4);
    addPanel(m_connections, QStringLiteral("Connections"), QStringLiteral("connections"), 5);
    addPanel(m_webhooks, QStringLiteral("Webhooks"), QStringLiteral("webhooks"), 6);
    arrangeDefaultLayout();
    makeMenus();
    addToolBar(Qt::TopToolBarArea, new RecordReplayBar(host, *m_observer, this)); // recordreplaybar.h
    m_status->setObjectName(QStringLiteral("statusText"));
    statusBar()->addWidget(m_status, 1);
    m_status->setText(QStringLiteral("Listening on %1").arg(host.listenAddress()));

    connect(m_observer, &RelayObserver::eventsArrived, m_log, [this](const QList<Relay::FeedEvent> &batch) {
        m_log->appendEvents(batch);
        m_log->setFeedDropped(m_host.feed().dropped());
    });
    connect(m_observer, &RelayObserver::eventsArrived, m_webhooks, &WebhooksPanel::appendEvents);
    connect(m_log, &EventLogPanel::notice, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_observer, &RelayObserver::eventsArrived, m_refusals, &OriginRefusalBar::noteEvents);
    connect(m_refusals, &OriginRefusalBar::allowRequested, this, [this](const QString &entry) {
        Relay::Status status = Relay::Ok {};
        m_host.runInRelayThread([&](Relay::RelayServer &server) { status = server.allowOrigin(entry); });
        m_refusals->showAnswer(entry, status);
    });
    connect(m_observer, &RelayObserver::snapshotArrived, this, &MainWindow::onSnapshot);
    connect(m_channels, &ChannelsPanel::channelFocused, this, &MainWindow::onChannelFocused);
    connect(m_connections, &ConnectionsPanel::socketEventsRequested, m_log, &EventLogPanel::setSocketFilter);
    connect(m_log, &EventLogPanel::loadIntoPublishRequested, this, [this](const Relay::FeedEvent &event) {
        m_publish->load(event);
        dockOf(m_publish)->show();
        dockOf(m_publish)->raise();
    });
    resize(1500, 920);
    m_defaultState = saveState(layoutVersion);
    restoreSettings();
    raisePanelsFromEnvironment();
}

MainWindow::~MainWindow()
{
    for (QDockWidget *dock : std::as_const(m_docks))
        disconnect(dock, nullptr, this, nullptr); // docks hide while the window goes
}

QDockWidget *MainWindow::addPanel(QWidget *panel, const QString &title, const QString &name, int number)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    // A panel taller or wider than its dock scrolls instead of setting the window's minimum size.
    auto *scroller = new QScrollArea(dock);
    scroller->setFrameShape(QFrame::NoFrame);
    scroller->setWidgetResizable(true);
    scroller->setWidget(panel);
    dock->setWidget(scroller);
    m_dockOf.insert(panel, dock);
    dock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + number)));
    m_docks.append(dock);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(dock, &QDockWidget::visibilityChanged, this, [this, dock](bool visible) {
        // A dock behind another's tab stays "visible" to isVisible(); this signal tells the truth.
        m_dockShown[dock] = visible;
        if (m_docks.size() == dockCount) // wantedParts() reads the Members and Connections docks
            updateWantedParts();
    });
    return dock;
}

QDockWidget *MainWindow::dockOf(QWidget *panel) const
{
    return m_dockOf.value(panel);
}

void MainWindow::arrangeDefaultLayout()
{
    QDockWidget *overview = dockOf(m_overview);
    QDockWidget *channels = dockOf(m_channels);
    QDockWidget *members = dockOf(m_members);
    QDockWidget *publish = dockOf(m_publish);
    QDockWidget *connections = dockOf(m_connections);
    QDockWidget *webhooks = dockOf(m_webhooks);
    for (QDockWidget *dock : std::as_const(m_docks))
        removeDockWidget(dock);
    // The left column runs the full height; Publish and its tabs sit under the log only.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, overview);
    addDockWidget(Qt::BottomDockWidgetArea, publish);
    splitDockWidget(overview, channels, Qt::Vertical);
    splitDockWidget(channels, members, Qt::Vertical);
    tabifyDockWidget(publish, connections);
    tabifyDockWidget(publish, webhooks);
    publish->raise();
    for (QDockWidget *dock : std::as_const(m_docks))
        dock->show();
    resizeDocks({ overview }, { 480 }, Qt::Horizontal);
    resizeDocks({ overview, channels, members }, { 380, 260, 200 }, Qt::Vertical);
    resizeDocks({ publish }, { 300 }, Qt::Vertical);
}

void MainWindow::makeMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(m_log->exportAction());
    file->addSeparator();
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *log = menuBar()->addMenu(QStringLiteral("&Log"));
    QAction *find = log->addAction(QStringLiteral("Filter…"), this, [this] {
        m_log->filterEdit()->setFocus();
        m_log->filterEdit()->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    log->addActions({ m_log->pauseAction(), m_log->followAction(), m_log->clearAction() });
    log->addSeparator();
    log->addActions({ m_log->copyJsonAction(), m_log->copyCurlAction(), m_log->loadIntoPublishAction() });
    log->addSeparator();
    log->addAction(QStringLiteral("Ring buffer size…"), this, &MainWindow::askCapacity);
    log->addAction(QStringLiteral("Memory budget…"), this, &MainWindow::askBudget);
    addActions(log->actions());

    QMenu *publish = menuBar()->addMenu(QStringLiteral("&Publish"));
    QAction *compose = publish->addAction(QStringLiteral("Compose event"), this, [this] {
        dockOf(m_publish)->show();
        dockOf(m_publish)->raise();
        m_publish->channelEdit()->setFocus();
    });
    compose->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    QAction *format = publish->addAction(QStringLiteral("Format JSON"), m_publish, &PublishPanel::formatData);
    format->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    for (QDockWidget *dock : std::as_const(m_docks))
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    view->addAction(QStringLiteral("Reset layout"), this, [this] { restoreState(m_defaultState, layoutVersion); });
    addActions(view->actions());

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("Keyboard shortcuts"), this, &MainWindow::showShortcuts)
        ->setShortcut(QKeySequence::HelpContents);
    help->addAction(QStringLiteral("About Relay Desk"), this, [this] {
        QMessageBox::about(this,
            QStringLiteral("About Relay Desk"),
            QStringLiteral("<b>Relay Desk %1</b><p>A local Pusher-style realtime relay with a live inspector.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::showShortcuts()
{
    QMessageBox::information(this,
        QStringLiteral("Keyboard shortcuts"),
        QStringLiteral("<table cellspacing=4>"
                       "<tr><td>Ctrl+F</td><td>filter the event log</td></tr>"
                       "<tr><td>Ctrl+P</td><td>pause / resume the log</td></tr>"
                       "<tr><td>Ctrl+End</td><td>jump to the newest event and follow</td></tr>"
                       "<tr><td>Ctrl+L</td><td>clear the log</td></tr>"
                       "<tr><td>Ctrl+Shift+C / U</td><td>copy the selected event as JSON / as curl</td></tr>"
                       "<tr><td>Ctrl+E</td><td>export the shown events to JSON Lines</td></tr>"
                       "<tr><td>Ctrl+Shift+L</td><td>load the selected event into Publish</td></tr>"
                       "<tr><td>Ctrl+Shift+P</td><td>compose an event to publish</td></tr>"
                       "<tr><td>Ctrl+Enter</td><td>send (in Publish)</td></tr>"
                       "<tr><td>Ctrl+Shift+F</td><td>format the JSON data</td></tr>"
                       "<tr><td>Del</td><td>disconnect the selected socket (in Connections)</td></tr>"
                       "<tr><td>Ctrl+1 … Ctrl+6</td><td>show or hide a panel around the log</td></tr>"
                       "<tr><td>Ctrl+Q</td><td>quit (clients get 4200)</td></tr></table>"));
}

void MainWindow::askCapacity()
{
    bool ok = false;
    const int capacity = QInputDialog::getInt(this,
        QStringLiteral("Event log size"),
        QStringLiteral("Events kept in the log (the oldest are dropped):"),
        int(m_log->capacity()),
        int(EventLogModel::minimumCapacity),
        10000000,
        10000,
        &ok);
    if (ok)
        m_log->setCapacity(capacity);
}

void MainWindow::askBudget()
{
    bool ok = false;
    const int megabytes = QInputDialog::getInt(this,
        QStringLiteral("Event log memory"),
        QStringLiteral("Memory the log's events may hold, in MB (the oldest are dropped past it;\n"
                       "inspector_memory_mb in the config file sets the default):"),
        int(m_log->budgetBytes() >> 20),
        int(EventLogModel::minimumBudgetBytes >> 20),
        64 * 1024,
        16,
        &ok);
    if (ok)
        m_log->setBudgetBytes(qsizetype(megabytes) << 20);
}

unsigned MainWindow::wantedParts() const
{
    // A dock behind another's tab or closed is not shown.
    unsigned parts = Relay::NoParts;
    if (m_dockShown.value(dockOf(m_members), true))
        parts |= Relay::MembersPart;
    if (m_dockShown.value(dockOf(m_connections), true))
        parts |= Relay::ConnectionsPart;
    return parts;
}

void MainWindow::updateWantedParts()
{
    m_host.setSnapshotParts(wantedParts());
    // A panel that just came into view gets the latest lists at once (the relay sends its part with the next one).
    m_shownChannels = m_shownMembers = m_shownConnections = 0;
    onSnapshot(m_observer->snapshot());
}

namespace {
    /// " · cluster: N connections on M nodes" while this relay is one node of several; empty otherwise.
    QString clusterTotals(const Relay::ClusterInfo &cluster)
    {
        if (!cluster.clustered)
            return {};
        int connections = 0;
        for (const Relay::ClusterNodeInfo &node : cluster.nodes)
            connections += node.connections;
        return QStringLiteral(" · cluster: %1 on %2%3")
            .arg(FeedFormat::counted(connections, "connection", "connections"),
                FeedFormat::counted(cluster.nodes.size(), "node", "nodes"),
                cluster.reachable ? QString() : QStringLiteral(" (Redis unreachable)"));
    }
} // namespace

void MainWindow::onSnapshot(const std::shared_ptr<const Relay::RelaySnapshot> &snapshot)
{
    m_overview->setSnapshot(*snapshot);
    const QString status
        = QStringLiteral("Listening on %1 · %2 · %3 · %L4 events published")
              .arg(m_host.listenAddress(),
                  snapshot->counters.connections == 1
                      ? QStringLiteral("1 connection")
                      : QStringLiteral("%L1 connections").arg(snapshot->counters.connections),
                  snapshot->counters.channels == 1 ? QStringLiteral("1 channel")
                                                   : QStringLiteral("%L1 channels").arg(snapshot->counters.channels))
              .arg(snapshot->counters.eventsPublished)
        + clusterTotals(snapshot->cluster);
    if (m_status->text() != status)
        m_status->setText(status);
    m_connections->setTotals(int(snapshot->counters.connections), snapshot->cluster);
    // Each list reaches the panels only when the relay built it anew: a publish rebuilds the channels alone.
    if (snapshot->membersSerial != m_shownMembers && (snapshot->parts & Relay::MembersPart)) {
        m_shownMembers = snapshot->membersSerial;
        m_members->setSnapshot(*snapshot);
    }
    if (snapshot->connectionsSerial != m_shownConnections && (snapshot->parts & Relay::ConnectionsPart)) {
        m_shownConnections = snapshot->connectionsSerial;
        m_connections->setSnapshot(snapshot);
    }
    if (snapshot->channelsSerial == m_shownChannels)
        return;
    m_shownChannels = snapshot->channelsSerial;
    m_channels->setSnapshot(*snapshot);
    m_publish->setSnapshot(snapshot);
    QStringList names;
    for (const Relay::ChannelInfo &channel : snapshot->channels)
        names.append(channel.name);
    names.removeDuplicates();
    m_log->setChannelNames(names);
}

void MainWindow::onChannelFocused(const QString &appId, const QString &channel, const QString &type)
{
    m_members->setChannel(appId, channel, type);
    m_members->setSnapshot(*m_observer->snapshot());
    m_log->setChannelFilter(appId, channel);
    m_connections->setChannel(appId, channel);
    m_publish->setChannel(appId, channel);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(layoutVersion));
    m_channels->saveSettings(settings);
    m_members->saveSettings(settings);
    m_log->saveSettings(settings);
    m_publish->saveSettings(settings);
    m_connections->saveSettings(settings);
    m_webhooks->saveSettings(settings);
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), layoutVersion);
    m_channels->restoreSettings(settings);
    m_members->restoreSettings(settings);
    m_log->restoreSettings(settings);
    m_publish->restoreSettings(settings);
    m_connections->restoreSettings(settings);
    m_webhooks->restoreSettings(settings);
}

void MainWindow::raisePanelsFromEnvironment()
{
    const QStringList names = qEnvironmentVariable("RELAYDESK_SHOW_PANELS").split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &name : names) {
        for (QDockWidget *dock : std::as_const(m_docks)) {
            if (dock->objectName() == name.trimmed()) {
                dock->show();
                dock->raise();
            }
        }
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace Inspector
