// SPDX-License-Identifier: MIT
#include "eventlogmodel.h"

#include "feedformat.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QPalette>

namespace Inspector {

using Kind = Relay::FeedEvent::Kind;

namespace {
    /// Kind colours that read on both light and dark palettes.
    QVariant kindColour(const Relay::FeedEvent &event)
    {
        if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return {};
        const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
        switch (event.kind) {
        case Kind::AuthFailure:
        case Kind::Error:
            return QBrush(dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28));
        case Kind::ApiCall:
            if (event.code < 400)
                return {};
            return QBrush(dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28));
        case Kind::ApiEvent:
        case Kind::ClientEvent:
            return QBrush(dark ? QColor(0x82, 0xb1, 0xff) : QColor(0x15, 0x65, 0xc0));
        case Kind::MemberAdded:
        case Kind::MemberRemoved:
            return QBrush(dark ? QColor(0xce, 0x93, 0xd8) : QColor(0x7b, 0x1f, 0xa2));
        case Kind::Webhook:
            return QBrush(dark ? QColor(0x80, 0xcb, 0xc4) : QColor(0x00, 0x69, 0x5c));
        default:
            return {};
        }
    }
} // namespace

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Relay::FeedEvent &event = eventAt(index.row());
    if (role == Qt::ForegroundRole && index.column() == KindColumn)
        return kindColour(event);
    if (role == Qt::TextAlignmentRole && index.column() == SizeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case TimeColumn:
        return FeedFormat::timeOfDay(event.timeMs);
    case KindColumn:
        return FeedFormat::kindLabel(event.kind);
    case AppColumn:
        return event.appId;
    case ChannelColumn:
        return event.channel;
    case EventColumn:
        return FeedFormat::summary(event);
    case SocketColumn:
        return event.socketId;
    case SizeColumn:
        return FeedFormat::hasPayload(event) ? FeedFormat::byteSize(event.size) : QString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = { "Time", "Kind", "App", "Channel", "Event", "Socket", "Size" };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

void EventLogModel::append(QList<Relay::FeedEvent> batch)
{
    if (batch.isEmpty())
        return;
    // What would not fit even in an empty log is dropped before it is inserted.
    qsizetype keepFrom = batch.size();
    qsizetype batchBytes = 0;
    while (keepFrom > 0) {
        const qsizetype bytes = batch[keepFrom - 1].memoryBytes();
        const bool fits = batch.size() - keepFrom < m_capacity && batchBytes + bytes <= m_budgetBytes;
        if (!fits && keepFrom < batch.size())
            break;
        batchBytes += bytes; // the newest event is kept even when it alone is over the budget
        --keepFrom;
    }
    for (qsizetype i = 0; i < keepFrom; ++i)
        m_droppedBytes += quint64(batch[i].memoryBytes());
    m_dropped += quint64(keepFrom);
    batch.remove(0, keepFrom);
    dropOverBounds(batch.size(), batchBytes);
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    for (Relay::FeedEvent &event : batch)
        m_events.push_back(std::move(event));
    m_bytes += batchBytes;
    endInsertRows();
}

void EventLogModel::dropOverBounds(qsizetype incomingCount, qsizetype incomingBytes)
{
    qsizetype count = 0;
    qsizetype freed = 0;
    const auto size = qsizetype(m_events.size());
    while (count < size
        && (size - count + incomingCount > m_capacity || m_bytes - freed + incomingBytes > m_budgetBytes)) {
        freed += m_events[std::size_t(count)].memoryBytes();
        ++count;
    }
    if (count > 0)
        dropFront(count);
}

void EventLogModel::dropFront(qsizetype count)
{
    qsizetype freed = 0;
    for (qsizetype i = 0; i < count; ++i)
        freed += m_events[std::size_t(i)].memoryBytes();
    beginRemoveRows({}, 0, int(count) - 1);
    m_events.erase(m_events.begin(), m_events.begin() + count);
    m_bytes -= freed;
    endRemoveRows();
    m_dropped += quint64(count);
    m_droppedBytes += quint64(freed);
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_bytes = 0;
    m_dropped = 0;
    m_droppedBytes = 0;
    endResetModel();
}

void EventLogModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max(capacity, minimumCapacity);
    dropOverBounds(0, 0);
}

void EventLogModel::setBudgetBytes(qsizetype bytes)
{
    m_budgetBytes = std::max(bytes, minimumBudgetBytes);
    dropOverBounds(0, 0);
}

} // namespace Inspector
