// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relayfeed.h"

#include <QBasicTimer>
#include <QHash>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QToolButton;
class QTreeView;

namespace Inspector {

class EmptyState;
class EventLogModel;
class LogFilterProxy;

/// Everything that passes through the relay, live: a filtered ring-buffer table that follows the tail until
/// the user scrolls up ("+N new" then counts what arrived below), pause/resume, clear, a detail pane that
/// formats only the selected event, copy as JSON or curl, and export to JSON Lines.
class EventLogPanel : public QWidget {
    Q_OBJECT
public:
    explicit EventLogPanel(QWidget *parent = nullptr);

    /// Where curl commands post to, and each app's secret for their Authorization header.
    void setPublishTarget(const QString &baseUrl, const QHash<QString, QString> &secretByApp);
    void appendEvents(const QList<Relay::FeedEvent> &batch);
    /// Shows only one socket's events (from the Connections panel); empty shows all.
    void setSocketFilter(const QString &socketId);
    /// Shows only one channel's events (from the Channels panel); empty shows all.
    void setChannelFilter(const QString &appId, const QString &channel);
    void setChannelNames(const QStringList &names);
    void setCapacity(qsizetype capacity);
    qsizetype capacity() const;
    /// The memory the log may hold (the oldest rows are dropped past it).
    void setBudgetBytes(qsizetype bytes);
    qsizetype budgetBytes() const;
    /// Events the relay's feed dropped before they reached the window (its own memory budget), shown in the status.
    void setFeedDropped(quint64 count);
    /// Clears the text, channel and kind filters.
    void clearFilters();
    /// A readable list of the active filters; empty when none is.
    QString filterDescription() const;

    bool isFollowing() const { return m_following; }
    bool isPaused() const { return m_paused; }
    int newCount() const { return m_newCount; }
    /// Writes the shown (filtered) events, one JSON object per line; false if the file cannot be written.
    bool exportTo(const QString &path) const;
    /// exportTo, then a notice saying how many events went where (or that the file could not be written).
    bool exportWithNotice(const QString &path);
    /// The selected event's curl command (empty when none is selected or it is not a publish).
    QString currentCurl() const;
    QString currentJson() const;

    EventLogModel *model() const { return m_model; }
    LogFilterProxy *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    QPlainTextEdit *detail() const { return m_detail; }
    QLineEdit *filterEdit() const { return m_filter; }
    QToolButton *regexButton() const { return m_regex; }
    QComboBox *channelBox() const { return m_channel; }
    QPushButton *newBadge() const { return m_badge; }
    QToolButton *kindsButton() const { return m_kinds; }
    QLabel *emptyStateLabel() const;
    QLabel *statusLabel() const { return m_status; }
    QAction *pauseAction() const { return m_pause; }
    QAction *followAction() const { return m_follow; }
    QAction *clearAction() const { return m_clear; }
    QAction *copyJsonAction() const { return m_copyJson; }
    QAction *copyCurlAction() const { return m_copyCurl; }
    QAction *loadIntoPublishAction() const { return m_loadIntoPublish; }
    QAction *exportAction() const { return m_export; }
    QAction *kindAction(Relay::FeedEvent::Kind kind) const;

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

Q_SIGNALS:
    /// A short confirmation for the window's status bar ("Copied …", "Exported …").
    void notice(const QString &text);
    /// The user asked to put this row into the Publish form.
    void loadIntoPublishRequested(const Relay::FeedEvent &event);

public Q_SLOTS:
    void setPaused(bool paused);
    /// Jumps to the newest event and follows the tail again.
    void follow();
    void clear();

protected:
    void timerEvent(QTimerEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *makeFilterBar();
    void makeActions();
    /// Runs a filter change; the tail is followed afterwards if it was before.
    void refilter(const std::function<void()> &change);
    void applyTextFilter();
    void copyToClipboard(const QString &text, const QString &what);
    void onRowsInserted(int count);
    void onScrolled();
    void keepReadingPosition(int first, int last);
    void showCurrent();
    void updateStatus();
    void placeBadge();
    void exportInteractively();
    void updateKindsButton();

    EventLogModel *m_model;
    LogFilterProxy *m_proxy;
    QTreeView *m_view;
    QPlainTextEdit *m_detail;
    QLineEdit *m_filter;
    QToolButton *m_regex;
    QComboBox *m_channel;
    QToolButton *m_kinds;
    QPushButton *m_badge;
    QLabel *m_status;
    QAction *m_pause = nullptr;
    QAction *m_follow = nullptr;
    QAction *m_clear = nullptr;
    QAction *m_copyJson = nullptr;
    QAction *m_copyCurl = nullptr;
    QAction *m_loadIntoPublish = nullptr;
    QAction *m_export = nullptr;
    QList<QAction *> m_kindActions;
    QBasicTimer m_filterDelay;
    QList<Relay::FeedEvent> m_held; ///< what arrived while paused, bounded by the capacity and the budget
    qsizetype m_heldBytes = 0;
    quint64 m_heldDropped = 0;
    quint64 m_feedDropped = 0;
    EmptyState *m_empty = nullptr;
    QToolButton *m_clearFilters = nullptr;
    QString m_channelApp;
    QString m_baseUrl;
    QHash<QString, QString> m_secretByApp;
    bool m_following = true;
    bool m_autoScrolling = false;
    bool m_paused = false;
    int m_newCount = 0;
};

} // namespace Inspector
