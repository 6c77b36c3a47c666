// SPDX-License-Identifier: MIT
#include "channelspanel.h"

#include "channelsmodel.h"
#include "emptystate.h"
#include "feedformat.h"
#include "viewsetup.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Inspector {

namespace {
    constexpr int chipTextWidth = 200; // px; the chip never pushes the filter box out of a narrow panel
}

ChannelsPanel::ChannelsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ChannelsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_view(makeTableView(this))
    , m_chip(new QToolButton(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(ChannelsModel::NameColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(SortRole);
    m_filter->setPlaceholderText(QStringLiteral("Filter channels"));
    m_filter->setClearButtonEnabled(true);
    m_chip->setObjectName(QStringLiteral("channelFocusChip"));
    m_chip->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_chip->hide();
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ChannelsModel::NameColumn, Qt::AscendingOrder);
    m_view->setColumnWidth(ChannelsModel::AppColumn, 70);
    m_view->setColumnWidth(ChannelsModel::NameColumn, 170);
    m_view->setColumnWidth(ChannelsModel::TypeColumn, 70);
    for (int column :
        { int(ChannelsModel::SubscribersColumn), int(ChannelsModel::MembersColumn), int(ChannelsModel::EventsColumn) })
        m_view->setColumnWidth(column, 80);
    m_empty = new EmptyState(m_view, {});
    m_empty->setObjectName(QStringLiteral("channelsEmptyState"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_chip);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        const QScopedValueRollback guard(m_programmatic, true);
        m_proxy->setFilterFixedString(text);
        showFocus();
        updateEmptyState();
    });
    connect(m_chip, &QToolButton::clicked, this, [this] { selectChannel({}, {}); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ChannelsPanel::onCurrentChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ChannelsPanel::onCurrentChanged);
    updateEmptyState();
}

void ChannelsPanel::setSnapshot(const Relay::RelaySnapshot &snapshot)
{
    {
        const QScopedValueRollback guard(m_programmatic, true);
        m_model->setSnapshot(snapshot);
        showFocus();
    }
    updateEmptyState();
}

void ChannelsPanel::updateEmptyState()
{
    if (m_model->rowCount() == 0)
        m_empty->setText(QStringLiteral("No channels yet: subscribe a client or publish an event."));
    else
        m_empty->setText(QStringLiteral("None of the %1 match \"%2\".")
                             .arg(FeedFormat::counted(m_model->rowCount(), "channel", "channels"), m_filter->text()));
    m_empty->refresh();
}

void ChannelsPanel::showFocus()
{
    const QScopedValueRollback guard(m_programmatic, true);
    const int row = m_focusName.isEmpty() ? -1 : m_model->rowOf(m_focusApp, m_focusName);
    const QModelIndex index = row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, 0));
    QItemSelectionModel *selection = m_view->selectionModel();
    if (!index.isValid()) {
        if (selection->hasSelection() || selection->currentIndex().isValid())
            selection->clear();
        return;
    }
    if (selection->currentIndex() != index || !selection->isSelected(index))
        selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ChannelsPanel::selectChannel(const QString &appId, const QString &name)
{
    const int row = name.isEmpty() ? -1 : m_model->rowOf(appId, name);
    QString type = row < 0 ? QString() : m_model->rowAt(row).type;
    if (row < 0 && !name.isEmpty()) // not listed (empty): its prefix tells the type
        type = name.startsWith(QLatin1String("presence-")) ? QStringLiteral("presence")
            : name.startsWith(QLatin1String("private-"))   ? QStringLiteral("private")
                                                           : QStringLiteral("public");
    setFocus(name.isEmpty() ? QString() : appId, name, type);
    showFocus();
    if (const QModelIndex current = m_view->selectionModel()->currentIndex(); current.isValid())
        m_view->scrollTo(current);
}

void ChannelsPanel::onCurrentChanged()
{
    if (m_programmatic)
        return; // the model or the filter moved the selection, not the user
    const QModelIndex current = m_proxy->mapToSource(m_view->selectionModel()->currentIndex());
    if (!current.isValid() || !m_view->selectionModel()->isSelected(m_view->selectionModel()->currentIndex())) {
        setFocus({}, {}, {});
        return;
    }
    const Relay::ChannelInfo &row = m_model->rowAt(current.row());
    setFocus(row.appId, row.name, row.type);
}

void ChannelsPanel::setFocus(const QString &appId, const QString &name, const QString &type)
{
    if (appId == m_focusApp && name == m_focusName)
        return;
    m_focusApp = appId;
    m_focusName = name;
    // Elided in the middle: a long name keeps its prefix (private-, presence-) and its end.
    m_chip->setText(m_chip->fontMetrics().elidedText(name, Qt::ElideMiddle, chipTextWidth) + QStringLiteral("  ✕"));
    m_chip->setToolTip(name.isEmpty()
            ? QString()
            : QStringLiteral("The log, Members, Connections and Publish follow %1; click to let go").arg(name));
    m_chip->setVisible(!name.isEmpty());
    Q_EMIT channelFocused(appId, name, type);
}

void ChannelsPanel::saveSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("channels/filter"), m_filter->text());
    saveHeader(settings, QStringLiteral("channels/header"), m_view);
}

void ChannelsPanel::restoreSettings(const QSettings &settings)
{
    m_filter->setText(settings.value(QStringLiteral("channels/filter")).toString());
    restoreHeader(settings, QStringLiteral("channels/header"), m_view);
}

} // namespace Inspector
