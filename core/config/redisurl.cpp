// SPDX-License-Identifier: MIT
#include "redisurl.h"

#include <QUrl>

namespace Relay {

Result<RedisEndpoint> parseRedisUrl(const QString &url)
{
    const auto bad = [&](const QString &why) {
        return Error { ErrorCode::BadRequest,
            QStringLiteral("redis URL \"%1\" %2 (expected redis://[[user]:password@]host:port[/db])")
                .arg(url.left(200), why) };
    };
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return bad(QStringLiteral("is not a valid URL"));
    if (parsed.scheme() != QLatin1String("redis"))
        return bad(QStringLiteral("must start with redis://"));
    if (parsed.host().isEmpty())
        return bad(QStringLiteral("has no host"));
    if (parsed.hasQuery() || parsed.hasFragment())
        return bad(QStringLiteral("must not have a query or fragment"));
    RedisEndpoint endpoint;
    endpoint.host = parsed.host();
    const int port = parsed.port(6379);
    if (port < 1 || port > 65535)
        return bad(QStringLiteral("has no valid port"));
    endpoint.port = quint16(port);
    endpoint.user = parsed.userName(QUrl::FullyDecoded);
    endpoint.password = parsed.password(QUrl::FullyDecoded);
    QString path = parsed.path();
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (!path.isEmpty()) {
        bool ok = false;
        endpoint.db = path.toInt(&ok);
        if (!ok || endpoint.db < 0 || endpoint.db > 1000000)
            return bad(QStringLiteral("has a database \"%1\" that is not a number").arg(path.left(20)));
    }
    return endpoint;
}

} // namespace Relay
