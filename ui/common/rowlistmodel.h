// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QList>

namespace Inspector {

/// A table of value rows kept sorted by `keyOf(row)`. sync() turns a fresh list into the fewest notifications:
/// one removal or insertion per contiguous run and dataChanged only for rows whose values changed, so views
/// keep their selection and scroll position across the ten refreshes a second.
template <class Row, auto keyOf>
class RowListModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    const Row &rowAt(int row) const { return m_rows.at(row); }
    const QList<Row> &rows() const { return m_rows; }

protected:
    /// `next` must already be sorted by keyOf.
    void sync(QList<Row> next)
    {
        qsizetype i = 0;
        qsizetype j = 0;
        qsizetype changedFrom = -1;
        const auto flushChanged = [&] {
            if (changedFrom >= 0)
                Q_EMIT this->dataChanged(this->index(int(changedFrom), 0), this->index(int(i) - 1, columnCount() - 1));
            changedFrom = -1;
        };
        const auto oldBefore
            = [&](qsizetype a, qsizetype b) { return b == next.size() || keyOf(m_rows[a]) < keyOf(next[b]); };
        const auto newBefore
            = [&](qsizetype b, qsizetype a) { return a == m_rows.size() || keyOf(next[b]) < keyOf(m_rows[a]); };
        while (i < m_rows.size() || j < next.size()) {
            if (i < m_rows.size() && oldBefore(i, j)) {
                flushChanged();
                qsizetype end = i;
                while (end < m_rows.size() && oldBefore(end, j))
                    ++end;
                beginRemoveRows({}, int(i), int(end) - 1);
                m_rows.remove(i, end - i);
                endRemoveRows();
            } else if (j < next.size() && newBefore(j, i)) {
                flushChanged();
                qsizetype end = j;
                while (end < next.size() && newBefore(end, i))
                    ++end;
                beginInsertRows({}, int(i), int(i + end - j) - 1);
                for (qsizetype k = j; k < end; ++k)
                    m_rows.insert(i + (k - j), std::move(next[k]));
                endInsertRows();
                i += end - j;
                j = end;
            } else {
                if (m_rows[i] == next[j]) {
                    flushChanged();
                } else {
                    m_rows[i] = std::move(next[j]);
                    if (changedFrom < 0)
                        changedFrom = i;
                }
                ++i;
                ++j;
            }
        }
        flushChanged();
    }

    void resetRows()
    {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }

    QList<Row> m_rows;
};

} // namespace Inspector
