// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relaysnapshot.h"

#include <QWidget>

class QLineEdit;
class QSettings;
class QToolButton;
class QSortFilterProxyModel;
class QTreeView;

namespace Inspector {

class ChannelsModel;
class EmptyState;

/// Every occupied channel with a filter box. Selecting one focuses the other panels on it. The focus changes only
/// when the user selects another channel or removes the focus chip: not when the focused channel empties out
/// (it stays focused, shown in the chip) nor when the filter hides it.
class ChannelsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChannelsPanel(QWidget *parent = nullptr);

    void setSnapshot(const Relay::RelaySnapshot &snapshot);
    ChannelsModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    /// Focuses a channel as if the user had selected it (listed or not); an empty name clears the focus.
    void selectChannel(const QString &appId, const QString &name);
    QString focusedApp() const { return m_focusApp; }
    QString focusedChannel() const { return m_focusName; }
    /// The removable chip that names the focused channel (hidden while none is focused).
    QToolButton *focusChip() const { return m_chip; }

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

Q_SIGNALS:
    /// The selected channel; both empty when nothing is selected.
    void channelFocused(const QString &appId, const QString &channel, const QString &type);

private:
    void onCurrentChanged();
    void setFocus(const QString &appId, const QString &name, const QString &type);
    /// Selects the focused channel's row when it is listed, without emitting channelFocused.
    void showFocus();
    void updateEmptyState();

    ChannelsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTreeView *m_view;
    QToolButton *m_chip;
    EmptyState *m_empty;
    QString m_focusApp;
    QString m_focusName;
    bool m_programmatic = false; ///< selection changes made by the panel itself, not by the user
};

} // namespace Inspector
