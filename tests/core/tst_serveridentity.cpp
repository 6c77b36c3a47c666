// SPDX-License-Identifier: MIT
// Loading the user's own certificate and key: what is served, and a one-line error naming the file for
// every way the files can be wrong.
#include "tls/opensslhandles.h"
#include "tls/serveridentity.h"

#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using Relay::Tls::loadServerIdentity;

namespace {
int openssl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start("openssl", arguments);
    return process.waitForFinished(30000) ? process.exitCode() : -1;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

/// A self-signed certificate and key made by the openssl tool, as mkcert or a company CA would hand them out.
bool makeSelfSigned(const QString &cert, const QString &key, const QStringList &keyArgs)
{
    return openssl(QStringList { "req", "-x509", "-newkey" } + keyArgs
               + QStringList { "-nodes",
                   "-subj",
                   "/CN=devbox.test",
                   "-days",
                   "30",
                   "-addext",
                   "subjectAltName=DNS:devbox.test",
                   "-keyout",
                   key,
                   "-out",
                   cert })
        == 0;
}

/// Re-signs `cert` with validity moved by the given offsets in seconds from now.
void resignWithValidity(const QString &cert, const QString &key, long notBefore, long notAfter)
{
    const Relay::Tls::CertHandle certificate = Relay::Tls::certificateFromPem(fileBytes(cert));
    const Relay::Tls::KeyHandle privateKey = Relay::Tls::privateKeyFromPem(fileBytes(key));
    QVERIFY(certificate && privateKey);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), notBefore);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), notAfter);
    QVERIFY(X509_sign(certificate.get(), privateKey.get(), EVP_sha256()) > 0);
    writeFile(cert, Relay::Tls::toPem(certificate.get()));
}
} // namespace

class TestServerIdentity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void loadsEcAndRsa_data();
    void loadsEcAndRsa();
    void keepsTheWholeChain();
    void refusals_data();
    void refusals();
    void unreadableFile();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cert;
    QString m_key;
};

void TestServerIdentity::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cert = m_dir->filePath("server.crt");
    m_key = m_dir->filePath("server.key");
    QVERIFY(makeSelfSigned(m_cert, m_key, { "ec", "-pkeyopt", "ec_paramgen_curve:P-256" }));
}

void TestServerIdentity::loadsEcAndRsa_data()
{
    QTest::addColumn<QStringList>("keyArgs");
    QTest::addColumn<QSsl::KeyAlgorithm>("algorithm");
    QTest::newRow("ec") << QStringList { "ec", "-pkeyopt", "ec_paramgen_curve:P-256" } << QSsl::Ec;
    QTest::newRow("rsa") << QStringList { "rsa:2048" } << QSsl::Rsa;
}

void TestServerIdentity::loadsEcAndRsa()
{
    QFETCH(QStringList, keyArgs);
    QFETCH(QSsl::KeyAlgorithm, algorithm);
    QVERIFY(makeSelfSigned(m_cert, m_key, keyArgs));
    const auto identity = loadServerIdentity(m_cert, m_key);
    QVERIFY2(identity.ok(), qPrintable(identity.ok() ? QString() : identity.error().message));
    QCOMPARE(identity->chain.size(), 1);
    QCOMPARE(identity->chain.first().subjectInfo(QSslCertificate::CommonName), QStringList { "devbox.test" });
    QCOMPARE(identity->key.algorithm(), algorithm);
    QVERIFY(!identity->key.isNull());
}

void TestServerIdentity::keepsTheWholeChain()
{
    const QString other = m_dir->filePath("other.crt");
    QVERIFY(makeSelfSigned(other, m_dir->filePath("other.key"), { "ec", "-pkeyopt", "ec_paramgen_curve:P-256" }));
    writeFile(m_dir->filePath("chain.crt"), fileBytes(m_cert) + fileBytes(other));
    const auto identity = loadServerIdentity(m_dir->filePath("chain.crt"), m_key);
    QVERIFY(identity.ok());
    QCOMPARE(identity->chain.size(), 2);
}

