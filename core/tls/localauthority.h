// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QStringList>

namespace Relay::Tls {

/// The files of a local certificate authority directory and what the last ensure() did to them.
struct LocalCertificates {
    enum class Outcome { Created, Reused, LeafRenewed, AuthorityRenewed };
    QString caCertPath;
    QString certPath;
    QString keyPath;
    Outcome outcome = Outcome::Reused;
};

/// Keeps `dir` holding a certificate authority (`ca.crt`, `ca.key`) and a server certificate for `hosts`
/// signed by it (`localhost.crt`, `localhost.key`); keys are mode 0600. Existing files are reused. The
/// server certificate is issued anew when missing, unreadable as PEM, not from this authority, within
/// `renewLeafDays` of expiry, or made for other hosts; the authority only when it is within
/// `renewAuthorityDays` of expiry (clients must then trust the new one). A certificate without its key, or a
/// key that does not match, is a one-line error naming the file: nothing the user trusts is replaced silently.
class LocalAuthority {
public:
    static constexpr int renewLeafDays = 30;
    static constexpr int renewAuthorityDays = 60;

    static Result<LocalCertificates> ensure(const QString &dir, const QStringList &hosts);
    /// The default hosts: localhost, 127.0.0.1, ::1 and this machine's host name, then `extra` ones.
    static QStringList defaultHosts(const QStringList &extra = {});
    /// Where the files live when no directory is configured: the application data directory's `tls/`.
    static QString defaultDirectory();
};

} // namespace Relay::Tls
