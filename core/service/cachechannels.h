// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

#include <optional>

namespace Relay {

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
