// SPDX-License-Identifier: MIT
#include "connectionsmodel.h"

#include "feedformat.h"

#include <QDateTime>

namespace Inspector {

int ConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Relay::ConnectionInfo &row = rowAt(index.row());
    if (role == Qt::ToolTipRole && (index.column() == SubscriptionsColumn || index.column() == ChannelNamesColumn))
        return row.channels.join(u'\n');
    if (role == Qt::ToolTipRole && index.column() == UserAgentColumn)
        return row.userAgent;
    const bool number
        = index.column() == SubscriptionsColumn || index.column() == InColumn || index.column() == OutColumn;
    if (role == Qt::TextAlignmentRole && number)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (Column(index.column())) {
    case SocketColumn:
        return row.socketId;
    case UserColumn:
        return row.userId;
    case ChannelNamesColumn:
        return row.channels.join(QStringLiteral(", "));
    case OriginColumn:
        return row.origin;
    case UserAgentColumn:
        return row.userAgent;
    case AppColumn:
        return row.appId;
    case RemoteColumn:
        return row.remoteAddress;
    case DialectColumn:
        return row.dialect;
    case SinceColumn:
        return role == SortRole
            ? QVariant(row.connectedMs)
            : QVariant(QDateTime::fromMSecsSinceEpoch(row.connectedMs).toString(QStringLiteral("HH:mm:ss")));
    case SubscriptionsColumn:
        return int(row.channels.size());
    case InColumn:
        return row.framesIn;
    case OutColumn:
        return row.framesOut;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = { "Socket id",
        "User",
        "App",
        "Remote address",
        "Dialect",
        "Connected",
        "Subscriptions",
        "Channels",
        "Frames in",
        "Frames out",
        "Origin",
        "User agent" };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

void ConnectionsModel::setChannelFilter(const QString &appId, const QString &channel)
{
    m_appId = appId;
    m_channel = channel;
    if (m_last)
        setSnapshot(m_last);
}

void ConnectionsModel::setSnapshot(std::shared_ptr<const Relay::RelaySnapshot> snapshot)
{
    m_last = std::move(snapshot);
    QList<Relay::ConnectionInfo> next;
    next.reserve(m_last->connections.size());
    for (const Relay::ConnectionInfo &connection : m_last->connections) {
        if (m_channel.isEmpty() || (connection.appId == m_appId && connection.channels.contains(m_channel)))
            next.append(connection);
    }
    sync(std::move(next)); // the snapshot lists connections oldest first, which is the key order
}

int ConnectionsModel::rowOf(const QString &socketId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].socketId == socketId)
            return int(i);
    }
    return -1;
}

} // namespace Inspector
