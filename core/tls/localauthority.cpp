// SPDX-License-Identifier: MIT
#include "localauthority.h"

#include "certificateissuer.h"
#include "opensslhandles.h"
#include "serveridentity.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QHostInfo>
#include <QSet>
#include <QSslCertificate>
#include <QStandardPaths>

#include <openssl/err.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Relay::Tls {

namespace {
    constexpr mode_t privateMode = 0600;
    constexpr mode_t publicMode = 0644;

    /// Writes through a temporary file created with `mode` and renamed over `path`: a key is never readable by
    /// others, not even while it is being written, and a crash leaves the old file or the new one.
    Status writeFile(const QString &path, const QByteArray &bytes, mode_t mode)
    {
        const QByteArray temporary = QFile::encodeName(path + QStringLiteral(".new"));
        ::unlink(temporary.constData());
        const int fd = ::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0)
            return badRequest(
                QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        qsizetype written = 0;
        while (written < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.constData() + written, size_t(bytes.size() - written));
            if (n <= 0)
                break;
            written += n;
        }
        const bool complete = written == bytes.size() && ::fchmod(fd, mode) == 0;
        ::close(fd);
        if (!complete || ::rename(temporary.constData(), QFile::encodeName(path).constData()) != 0) {
            ::unlink(temporary.constData());
            return badRequest(QStringLiteral("cannot write %1").arg(path));
        }
        return Ok {};
    }

    bool expiresWithin(X509 *certificate, int days)
    {
        const time_t limit = time(nullptr) + time_t(days) * 86400;
        return X509_cmp_time(X509_get0_notAfter(certificate), const_cast<time_t *>(&limit)) < 0;
    }

    QString normalisedHost(const QString &host)
    {
        const QHostAddress address(host);
        return address.isNull() ? host.toLower() : address.toString();
    }

    bool madeFor(const QByteArray &leafPem, const QStringList &hosts)
    {
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(leafPem, QSsl::Pem);
        if (certificates.isEmpty())
            return false;
        QSet<QString> present;
        for (const QString &name : certificates.first().subjectAlternativeNames())
            present.insert(normalisedHost(name));
        QSet<QString> wanted;
        for (const QString &host : hosts)
            wanted.insert(normalisedHost(host));
        return present == wanted;
    }

    struct Authority {
        CertHandle certificate;
        KeyHandle key;
    };

    Result<Authority> createAuthority(const QString &certPath, const QString &keyPath)
    {
        Authority authority { nullptr, generateKey() };
        const QString user = qEnvironmentVariable("USER", QStringLiteral("user"));
        if (authority.key)
            authority.certificate = issueAuthority(authority.key.get(),
                QStringLiteral("Relay Desk local CA (%1@%2)").arg(user, QHostInfo::localHostName()));
        if (!authority.certificate)
            return badRequest(QStringLiteral("OpenSSL could not create the local certificate authority"));
        if (Status written = writeFile(keyPath, toPem(authority.key.get()), privateMode); !written)
            return written.error();
        if (Status written = writeFile(certPath, toPem(authority.certificate.get()), publicMode); !written)
            return written.error();
        return authority;
    }

    Result<Authority> loadAuthority(const QString &certPath, const QString &keyPath)
    {
        const Result<QByteArray> certPem = readPemFile(certPath, QStringLiteral("CA certificate"));
        if (!certPem)
            return certPem.error();
        const Result<QByteArray> keyPem = readPemFile(keyPath, QStringLiteral("CA key"));
        if (!keyPem)
            return keyPem.error();
        Authority authority { certificateFromPem(*certPem), privateKeyFromPem(*keyPem) };
        if (!authority.certificate)
            return badRequest(QStringLiteral("CA certificate %1 holds no PEM certificate").arg(certPath));
        if (!authority.key)
            return badRequest(QStringLiteral("CA key %1 holds no unencrypted PEM private key").arg(keyPath));
        if (X509_check_private_key(authority.certificate.get(), authority.key.get()) != 1) {
            ERR_clear_error();
            return badRequest(QStringLiteral("CA key %1 does not match the CA certificate %2").arg(keyPath, certPath));
        }
        return authority;
    }

    /// True when the existing server certificate and key can be served as they are.
    bool leafReusable(const QString &certPath, const QString &keyPath, X509 *authority, const QStringList &hosts)
    {
        QFile certFile(certPath);
        QFile keyFile(keyPath);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return false;
        const QByteArray certPem = certFile.readAll();
        const CertHandle leaf = certificateFromPem(certPem);
        const KeyHandle key = privateKeyFromPem(keyFile.readAll());
        const bool reusable = leaf && key && X509_check_private_key(leaf.get(), key.get()) == 1
            && X509_verify(leaf.get(), X509_get0_pubkey(authority)) == 1
            && !expiresWithin(leaf.get(), LocalAuthority::renewLeafDays) && madeFor(certPem, hosts);
        ERR_clear_error();
        return reusable;
    }
} // namespace

