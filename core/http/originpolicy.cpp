// SPDX-License-Identifier: MIT
#include "originpolicy.h"

#include "httprequest.h"

#include <QHostAddress>
#include <QUrl>

#include <algorithm>

namespace Relay {

namespace {
    /// A parsed origin or entry: scheme empty for "any", port -1 for "any".
    struct Origin {
        QString scheme;
        QString host; ///< lowercase, IPv6 without brackets; may start with "*." in an entry
        int port = -1;
        bool valid = false;
    };

    /// Splits `host[:port]` (IPv6 in brackets); refuses anything that is not a plain authority.
    Origin parseAuthority(QStringView text, bool allowWildcard)
    {
        Origin out;
        if (text.isEmpty() || text.contains(u'@') || text.contains(u'/') || text.contains(u'?') || text.contains(u'#')
            || text.contains(u' '))
            return out;
        QStringView host = text;
        QStringView port;
        if (text.startsWith(u'[')) {
            const qsizetype close = text.indexOf(u']');
            if (close < 0)
                return out;
            host = text.sliced(1, close - 1);
            const QStringView rest = text.sliced(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(u':'))
                    return out;
                port = rest.sliced(1);
            }
            if (QHostAddress(host.toString()).protocol() != QAbstractSocket::IPv6Protocol)
                return out;
        } else if (const qsizetype colon = text.lastIndexOf(u':'); colon >= 0) {
            host = text.first(colon);
            port = text.sliced(colon + 1);
            if (host.contains(u':'))
                return out;
        }
        if (host.isEmpty())
            return out;
        if (!port.isNull()) {
            bool ok = false;
            const uint value = port.toUInt(&ok);
            if (!ok || value > 65535)
                return out;
            out.port = int(value);
        }
        out.host = host.toString().toLower();
        if (out.host.contains(u'*')
            && !(allowWildcard && out.host.startsWith(QLatin1String("*.")) && out.host.count(u'*') == 1))
            return out;
        out.valid = true;
        return out;
    }

    /// `scheme://host[:port]` (an origin header) or, for entries, also `host[:port]`.
    Origin parseOrigin(QStringView text, bool entry)
    {
        const qsizetype separator = text.indexOf(QLatin1String("://"));
        if (separator < 0)
            return entry ? parseAuthority(text, true) : Origin {};
        const QStringView scheme = text.first(separator);
        if (scheme.isEmpty())
            return {};
        for (QChar c : scheme) {
            if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'+' && c != u'-' && c != u'.')
                return {};
        }
        QStringView authority = text.sliced(separator + 3);
        if (authority.endsWith(u'/'))
            authority.chop(1);
        Origin out = parseAuthority(authority, entry);
        out.scheme = scheme.toString().toLower();
        return out;
    }

    bool isLoopbackName(const QString &host)
    {
        return host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost"))
            || QHostAddress(host).isLoopback();
    }

    /// The names allowed whatever the configuration says.
    bool isDefaultAllowed(const QString &host)
    {
        return isLoopbackName(host) || host.endsWith(QLatin1String(".test"));
    }

    /// `pattern` is a name, an address or `*.domain` (subdomains only).
    bool hostMatches(const QString &pattern, const QString &host)
    {
        if (pattern.startsWith(QLatin1String("*.")))
            return host.endsWith(QStringView(pattern).sliced(1));
        if (QHostAddress(pattern).isNull())
            return pattern == host;
        return QHostAddress(pattern).isEqual(QHostAddress(host));
    }

    bool entryMatches(const QString &entryText, const Origin &origin)
    {
        if (entryText == QLatin1String("*"))
            return true;
        const Origin entry = parseOrigin(entryText, true);
        if (!entry.valid || (!entry.scheme.isEmpty() && entry.scheme != origin.scheme)
            || (entry.port >= 0 && entry.port != origin.port))
            return false;
        return hostMatches(entry.host, origin.host);
    }

    bool anyMatches(const QStringList &entries, const Origin &origin)
    {
        return std::any_of(
            entries.begin(), entries.end(), [&](const QString &entry) { return entryMatches(entry, origin); });
    }

    /// The port an origin means when it names none, so that an entry with an explicit default port matches.
    int defaultPort(const QString &scheme)
    {
        if (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))
            return 80;
        if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
            return 443;
        return -1;
    }
} // namespace

