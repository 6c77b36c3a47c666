// SPDX-License-Identifier: MIT
#pragma once

#include "snapshotmodels.h"

namespace Inspector {

/// Every occupied channel of every app, by app and name, refreshed from snapshots.
class ChannelsModel : public ChannelRows {
    Q_OBJECT
public:
    enum Column {
        AppColumn,
        NameColumn,
        TypeColumn,
        SubscribersColumn,
        MembersColumn,
        EventsColumn,
        LastEventColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    using ChannelRows::ChannelRows;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setSnapshot(const Relay::RelaySnapshot &snapshot);
    /// The row of a channel, or -1.
    int rowOf(const QString &appId, const QString &name) const;
};

} // namespace Inspector
