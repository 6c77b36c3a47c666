// SPDX-License-Identifier: MIT
#pragma once

#include "snapshotmodels.h"

#include <memory>

namespace Inspector {

/// Every open WebSocket, oldest first, refreshed from snapshots; optionally only one channel's subscribers.
class ConnectionsModel : public ConnectionRows {
    Q_OBJECT
public:
    enum Column {
        SocketColumn,
        UserColumn,
        AppColumn,
        RemoteColumn,
        DialectColumn,
        SinceColumn,
        SubscriptionsColumn,
        ChannelNamesColumn,
        InColumn,
        OutColumn,
        OriginColumn,
        UserAgentColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    using ConnectionRows::ConnectionRows;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Empty channel: every connection.
    void setChannelFilter(const QString &appId, const QString &channel);
    void setSnapshot(std::shared_ptr<const Relay::RelaySnapshot> snapshot);
    int rowOf(const QString &socketId) const;

private:
    QString m_appId;
    QString m_channel;
    std::shared_ptr<const Relay::RelaySnapshot> m_last;
};

} // namespace Inspector
