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
QVariant kindColour(Kind kind)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return {};
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    switch (kind) {
    case Kind::AuthFailure:
    case Kind::Error:
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
        return kindColour(event.kind);
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
        if (!event.event.isEmpty())
            return event.event;
        return event.kind == Kind::Error || event.kind == Kind::MemberRemoved ? event.detail.left(200) : QString();
    case SocketColumn:
        return event.socketId;
    case SizeColumn:
        return event.size;
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
    if (batch.size() > m_capacity) {
        m_dropped += quint64(batch.size() - m_capacity);
        batch.remove(0, batch.size() - m_capacity);
    }
    const qsizetype overflow = qsizetype(m_events.size()) + batch.size() - m_capacity;
    if (overflow > 0)
        dropFront(overflow);
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    for (Relay::FeedEvent &event : batch)
        m_events.push_back(std::move(event));
    endInsertRows();
}

void EventLogModel::dropFront(qsizetype count)
{
    beginRemoveRows({}, 0, int(count) - 1);
    m_events.erase(m_events.begin(), m_events.begin() + count);
    endRemoveRows();
    m_dropped += quint64(count);
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_dropped = 0;
    endResetModel();
}

void EventLogModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max(capacity, minimumCapacity);
    const qsizetype overflow = qsizetype(m_events.size()) - m_capacity;
    if (overflow > 0)
        dropFront(overflow);
}

} // namespace Inspector
