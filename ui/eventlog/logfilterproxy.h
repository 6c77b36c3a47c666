// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relayfeed.h"

#include <QRegularExpression>
#include <QSortFilterProxyModel>

namespace Inspector {

class EventLogModel;

/// Filters the event log by text (plain, case-insensitive) or regular expression over app, channel, event,
/// socket and payload; by channel; and by kind. Never sorts: the log stays in arrival order.
class LogFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LogFilterProxy(QObject *parent = nullptr);

    /// A flat list: only the root has children, and every row has the flags of the log's rows. The view asks
    /// both of every row at each layout; answered without mapping the row to the source.
    bool hasChildren(const QModelIndex &parent = {}) const override { return !parent.isValid() && rowCount() > 0; }
    Qt::ItemFlags flags(const QModelIndex &index) const override
    {
        return index.isValid() ? Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren : Qt::NoItemFlags;
    }

    void setSourceLog(EventLogModel *model);
    /// False when `regex` is set and the pattern does not compile; nothing matches then.
    bool setText(const QString &text, bool regex);
    /// Empty: every channel. `appId` may be empty to match the channel in any app.
    void setChannel(const QString &appId, const QString &channel);
    /// Empty: every socket; otherwise only rows of that socket id.
    void setSocket(const QString &socketId);
    QString socket() const { return m_socket; }
    void setKindVisible(Relay::FeedEvent::Kind kind, bool visible);
    bool isKindVisible(Relay::FeedEvent::Kind kind) const;
    QString channel() const { return m_channel; }
    QString appId() const { return m_appId; }
    bool hasFilter() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool matchesText(const Relay::FeedEvent &event) const;

    EventLogModel *m_log = nullptr;
    QString m_text;
    QRegularExpression m_regex;
    bool m_useRegex = false;
    bool m_regexValid = true;
    QString m_appId;
    QString m_channel;
    QString m_socket;
    quint32 m_hiddenKinds = 0; ///< bit per FeedEvent::Kind
};

} // namespace Inspector