Result<LocalCertificates> LocalAuthority::ensure(const QString &dir, const QStringList &hosts)
{
    if (!QDir().mkpath(dir))
        return badRequest(QStringLiteral("cannot create the TLS directory %1").arg(dir));
    const QDir directory(dir);
    LocalCertificates files { directory.filePath(QStringLiteral("ca.crt")),
        directory.filePath(QStringLiteral("localhost.crt")),
        directory.filePath(QStringLiteral("localhost.key")),
        LocalCertificates::Outcome::Reused };
    const QString caKeyPath = directory.filePath(QStringLiteral("ca.key"));

    const bool hasCert = QFileInfo::exists(files.caCertPath);
    const bool hasKey = QFileInfo::exists(caKeyPath);
    if (hasCert != hasKey)
        return badRequest(hasCert
                ? QStringLiteral("CA key %1 is missing; restore it, or remove %2 to create a new local CA")
                      .arg(caKeyPath, files.caCertPath)
                : QStringLiteral("CA certificate %1 is missing; restore it, or remove %2 to create a new local CA")
                      .arg(files.caCertPath, caKeyPath));
    Result<Authority> authority
        = hasCert ? loadAuthority(files.caCertPath, caKeyPath) : Result<Authority>(Authority {});
    if (!authority)
        return authority.error();
    if (!hasCert || expiresWithin(authority->certificate.get(), renewAuthorityDays)) {
        authority = createAuthority(files.caCertPath, caKeyPath);
        if (!authority)
            return authority.error();
        files.outcome = hasCert ? LocalCertificates::Outcome::AuthorityRenewed : LocalCertificates::Outcome::Created;
    }
    ::chmod(QFile::encodeName(caKeyPath).constData(), privateMode);

    if (files.outcome == LocalCertificates::Outcome::Reused
        && leafReusable(files.certPath, files.keyPath, authority->certificate.get(), hosts)) {
        ::chmod(QFile::encodeName(files.keyPath).constData(), privateMode);
        return files;
    }
    const KeyHandle key = generateKey();
    const CertHandle leaf
        = key ? issueServerCertificate(authority->certificate.get(), authority->key.get(), key.get(), hosts) : nullptr;
    if (!leaf)
        return badRequest(QStringLiteral("OpenSSL could not issue the server certificate %1").arg(files.certPath));
    if (Status written = writeFile(files.keyPath, toPem(key.get()), privateMode); !written)
        return written.error();
    if (Status written = writeFile(files.certPath, toPem(leaf.get()), publicMode); !written)
        return written.error();
    if (files.outcome == LocalCertificates::Outcome::Reused)
        files.outcome = LocalCertificates::Outcome::LeafRenewed;
    return files;
}

QStringList LocalAuthority::defaultHosts(const QStringList &extra)
{
    QStringList hosts { QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1") };
    const QString hostName = QHostInfo::localHostName().toLower();
    if (!hostName.isEmpty() && !hosts.contains(hostName))
        hosts.append(hostName);
    for (const QString &host : extra) {
        const QString name = normalisedHost(host);
        if (!name.isEmpty() && !hosts.contains(name))
            hosts.append(name);
    }
    return hosts;
}

QString LocalAuthority::defaultDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("tls"));
}

} // namespace Relay::Tls
