// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relaysnapshot.h"

#include <QWidget>

class QLineEdit;
class QSettings;
class QSortFilterProxyModel;
class QTreeView;

namespace Inspector {

class ChannelsModel;

/// Every occupied channel with a filter box. Selecting one focuses the other panels on it.
class ChannelsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChannelsPanel(QWidget *parent = nullptr);

    void setSnapshot(const Relay::RelaySnapshot &snapshot);
    ChannelsModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    /// Selects a channel (if listed); an empty name clears the selection.
    void selectChannel(const QString &appId, const QString &name);

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

Q_SIGNALS:
    /// The selected channel; both empty when nothing is selected.
    void channelFocused(const QString &appId, const QString &channel, const QString &type);

private:
    void onCurrentChanged();

    ChannelsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTreeView *m_view;
    QString m_focusApp;
    QString m_focusName;
};

} // namespace Inspector
