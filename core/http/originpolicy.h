// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "config/relayconfig.h"

#include <QHash>
#include <QStringList>

namespace Relay {

struct HttpRequest;

/// Which browser origins may reach the relay, and which Host names it answers while listening on loopback.
/// Always allowed: loopback addresses, `localhost`, `*.localhost`, `*.test`, with any scheme and port. An
/// entry adds `*` (everything), `scheme://host[:port]`, `host[:port]` or `*.domain[:port]`; an entry without
/// a port allows every port. The server-wide entries apply to every request, an app's own entries to the
/// requests for that app (`/app/{key}`, `/apps/{id}/...`). A request without `Origin` is not checked for it.
class OriginPolicy {
public:
    OriginPolicy() = default;
    explicit OriginPolicy(const RelayConfig &config);

    /// Forbidden with a message that names the origin or host and how to allow it; Ok otherwise.
    Status check(const HttpRequest &request) const;
    /// Whether `origin` (the header's value) is allowed for the app `appId` (empty: no app).
    bool allowsOrigin(QByteArrayView origin, const QString &appId = {}) const;
    /// Whether a `Host` header is acceptable; every host is while not listening on loopback.
    bool allowsHost(QByteArrayView host) const;

    /// Adds a server-wide entry (see isValidEntry) from now on; false when it is malformed.
    bool allow(const QString &entry);

    /// Whether an entry is well formed, for config validation.
    static bool isValidEntry(const QString &entry);

private:
    /// The app a request path names, by id; empty when it names none.
    QString appOf(const HttpRequest &request) const;

    QStringList m_entries;
    QHash<QString, QStringList> m_appEntries; ///< by app id
    QHash<QString, QString> m_appIdByKey;
    bool m_loopbackOnly = false;
};

} // namespace Relay
