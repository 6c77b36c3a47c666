// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relayfeed.h"

#include <QAbstractTableModel>

#include <deque>
#include <memory>

namespace Inspector {

/// The Webhooks panel's rows: one per delivery attempt (and per delivery dropped unsent), oldest first, in a
/// ring of `capacity` rows. A batch enters with one beginInsertRows; the overflow leaves with one removal.
class WebhooksModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        AppColumn,
        UrlColumn,
        EventsColumn,
        StatusColumn,
        LatencyColumn,
        AttemptColumn,
        NextRetryColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit WebhooksModel(qsizetype capacity = 5000, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Keeps the Webhook events of a feed batch; every other kind is ignored.
    void append(const QList<Relay::FeedEvent> &batch);
    const Relay::WebhookAttempt &attemptAt(int row) const { return *m_rows[std::size_t(row)]; }

    /// The request as sent: request line, every header the relay set, a blank line, the body (pretty when
    /// JSON), then the outcome and the answer's first KB.
    static QString detailText(const Relay::WebhookAttempt &attempt);

private:
    std::deque<std::shared_ptr<const Relay::WebhookAttempt>> m_rows;
    qsizetype m_capacity;
};

} // namespace Inspector
