// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "localauthority.h"

#include <QDateTime>
#include <QSslConfiguration>
#include <QStringList>

namespace Relay {

struct TlsSettings;

/// What the port serves, for the start-up message and the inspector: a value type, safe to copy across threads.
struct TlsInfo {
    bool enabled = false;
    bool only = false; ///< plain connections are refused
    bool localAuthority = false; ///< the certificate comes from the relay's own CA (else from the user's files)
    Tls::LocalCertificates::Outcome outcome = Tls::LocalCertificates::Outcome::Reused;
    QString caCertPath; ///< the CA to trust; empty for user files
    QString certPath;
    QString keyPath;
    QStringList hosts; ///< the certificate's subjectAltName entries
    QString subject;
    QString issuer;
    QString fingerprintSha256; ///< of the server certificate, colon-separated hex
    QDateTime expiry; ///< UTC
};

/// The server side of every handshake plus its description.
struct TlsContext {
    QSslConfiguration configuration;
    TlsInfo info;
};

/// Turns the settings into a ready configuration: the user's certificate and key, or the local authority's
/// (created or renewed as needed) for the default hosts plus `listenHost` when that is a specific address.
/// Errors are one line naming the file at fault.
Result<TlsContext> prepareTls(const TlsSettings &settings, const QString &listenHost);

} // namespace Relay
