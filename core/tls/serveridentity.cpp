// SPDX-License-Identifier: MIT
#include "serveridentity.h"

#include "opensslhandles.h"

#include <QFile>
#include <QFileInfo>

#include <openssl/err.h>

namespace Relay::Tls {

namespace {
    std::optional<QSsl::KeyAlgorithm> algorithmOf(EVP_PKEY *key)
    {
        switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_RSA:
            return QSsl::Rsa;
        case EVP_PKEY_EC:
            return QSsl::Ec;
        case EVP_PKEY_DSA:
            return QSsl::Dsa;
        default:
            return std::nullopt;
        }
    }

    QString utc(const QDateTime &time)
    {
        return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    }
} // namespace

Result<QByteArray> readPemFile(const QString &path, const QString &role)
{
    const QFileInfo info(path);
    if (!info.exists())
        return badRequest(QStringLiteral("%1 %2 does not exist").arg(role, path));
    if (info.isDir())
        return badRequest(QStringLiteral("%1 %2 is a directory, not a file").arg(role, path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return badRequest(QStringLiteral("cannot read %1 %2: %3").arg(role, path, file.errorString()));
    return file.readAll();
}

Result<ServerIdentity> loadServerIdentity(const QString &certPath, const QString &keyPath, const QDateTime &now)
{
    const QString certRole = QStringLiteral("TLS certificate file");
    const QString keyRole = QStringLiteral("TLS key file");
    const Result<QByteArray> certPem = readPemFile(certPath, certRole);
    if (!certPem)
        return certPem.error();
    const Result<QByteArray> keyPem = readPemFile(keyPath, keyRole);
    if (!keyPem)
        return keyPem.error();

    const CertHandle certificate = certificateFromPem(*certPem);
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (!certificate || chain.isEmpty())
        return badRequest(
            QStringLiteral("%1 %2 holds no PEM certificate (-----BEGIN CERTIFICATE-----)").arg(certRole, certPath));
    const KeyHandle key = privateKeyFromPem(*keyPem);
    if (!key) {
        const bool encrypted = keyPem->contains("ENCRYPTED");
        return badRequest(encrypted ? QStringLiteral("%1 %2 is encrypted; give the relay an unencrypted key "
                                                     "(openssl pkey -in %2 -out plain.key)")
                                          .arg(keyRole, keyPath)
                                    : QStringLiteral("%1 %2 holds no PEM private key").arg(keyRole, keyPath));
    }
    if (X509_check_private_key(certificate.get(), key.get()) != 1) {
        ERR_clear_error();
        return badRequest(QStringLiteral("%1 %2 does not match the certificate in %3").arg(keyRole, keyPath, certPath));
    }
    const QSslCertificate &leaf = chain.first();
    if (leaf.expiryDate() < now)
        return badRequest(QStringLiteral("TLS certificate in %1 expired on %2").arg(certPath, utc(leaf.expiryDate())));
    if (leaf.effectiveDate() > now)
        return badRequest(
            QStringLiteral("TLS certificate in %1 is not valid before %2").arg(certPath, utc(leaf.effectiveDate())));

    const std::optional<QSsl::KeyAlgorithm> algorithm = algorithmOf(key.get());
    if (!algorithm)
        return badRequest(QStringLiteral("%1 %2 holds a key type the relay cannot serve; use an RSA or EC key")
                              .arg(keyRole, keyPath));
    const QSslKey sslKey(toPem(key.get()), *algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (sslKey.isNull())
        return badRequest(QStringLiteral("%1 %2 could not be loaded").arg(keyRole, keyPath));
    return ServerIdentity { chain, sslKey };
}

} // namespace Relay::Tls
