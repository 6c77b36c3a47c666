// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relayfeed.h"

#include <QAbstractTableModel>

#include <deque>

namespace Inspector {

/// The event log: a ring of feed events, oldest first, bounded by a count and by the memory its events hold
/// (FeedEvent::memoryBytes). A batch is inserted with one beginInsertRows; what falls off the front over either
/// bound leaves with one beginRemoveRows and is counted. Cells are formatted on demand, so a row costs only its
/// FeedEvent.
class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        KindColumn,
        AppColumn,
        ChannelColumn,
        EventColumn,
        SocketColumn,
        SizeColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    static constexpr qsizetype defaultCapacity = 100000;
    static constexpr qsizetype minimumCapacity = 1000;
    static constexpr qsizetype defaultBudgetBytes = qsizetype(256) << 20;
    static constexpr qsizetype minimumBudgetBytes = qsizetype(1) << 20;

    explicit EventLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void append(QList<Relay::FeedEvent> batch);
    void clear();
    qsizetype capacity() const { return m_capacity; }
    void setCapacity(qsizetype capacity);
    qsizetype budgetBytes() const { return m_budgetBytes; }
    void setBudgetBytes(qsizetype bytes);
    /// Memory the kept events hold.
    qsizetype memoryBytes() const { return m_bytes; }
    const Relay::FeedEvent &eventAt(int row) const { return m_events[std::size_t(row)]; }
    /// Events dropped off the front since the last clear, and the memory they held.
    quint64 droppedCount() const { return m_dropped; }
    quint64 droppedBytes() const { return m_droppedBytes; }

private:
    void dropOverBounds(qsizetype incomingCount, qsizetype incomingBytes);
    void dropFront(qsizetype count);

    std::deque<Relay::FeedEvent> m_events;
    qsizetype m_capacity = defaultCapacity;
    qsizetype m_budgetBytes = defaultBudgetBytes;
    qsizetype m_bytes = 0;
    quint64 m_dropped = 0;
    quint64 m_droppedBytes = 0;
};

} // namespace Inspector
