// SPDX-License-Identifier: MIT
#include "tlssetup.h"

#include "config/relayconfig.h"
#include "serveridentity.h"

#include <QHostAddress>

#include <algorithm>
#include <iterator>

namespace Relay {

namespace {
    QStringList extraHosts(const QString &listenHost)
    {
        const QHostAddress address(listenHost);
        if (address.isNull() || address.isLoopback() || address == QHostAddress::AnyIPv4
            || address == QHostAddress::AnyIPv6 || address == QHostAddress::Any)
            return {};
        return { address.toString() };
    }

    QString fingerprintOf(const QSslCertificate &certificate)
    {
        const QByteArray hex = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
        QString text;
        for (qsizetype i = 0; i < hex.size(); i += 2) {
            if (!text.isEmpty())
                text += u':';
            text += QLatin1String(hex.mid(i, 2));
        }
        return text;
    }

    QString nameOf(const QStringList &commonNames, const QStringList &organisations)
    {
        return commonNames.value(0, organisations.value(0));
    }
} // namespace

Result<TlsContext> prepareTls(const TlsSettings &settings, const QString &listenHost)
{
    TlsContext context;
    TlsInfo &info = context.info;
    info.enabled = true;
    info.only = settings.only;
    info.localAuthority = !settings.userFiles();
    if (info.localAuthority) {
        const QString dir = settings.dir.isEmpty() ? Tls::LocalAuthority::defaultDirectory() : settings.dir;
        const Result<Tls::LocalCertificates> files
            = Tls::LocalAuthority::ensure(dir, Tls::LocalAuthority::defaultHosts(extraHosts(listenHost)));
        if (!files)
            return files.error();
        info.outcome = files->outcome;
        info.caCertPath = files->caCertPath;
        info.certPath = files->certPath;
        info.keyPath = files->keyPath;
    } else {
        info.certPath = settings.certFile;
        info.keyPath = settings.keyFile;
    }
    const Result<Tls::ServerIdentity> identity = Tls::loadServerIdentity(info.certPath, info.keyPath);
    if (!identity)
        return identity.error();

    const QSslCertificate &leaf = identity->chain.first();
    // Names, then addresses, each in the certificate's order (QMultiMap lists a key's values newest first).
    const auto names = leaf.subjectAlternativeNames();
    for (const QSsl::AlternativeNameEntryType type : { QSsl::DnsEntry, QSsl::IpAddressEntry }) {
        const QStringList values = names.values(type);
        std::copy(values.crbegin(), values.crend(), std::back_inserter(info.hosts));
    }
    info.subject
        = nameOf(leaf.subjectInfo(QSslCertificate::CommonName), leaf.subjectInfo(QSslCertificate::Organization));
    info.issuer = nameOf(leaf.issuerInfo(QSslCertificate::CommonName), leaf.issuerInfo(QSslCertificate::Organization));
    info.fingerprintSha256 = fingerprintOf(leaf);
    info.expiry = leaf.expiryDate().toUTC();

    QSslConfiguration &configuration = context.configuration;
    configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(identity->chain);
    configuration.setPrivateKey(identity->key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    // Qt builds an SSL context per socket and loads every CA of the configuration into it: the system store
    // (about 140 certificates) made each handshake about ten times slower, and a server that asks for no
    // client certificates needs none.
    configuration.setCaCertificates({});
    configuration.setAllowedNextProtocols({ QByteArrayLiteral("http/1.1") });
    return context;
}

} // namespace Relay
