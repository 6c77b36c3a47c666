// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relaysnapshot.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSettings;
class QTreeView;

namespace Inspector {

class EmptyState;
class MembersModel;

/// The members of the focused presence channel, with the selected member's user_info pretty-printed.
class MembersPanel : public QWidget {
    Q_OBJECT
public:
    explicit MembersPanel(QWidget *parent = nullptr);

    void setChannel(const QString &appId, const QString &channel, const QString &type);
    void setSnapshot(const Relay::RelaySnapshot &snapshot);
    MembersModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QPlainTextEdit *detail() const { return m_detail; }

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

private:
    void showCurrent();

    MembersModel *m_model;
    QLabel *m_title;
    QTreeView *m_view;
    QPlainTextEdit *m_detail;
    EmptyState *m_empty;
};

} // namespace Inspector
