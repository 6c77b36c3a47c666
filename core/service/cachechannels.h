// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace Relay {

/// One cache channel's last event, as another node is told it.
struct CachedFrame {
    QString channel;
    QString frame;
    qint64 storedMs = 0;
};

/// The last event of each cache channel (`cache-`, `private-cache-`, `presence-cache-`,
/// `private-encrypted-cache-`), kept as the encoded frame subscribers received. Entries expire after
/// `ttlSeconds` (Pusher keeps them 30 minutes); at most `maxChannels` channels are kept, the oldest entry
/// making way. Single-threaded.
class CacheChannels {
public:
    explicit CacheChannels(int ttlSeconds = 1800, int maxChannels = 10000)
        : m_ttlMs(qint64(ttlSeconds) * 1000)
        , m_maxChannels(maxChannels)
    {
    }

    void store(const QString &channel, const QString &frame, qint64 nowMs = QDateTime::currentMSecsSinceEpoch());
    /// The frame to replay, or nothing (a cache miss).
    std::optional<QString> find(const QString &channel, qint64 nowMs = QDateTime::currentMSecsSinceEpoch()) const;
    qsizetype count() const { return m_entries.size(); }
    /// Every entry not expired at `nowMs`.
    QList<CachedFrame> entries(qint64 nowMs = QDateTime::currentMSecsSinceEpoch()) const;
    /// Keeps another node's entry unless this node holds a newer one for the channel.
    void adopt(const CachedFrame &entry);

private:
    struct Entry {
        QString frame;
        qint64 storedMs = 0;
    };
    QHash<QString, Entry> m_entries;
    qint64 m_ttlMs;
    int m_maxChannels;
};

} // namespace Relay