void TestServerIdentity::refusals_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("named"); // which file the message must name
    QTest::addColumn<QString>("phrase");
    QTest::newRow("missing certificate") << "missing-cert"
                                         << "cert"
                                         << "does not exist";
    QTest::newRow("missing key") << "missing-key"
                                 << "key"
                                 << "does not exist";
    QTest::newRow("certificate is a directory") << "dir-cert"
                                                << "cert"
                                                << "is a directory";
    QTest::newRow("not PEM") << "garbage-cert"
                             << "cert"
                             << "holds no PEM certificate";
    QTest::newRow("key not PEM") << "garbage-key"
                                 << "key"
                                 << "holds no PEM private key";
    QTest::newRow("key and certificate swapped") << "swapped"
                                                 << "cert"
                                                 << "holds no PEM certificate";
    QTest::newRow("encrypted key") << "encrypted-key"
                                   << "key"
                                   << "is encrypted";
    QTest::newRow("key of another certificate") << "mismatch"
                                                << "key"
                                                << "does not match the certificate";
    QTest::newRow("expired") << "expired"
                             << "cert"
                             << "expired on";
    QTest::newRow("not yet valid") << "future"
                                   << "cert"
                                   << "is not valid before";
}

void TestServerIdentity::refusals()
{
    QFETCH(QString, fault);
    QFETCH(QString, named);
    QFETCH(QString, phrase);
    QString cert = m_cert;
    QString key = m_key;
    if (fault == "missing-cert")
        cert = m_dir->filePath("nope.crt");
    else if (fault == "missing-key")
        key = m_dir->filePath("nope.key");
    else if (fault == "dir-cert")
        cert = m_dir->path();
    else if (fault == "garbage-cert")
        writeFile(cert, "hello\n");
    else if (fault == "garbage-key")
        writeFile(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    else if (fault == "swapped")
        std::swap(cert, key);
    else if (fault == "encrypted-key") {
        key = m_dir->filePath("encrypted.key");
        QCOMPARE(openssl({ "pkey", "-in", m_key, "-aes256", "-passout", "pass:secret", "-out", key }), 0);
    } else if (fault == "mismatch")
        QVERIFY(makeSelfSigned(m_dir->filePath("other.crt"), key, { "ec", "-pkeyopt", "ec_paramgen_curve:P-256" }));
    else if (fault == "expired")
        resignWithValidity(cert, key, -10 * 86400, -86400);
    else if (fault == "future")
        resignWithValidity(cert, key, 86400, 10 * 86400);
    const auto identity = loadServerIdentity(cert, key);
    QVERIFY(!identity.ok());
    const QString message = identity.error().message;
    QVERIFY2(message.contains(named == "cert" ? cert : key), qPrintable(message));
    QVERIFY2(message.contains(phrase), qPrintable(message));
    QVERIFY2(!message.contains('\n'), qPrintable(message));
}

void TestServerIdentity::unreadableFile()
{
    // A socket file exists but cannot be opened by anyone, root included.
    QLocalServer socketFile;
    QVERIFY(socketFile.listen(m_dir->filePath("server.sock")));
    const auto identity = loadServerIdentity(m_cert, m_dir->filePath("server.sock"));
    QVERIFY(!identity.ok());
    QVERIFY2(identity.error().message.startsWith("cannot read TLS key file " + m_dir->filePath("server.sock")),
        qPrintable(identity.error().message));
    if (::geteuid() == 0)
        return; // root reads a file whatever its mode
    QVERIFY(QFile::setPermissions(m_key, QFileDevice::WriteOwner));
    const auto denied = loadServerIdentity(m_cert, m_key);
    QVERIFY(!denied.ok());
    QVERIFY2(
        denied.error().message.startsWith("cannot read TLS key file " + m_key), qPrintable(denied.error().message));
}

QTEST_GUILESS_MAIN(TestServerIdentity)
#include "tst_serveridentity.moc"
