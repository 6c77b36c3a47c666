// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QString>

namespace Relay {

/// Where a Redis server is: `redis://[[user]:password@]host[:port][/db]`.
struct RedisEndpoint {
    QString host;
    quint16 port = 6379;
    QString user; ///< Redis 6 ACL user; empty: the default user (AUTH with the password alone)
    QString password; ///< empty with no user: no AUTH
    int db = 0;
};

/// Parses a redis:// URL; the error names what is wrong with it.
Result<RedisEndpoint> parseRedisUrl(const QString &url);

/// The cluster settings: without a URL the relay runs alone on its in-memory engine.
struct RedisSettings {
    QString url; ///< empty: no cluster
    QString prefix = QStringLiteral("relaydesk"); ///< keys and channels, so that clusters can share a Redis
    QString node; ///< this node's name; empty: host:port:pid
    int nodeTimeoutSeconds = 10; ///< a node silent this long is taken as gone

    bool enabled() const { return !url.isEmpty(); }
};

} // namespace Relay
