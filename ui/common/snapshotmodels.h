// SPDX-License-Identifier: MIT
#pragma once

#include "rowlistmodel.h"
#include "stats/relaysnapshot.h"

#include <tuple>

namespace Inspector {

/// Role for raw sort values (numbers and times), as opposed to display text.
inline constexpr int SortRole = Qt::UserRole + 1;

inline auto channelKey(const Relay::ChannelInfo &row)
{
    return std::tie(row.appId, row.name);
}
inline auto memberKey(const Relay::MemberInfo &row)
{
    return std::tie(row.joinedMs, row.id);
}
inline auto connectionKey(const Relay::ConnectionInfo &row)
{
    return std::tie(row.connectedMs, row.socketId);
}

using ChannelRows = RowListModel<Relay::ChannelInfo, &channelKey>;
using MemberRows = RowListModel<Relay::MemberInfo, &memberKey>;
using ConnectionRows = RowListModel<Relay::ConnectionInfo, &connectionKey>;

} // namespace Inspector