OriginPolicy::OriginPolicy(const RelayConfig &config)
    : m_entries(config.allowedOrigins)
{
    const QHostAddress listen(config.host);
    m_loopbackOnly = config.host == QLatin1String("localhost") || listen.isLoopback();
    for (const AppConfig &app : config.apps) {
        m_appIdByKey.insert(app.key, app.id);
        if (!app.allowedOrigins.isEmpty())
            m_appEntries.insert(app.id, app.allowedOrigins);
    }
}

bool OriginPolicy::isValidEntry(const QString &entry)
{
    return entry == QLatin1String("*") || parseOrigin(entry, true).valid;
}

bool OriginPolicy::allow(const QString &entry)
{
    if (!isValidEntry(entry))
        return false;
    if (!m_entries.contains(entry))
        m_entries.append(entry);
    return true;
}

bool OriginPolicy::allowsOrigin(QByteArrayView originText, const QString &appId) const
{
    Origin origin = parseOrigin(QString::fromUtf8(originText), false);
    if (!origin.valid)
        return false; // "null" (sandboxed pages, file://) and anything malformed
    if (origin.port < 0)
        origin.port = defaultPort(origin.scheme);
    if (isDefaultAllowed(origin.host) || anyMatches(m_entries, origin))
        return true;
    const auto app = m_appEntries.constFind(appId);
    return app != m_appEntries.cend() && anyMatches(*app, origin);
}

bool OriginPolicy::allowsHost(QByteArrayView hostText) const
{
    if (!m_loopbackOnly)
        return true;
    const Origin host = parseAuthority(QString::fromUtf8(hostText), false);
    if (!host.valid)
        return false;
    if (isDefaultAllowed(host.host))
        return true;
    const auto named = [&](const QStringList &entries) {
        return std::any_of(entries.begin(), entries.end(), [&](const QString &entryText) {
            if (entryText == QLatin1String("*"))
                return false; // "any origin" opens origins, not DNS names that resolve to loopback
            const Origin entry = parseOrigin(entryText, true);
            return entry.valid && hostMatches(entry.host, host.host); // any port
        });
    };
    if (named(m_entries))
        return true;
    return std::any_of(m_appEntries.cbegin(), m_appEntries.cend(), named);
}

QString OriginPolicy::appOf(const HttpRequest &request) const
{
    const QByteArrayView path = request.path();
    const auto segment = [&](QByteArrayView prefix) {
        QByteArrayView rest = path.sliced(prefix.size());
        const qsizetype slash = rest.indexOf('/');
        return QUrl::fromPercentEncoding(rest.first(slash < 0 ? rest.size() : slash).toByteArray());
    };
    if (path.startsWith("/apps/"))
        return segment("/apps/");
    if (path.startsWith("/app/"))
        return m_appIdByKey.value(segment("/app/"));
    return {};
}

Status OriginPolicy::check(const HttpRequest &request) const
{
    if (request.hasHeader("Host") && !allowsHost(request.header("Host"))) {
        const QString host = QString::fromUtf8(request.header("Host").left(200));
        return Error { ErrorCode::Forbidden,
            QStringLiteral("Host \"%1\" is refused while the relay listens on loopback (DNS rebinding); to allow "
                           "it, add it with --allowed-origin %1 or RELAY_ALLOWED_ORIGINS")
                .arg(host) };
    }
    if (!request.hasHeader("Origin"))
        return Ok {};
    const QByteArray origin = request.header("Origin");
    if (allowsOrigin(origin, appOf(request)))
        return Ok {};
    const QString shown = QString::fromUtf8(origin.left(200));
    return Error { ErrorCode::Forbidden,
        QStringLiteral("origin \"%1\" is not allowed; to allow it, start the relay with --allowed-origin %1, set "
                       "RELAY_ALLOWED_ORIGINS or add it to \"allowed_origins\" in the config file")
            .arg(shown) };
}

} // namespace Relay
