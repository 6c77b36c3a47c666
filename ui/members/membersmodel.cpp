// SPDX-License-Identifier: MIT
#include "membersmodel.h"

#include "feedformat.h"
#include "protocol/jsontext.h"

namespace Inspector {

int MembersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MembersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Relay::MemberInfo &row = rowAt(index.row());
    if (role == Qt::ToolTipRole && index.column() == UserInfoColumn)
        return FeedFormat::prettyText(Relay::compactJson(row.userInfo));
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (Column(index.column())) {
    case IdColumn:
        return row.id;
    case UserInfoColumn:
        return row.userInfo.isUndefined() ? QString() : Relay::compactJson(row.userInfo);
    case SocketsColumn:
        return row.sockets;
    case SocketIdsColumn:
        return row.socketIds.join(QStringLiteral(", "));
    case JoinedColumn:
        return role == SortRole ? QVariant(row.joinedMs) : QVariant(FeedFormat::timeOfDay(row.joinedMs));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant MembersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = { "User id", "User info", "Sockets", "Socket ids", "Joined" };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

void MembersModel::setChannel(const QString &appId, const QString &channel)
{
    if (appId == m_appId && channel == m_channel)
        return;
    m_appId = appId;
    m_channel = channel;
    resetRows();
}

void MembersModel::setSnapshot(const Relay::RelaySnapshot &snapshot)
{
    QList<Relay::MemberInfo> next;
    if (!m_channel.isEmpty()) {
        for (const Relay::MemberInfo &member : snapshot.members) {
            if (member.channel == m_channel && member.appId == m_appId)
                next.append(member);
        }
    }
    std::sort(next.begin(), next.end(), [](const auto &a, const auto &b) { return memberKey(a) < memberKey(b); });
    sync(std::move(next));
}

} // namespace Inspector
