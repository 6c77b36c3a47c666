// SPDX-License-Identifier: MIT
#include "emptystate.h"

#include <QAbstractItemView>
#include <QEvent>

namespace Inspector {

EmptyState::EmptyState(QAbstractItemView *view, const QString &text)
    : QLabel(text, view->viewport())
    , m_view(view)
{
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setEnabled(false); // drawn in the palette's disabled text colour
    setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
    QAbstractItemModel *model = view->model();
    connect(model, &QAbstractItemModel::rowsInserted, this, &EmptyState::refresh);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &EmptyState::refresh);
    connect(model, &QAbstractItemModel::modelReset, this, &EmptyState::refresh);
    connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyState::refresh);
    refresh();
}

void EmptyState::refresh()
{
    setGeometry(m_view->viewport()->rect().adjusted(12, 12, -12, -12));
    setVisible(m_view->model()->rowCount() == 0);
}

bool EmptyState::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        setGeometry(m_view->viewport()->rect().adjusted(12, 12, -12, -12));
    return QLabel::eventFilter(watched, event);
}

} // namespace Inspector
