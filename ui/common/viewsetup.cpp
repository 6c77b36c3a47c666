// SPDX-License-Identifier: MIT
#include "viewsetup.h"

#include <QHeaderView>
#include <QSettings>
#include <QTreeView>

namespace Inspector {

QTreeView *makeTableView(QWidget *parent)
{
    auto *view = new QTreeView(parent);
    view->setUniformRowHeights(true);
    view->setRootIsDecorated(false);
    view->setItemsExpandable(false);
    view->setAllColumnsShowFocus(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setTextElideMode(Qt::ElideRight);
    view->header()->setStretchLastSection(true);
    view->header()->setSectionResizeMode(QHeaderView::Interactive); // never ResizeToContents: it measures every row
    return view;
}

void saveHeader(QSettings &settings, const QString &key, const QTreeView *view)
{
    settings.setValue(key, view->header()->saveState());
}

void restoreHeader(const QSettings &settings, const QString &key, QTreeView *view)
{
    const QByteArray state = settings.value(key).toByteArray();
    if (!state.isEmpty())
        view->header()->restoreState(state);
}

} // namespace Inspector
