// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QSettings;
class QTreeView;
class QWidget;

namespace Inspector {

/// A flat, fast table: uniform row heights, no tree decoration, whole-row selection, no per-row sizing.
QTreeView *makeTableView(QWidget *parent);
/// Column widths and order of a view's header under `key`.
void saveHeader(QSettings &settings, const QString &key, const QTreeView *view);
void restoreHeader(const QSettings &settings, const QString &key, QTreeView *view);

} // namespace Inspector
