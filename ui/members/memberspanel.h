// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relaysnapshot.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSettings;
class QTimer;
class QTreeView;

namespace Inspector {

class EmptyState;
class MembersModel;

/// The members of the focused presence channel, with the selected member's user_info pretty-printed and the
/// countdown of members whose member_removed webhook is held back.
class MembersPanel : public QWidget {
    Q_OBJECT
public:
    explicit MembersPanel(QWidget *parent = nullptr);

    void setChannel(const QString &appId, const QString &channel, const QString &type);
    void setSnapshot(const Relay::RelaySnapshot &snapshot);
    MembersModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QPlainTextEdit *detail() const { return m_detail; }
    /// "leavingMembers": the focused channel's members whose member_removed webhook is held back, each with the
    /// seconds left ("alice leaving in 3 s"); hidden when there are none. Counts down on its own.
    QLabel *leavingLabel() const { return m_leaving; }

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

private:
    void showCurrent();
    void showLeaving();

    MembersModel *m_model;
    QLabel *m_title;
    QLabel *m_leaving;
    QTimer *m_countdown; ///< runs while a shown member is leaving
    QList<Relay::LeavingMember> m_leavingMembers;
    QString m_appId;
    QString m_channel; ///< the focused presence channel; empty otherwise
    QTreeView *m_view;
    QPlainTextEdit *m_detail;
    EmptyState *m_empty;
};

} // namespace Inspector
