// SPDX-License-Identifier: MIT
#pragma once

#include "snapshotmodels.h"

namespace Inspector {

/// The members of one presence channel in join order, refreshed from snapshots.
class MembersModel : public MemberRows {
    Q_OBJECT
public:
    enum Column { IdColumn, UserInfoColumn, SocketsColumn, SocketIdsColumn, JoinedColumn, ColumnCount };
    Q_ENUM(Column)
    using MemberRows::MemberRows;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Focuses on one channel; empty clears the table.
    void setChannel(const QString &appId, const QString &channel);
    QString appId() const { return m_appId; }
    QString channel() const { return m_channel; }
    void setSnapshot(const Relay::RelaySnapshot &snapshot);

private:
    QString m_appId;
    QString m_channel;
};

} // namespace Inspector
