// SPDX-License-Identifier: MIT
#include "channelsmodel.h"

#include "feedformat.h"

namespace Inspector {

int ChannelsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChannelsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Relay::ChannelInfo &row = rowAt(index.row());
    if (role == Qt::TextAlignmentRole && index.column() >= SubscribersColumn && index.column() <= EventsColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool presence = row.type == QLatin1String("presence");
    switch (Column(index.column())) {
    case AppColumn:
        return row.appId;
    case NameColumn:
        return row.name;
    case TypeColumn:
        return row.type;
    case SubscribersColumn:
        return row.subscribers;
    case MembersColumn:
        return presence || role == SortRole ? QVariant(row.members) : QVariant(QStringLiteral("–"));
    case EventsColumn:
        return row.eventsSeen;
    case LastEventColumn:
        if (role == SortRole)
            return row.lastEventMs;
        return row.lastEventMs ? FeedFormat::timeOfDay(row.lastEventMs) : QStringLiteral("–");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ChannelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = { "App", "Channel", "Type", "Subscribers", "Members", "Events", "Last event" };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

void ChannelsModel::setSnapshot(const Relay::RelaySnapshot &snapshot)
{
    QList<Relay::ChannelInfo> next = snapshot.channels;
    std::sort(next.begin(), next.end(), [](const auto &a, const auto &b) { return channelKey(a) < channelKey(b); });
    sync(std::move(next));
}

int ChannelsModel::rowOf(const QString &appId, const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].appId == appId && m_rows[i].name == name)
            return int(i);
    }
    return -1;
}

} // namespace Inspector
