// SPDX-License-Identifier: MIT
#include "connectionspanel.h"

#include "connectionsmodel.h"
#include "emptystate.h"
#include "faultmenu.h"
#include "feedformat.h"
#include "viewsetup.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>

namespace Inspector {

namespace {
    struct Preset {
        int code;
        const char *label;
    };
    // Codes a Pusher client understands: 4000-4099 do not reconnect, 4100-4199 reconnect after a pause,
    // 4200-4299 reconnect at once.
    constexpr Preset presets[] = {
        { 4200, "4200 server going away (client reconnects)" },
        { 4201, "4201 pong timeout (client reconnects)" },
        { 4100, "4100 over capacity (reconnect later)" },
        { 4009, "4009 unauthorized (no reconnect)" },
        { 4000, "4000 generic error (no reconnect)" },
        { 1000, "1000 normal closure" },
        { 1001, "1001 going away" },
        { 1008, "1008 policy violation" },
    };
} // namespace

ConnectionsPanel::ConnectionsPanel(Relay::RelayHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_model(new ConnectionsModel(this))
    , m_view(makeTableView(this))
    , m_totals(new QLabel(this))
    , m_onlyChannel(new QCheckBox(QStringLiteral("Only the selected channel's subscribers"), this))
    , m_preset(new QComboBox(this))
    , m_code(new QSpinBox(this))
    , m_disconnect(new QPushButton(QStringLiteral("Disconnect"), this))
    , m_answer(new QLabel(this))
{
    m_view->setModel(m_model);
    const int widths[] = { 130, 90, 70, 130, 60, 75, 45, 160, 65, 75, 150, 200 };
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_view->setColumnWidth(column, widths[column]);
    new EmptyState(m_view, QStringLiteral("No connections: point a WebSocket client at this relay (see Overview)."));
    m_onlyChannel->setChecked(true);
    for (const Preset &preset : presets)
        m_preset->addItem(QString::fromLatin1(preset.label), preset.code);
    m_code->setRange(1000, 4999);
    m_code->setValue(presets[0].code);
    m_code->setToolTip(QStringLiteral("WebSocket close code to send"));
    m_disconnect->setEnabled(false);
    m_disconnect->setToolTip(QStringLiteral("Close the selected socket with this code (Del in the table)"));
    auto *disconnectAction = new QAction(QStringLiteral("Disconnect"), m_view);
    disconnectAction->setShortcut(QKeySequence::Delete);
    disconnectAction->setShortcutContext(Qt::WidgetShortcut);
    connect(disconnectAction, &QAction::triggered, this, &ConnectionsPanel::disconnectSelected);
    m_view->addAction(disconnectAction);
    auto *eventsAction = new QAction(QStringLiteral("Show this socket's events"), m_view);
    eventsAction->setObjectName(QStringLiteral("showSocketEvents"));
    eventsAction->setShortcut(QKeySequence(Qt::Key_Return));
    eventsAction->setShortcutContext(Qt::WidgetShortcut);
    connect(eventsAction, &QAction::triggered, this, &ConnectionsPanel::showSelectedSocketEvents);
    m_view->addAction(eventsAction);
    connect(m_view, &QAbstractItemView::doubleClicked, this, &ConnectionsPanel::showSelectedSocketEvents);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Fault injection (faultmenu.h): a submenu of the context menu.
    auto *faults = new FaultMenu(
        host, [this] { return selectedSocketId(); }, this);
    m_view->addAction(faults->menuAction());
    connect(faults, &FaultMenu::answered, m_answer, &QLabel::setText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(QStringLiteral("Close code"), this));
    bar->addWidget(m_preset, 1);
    bar->addWidget(m_code);
    bar->addWidget(m_disconnect);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_totals);
    layout->addWidget(m_onlyChannel);
    layout->addWidget(m_view);
    layout->addLayout(bar);
    layout->addWidget(m_answer);

    connect(m_preset, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_code->setValue(m_preset->itemData(index).toInt());
    });
    connect(m_onlyChannel, &QCheckBox::toggled, this, &ConnectionsPanel::updateFilter);
    connect(m_disconnect, &QPushButton::clicked, this, &ConnectionsPanel::disconnectSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_disconnect->setEnabled(m_view->selectionModel()->hasSelection());
    });
    connect(&m_host, &Relay::RelayHost::disconnectAnswered, this, &ConnectionsPanel::onAnswer);
}

