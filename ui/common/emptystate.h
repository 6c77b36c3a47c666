// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

class QAbstractItemView;

namespace Inspector {

/// A centred hint over an item view's viewport, shown while the view's model has no rows.
class EmptyState : public QLabel {
    Q_OBJECT
public:
    EmptyState(QAbstractItemView *view, const QString &text);
    /// Re-reads the model (after setModel) and shows or hides the hint.
    void refresh();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QAbstractItemView *m_view;
};

} // namespace Inspector
