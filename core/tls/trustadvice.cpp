// SPDX-License-Identifier: MIT
#include "trustadvice.h"

#include "tlssetup.h"

namespace Relay {

namespace {
    /// Quotes a path for a POSIX shell when it holds anything but safe characters.
    QString shellQuoted(const QString &path)
    {
        for (const QChar c : path) {
            if (!(c.isLetterOrNumber() || QStringLiteral("/._-+:@%").contains(c)))
                return u'\'' + QString(path).replace(QStringLiteral("'"), QStringLiteral("'\\''")) + u'\'';
        }
        return path;
    }

    QString outcomeLine(const TlsInfo &info)
    {
        using Outcome = Tls::LocalCertificates::Outcome;
        switch (info.outcome) {
        case Outcome::Created:
            return QStringLiteral("TLS: created a local certificate authority; trust it once (commands below).\n");
        case Outcome::AuthorityRenewed:
            return QStringLiteral(
                "TLS: the local certificate authority was near its expiry and was replaced; trust the "
                "new one (commands below).\n");
        case Outcome::LeafRenewed:
            return QStringLiteral(
                "TLS: issued a new server certificate from the local CA (already trusted clients keep "
                "working).\n");
        case Outcome::Reused:
            break;
        }
        return {};
    }
} // namespace

QString trustAdvice(const TlsInfo &info)
{
    if (!info.enabled)
        return {};
    const QString hosts = info.hosts.join(QStringLiteral(", "));
    const QString expiry = info.expiry.toString(QStringLiteral("yyyy-MM-dd"));
    if (!info.localAuthority)
        return QStringLiteral("TLS: serving %1 (hosts %2; expires %3)%4\n")
            .arg(info.certPath, hosts, expiry, info.only ? QStringLiteral("; plain connections refused") : QString());
    const QString ca = shellQuoted(info.caCertPath);
    return outcomeLine(info)
        + QStringLiteral("TLS: certificate for %1 (expires %2), issued by the local CA %3\n")
              .arg(hosts, expiry, info.caCertPath)
        + QStringLiteral(
            "  Debian/Ubuntu system store (curl, PHP, Python):\n"
            "    sudo cp %1 /usr/local/share/ca-certificates/relaydesk-ca.crt && sudo update-ca-certificates\n"
            "  Node.js:\n"
            "    export NODE_EXTRA_CA_CERTS=%1\n"
            "  Chromium (NSS database; libnss3-tools has certutil):\n"
            "    certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n 'Relay Desk local CA' -i %1\n"
            "  Firefox (each profile):\n"
            "    for p in $HOME/.mozilla/firefox/*.default*; do certutil -d sql:$p -A -t C,, -n 'Relay Desk "
            "local CA' -i %1; done\n")
              .arg(ca);
}

} // namespace Relay