void ConnectionsPanel::setSnapshot(std::shared_ptr<const Relay::RelaySnapshot> snapshot)
{
    m_model->setSnapshot(std::move(snapshot));
}

void ConnectionsPanel::setTotals(int localConnections, const Relay::ClusterInfo &cluster)
{
    QString text = FeedFormat::counted(localConnections, "socket", "sockets") + QStringLiteral(" on this relay");
    if (cluster.clustered) {
        int total = 0;
        QStringList perNode;
        for (const Relay::ClusterNodeInfo &node : cluster.nodes) {
            total += node.connections;
            perNode << QStringLiteral("%1 %L2").arg(node.name).arg(node.connections);
        }
        text += QStringLiteral(" (listed below) · cluster: %1 on %2: %3")
                    .arg(FeedFormat::counted(total, "socket", "sockets"),
                        FeedFormat::counted(cluster.nodes.size(), "node", "nodes"),
                        perNode.join(QStringLiteral(", ")));
        if (!cluster.reachable)
            text += QStringLiteral(" (Redis unreachable: as last seen)");
    }
    if (m_totals->text() != text)
        m_totals->setText(text);
}

void ConnectionsPanel::setChannel(const QString &appId, const QString &channel)
{
    m_appId = appId;
    m_channel = channel;
    updateFilter();
}

void ConnectionsPanel::updateFilter()
{
    const bool filtered = m_onlyChannel->isChecked() && !m_channel.isEmpty();
    m_model->setChannelFilter(filtered ? m_appId : QString(), filtered ? m_channel : QString());
}

bool ConnectionsPanel::showSelectedSocketEvents()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->hasSelection())
        return false;
    Q_EMIT socketEventsRequested(m_model->rowAt(current.row()).socketId);
    return true;
}

bool ConnectionsPanel::selectSocket(const QString &socketId)
{
    const int row = m_model->rowOf(socketId);
    if (row < 0)
        return false;
    m_view->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void ConnectionsPanel::setCloseCode(int code)
{
    m_code->setValue(code);
}

QString ConnectionsPanel::selectedSocketId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->rowAt(rows.first().row()).socketId;
}

bool ConnectionsPanel::disconnectSelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return false;
    const QString socketId = m_model->rowAt(rows.first().row()).socketId;
    m_pendingSocket = socketId;
    m_pendingCode = m_code->value();
    m_pendingRequest = m_host.disconnectSocket(socketId, m_pendingCode);
    m_answer->setText(QStringLiteral("closing %1 with %2…").arg(socketId).arg(m_pendingCode));
    // Nothing stays selected: a second Del must not close the next socket unasked.
    m_view->selectionModel()->clear();
    return true;
}

void ConnectionsPanel::onAnswer(const Relay::CommandAnswer &answer)
{
    if (answer.requestId != m_pendingRequest)
        return;
    m_answer->setText(answer.ok() ? QStringLiteral("closed %1 with %2").arg(m_pendingSocket).arg(m_pendingCode)
                                  : QStringLiteral("%1 %2").arg(answer.status).arg(QString::fromUtf8(answer.body)));
}

void ConnectionsPanel::saveSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("connections/onlyChannel"), m_onlyChannel->isChecked());
    settings.setValue(QStringLiteral("connections/closeCode"), m_code->value());
    saveHeader(settings, QStringLiteral("connections/columns"), m_view);
}

void ConnectionsPanel::restoreSettings(const QSettings &settings)
{
    m_onlyChannel->setChecked(settings.value(QStringLiteral("connections/onlyChannel"), true).toBool());
    m_code->setValue(settings.value(QStringLiteral("connections/closeCode"), presets[0].code).toInt());
    restoreHeader(settings, QStringLiteral("connections/columns"), m_view);
}

} // namespace Inspector
