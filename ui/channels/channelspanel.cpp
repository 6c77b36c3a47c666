// SPDX-License-Identifier: MIT
#include "channelspanel.h"

#include "channelsmodel.h"
#include "emptystate.h"
#include "viewsetup.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Inspector {

ChannelsPanel::ChannelsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ChannelsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_view(makeTableView(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(ChannelsModel::NameColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(SortRole);
    m_filter->setPlaceholderText(QStringLiteral("Filter channels"));
    m_filter->setClearButtonEnabled(true);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ChannelsModel::NameColumn, Qt::AscendingOrder);
    m_view->setColumnWidth(ChannelsModel::AppColumn, 70);
    m_view->setColumnWidth(ChannelsModel::NameColumn, 170);
    m_view->setColumnWidth(ChannelsModel::TypeColumn, 70);
    for (int column :
        { int(ChannelsModel::SubscribersColumn), int(ChannelsModel::MembersColumn), int(ChannelsModel::EventsColumn) })
        m_view->setColumnWidth(column, 80);
    new EmptyState(m_view, QStringLiteral("No channels yet: subscribe a client or publish an event."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filter);
    layout->addWidget(m_view);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ChannelsPanel::onCurrentChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ChannelsPanel::onCurrentChanged);
}

void ChannelsPanel::setSnapshot(const Relay::RelaySnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
    // A focused channel that emptied out has left the table: the other panels let go of it too.
    if (!m_focusName.isEmpty() && m_model->rowOf(m_focusApp, m_focusName) < 0)
        onCurrentChanged();
}

void ChannelsPanel::selectChannel(const QString &appId, const QString &name)
{
    const int row = name.isEmpty() ? -1 : m_model->rowOf(appId, name);
    const QModelIndex index = row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        m_view->selectionModel()->clear();
        onCurrentChanged();
        return;
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void ChannelsPanel::onCurrentChanged()
{
    const QModelIndex current = m_proxy->mapToSource(m_view->selectionModel()->currentIndex());
    QString app;
    QString name;
    QString type;
    if (current.isValid() && m_view->selectionModel()->isSelected(m_view->selectionModel()->currentIndex())) {
        const Relay::ChannelInfo &row = m_model->rowAt(current.row());
        app = row.appId;
        name = row.name;
        type = row.type;
    }
    if (app == m_focusApp && name == m_focusName)
        return;
    m_focusApp = app;
    m_focusName = name;
    Q_EMIT channelFocused(app, name, type);
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
