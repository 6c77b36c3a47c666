// SPDX-License-Identifier: MIT
// The local certificate authority: the chain verifies with the openssl tool, the leaf carries what browsers
// require, keys stay private, and later starts reuse or renew the files as promised.
#include "tls/localauthority.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using Relay::Tls::LocalAuthority;
using Relay::Tls::LocalCertificates;

namespace {
const QStringList hosts { "localhost", "127.0.0.1", "::1", "devbox" };

/// Runs the openssl tool; returns its stdout+stderr and exit code.
std::pair<int, QString> openssl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start("openssl", arguments);
    if (!process.waitForFinished(30000))
        return { -1, "openssl did not finish" };
    return { process.exitCode(), QString::fromUtf8(process.readAll()) };
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int modeOf(const QString &path)
{
    struct stat info { };
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}

QSslCertificate certificateAt(const QString &path)
{
    return QSslCertificate::fromPath(path).value(0);
}
} // namespace

class TestLocalAuthority : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsAChainThatOpensslVerifies();
    void leafCarriesSansEkuAndValidity();
    void authorityIsACa();
    void keysAreOwnerOnly();
    void secondStartReusesTheFiles();
    void hostChangeRenewsOnlyTheLeaf();
    void leafNearExpiryIsRenewed();
    void foreignLeafIsReplaced();
    void missingCaKeyIsAnErrorNamingIt();
    void mismatchedCaKeyIsAnErrorNamingIt();
    void defaultHostsIncludeTheListenAddress();
};

void TestLocalAuthority::createsAChainThatOpensslVerifies()
{
    QTemporaryDir dir;
    const auto files = LocalAuthority::ensure(dir.filePath("tls"), hosts);
    QVERIFY2(files.ok(), qPrintable(files.ok() ? QString() : files.error().message));
    QCOMPARE(files->outcome, LocalCertificates::Outcome::Created);
    QCOMPARE(files->caCertPath, dir.filePath("tls/ca.crt"));
    QCOMPARE(files->certPath, dir.filePath("tls/localhost.crt"));
    QCOMPARE(files->keyPath, dir.filePath("tls/localhost.key"));
    QVERIFY(QFileInfo::exists(dir.filePath("tls/ca.key")));
    const auto [code, output]
        = openssl({ "verify", "-purpose", "sslserver", "-CAfile", files->caCertPath, files->certPath });
    QVERIFY2(code == 0, qPrintable(output));
    QVERIFY(output.contains(": OK"));
    // Each host name verifies too, as a client checking the name would.
    for (const QString &host : { QString("localhost"), QString("devbox") }) {
        const auto [hostCode, hostOutput]
            = openssl({ "verify", "-CAfile", files->caCertPath, "-verify_hostname", host, files->certPath });
        QVERIFY2(hostCode == 0, qPrintable(hostOutput));
    }
    const auto [ipCode, ipOutput]
        = openssl({ "verify", "-CAfile", files->caCertPath, "-verify_ip", "::1", files->certPath });
    QVERIFY2(ipCode == 0, qPrintable(ipOutput));
    const auto [otherCode, otherOutput]
        = openssl({ "verify", "-CAfile", files->caCertPath, "-verify_hostname", "example.com", files->certPath });
    QVERIFY2(otherCode != 0, qPrintable(otherOutput));
    // The key belongs to the certificate.
    const auto [certKeyCode, certKey] = openssl({ "x509", "-in", files->certPath, "-noout", "-pubkey" });
    const auto [keyCode, keyPub] = openssl({ "pkey", "-in", files->keyPath, "-pubout" });
    QCOMPARE(certKeyCode, 0);
    QCOMPARE(keyCode, 0);
    QCOMPARE(certKey, keyPub);
}

void TestLocalAuthority::leafCarriesSansEkuAndValidity()
{
    QTemporaryDir dir;
    const auto files = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(files.ok());
    const auto [code, text] = openssl({ "x509", "-in", files->certPath, "-noout", "-text" });
    QCOMPARE(code, 0);
    QVERIFY2(
        text.contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:devbox"), qPrintable(text));
    QVERIFY2(
        text.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication"), qPrintable(text));
    QVERIFY(text.contains("CA:FALSE"));
    QVERIFY(text.contains("Digital Signature"));
    const QSslCertificate leaf = certificateAt(files->certPath);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 lifetimeDays = leaf.effectiveDate().secsTo(leaf.expiryDate()) / 86400;
    QVERIFY2(lifetimeDays <= 825 && lifetimeDays >= 824, qPrintable(QString::number(lifetimeDays)));
    QVERIFY(leaf.effectiveDate() <= now);
    QVERIFY(leaf.effectiveDate() > now.addSecs(-2 * 3600));
    // The openssl tool's own check of the -checkend window agrees: valid in 800 days, not in 826.
    QCOMPARE(openssl({ "x509", "-in", files->certPath, "-noout", "-checkend", QString::number(800 * 86400) }).first, 0);
    QVERIFY(
        openssl({ "x509", "-in", files->certPath, "-noout", "-checkend", QString::number(826 * 86400) }).first != 0);
}

void TestLocalAuthority::authorityIsACa()
{
    QTemporaryDir dir;
    const auto files = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(files.ok());
    const auto [code, text] = openssl({ "x509", "-in", files->caCertPath, "-noout", "-text" });
    QCOMPARE(code, 0);
    QVERIFY2(text.contains("CA:TRUE, pathlen:0"), qPrintable(text));
    QVERIFY(text.contains("Certificate Sign, CRL Sign"));
    QVERIFY(text.contains("Relay Desk local CA"));
    const QSslCertificate ca = certificateAt(files->caCertPath);
    QVERIFY(ca.expiryDate() > QDateTime::currentDateTimeUtc().addYears(9));
}

void TestLocalAuthority::keysAreOwnerOnly()
{
    QTemporaryDir dir;
    const auto files = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(files.ok());
    QCOMPARE(modeOf(files->keyPath), 0600);
    QCOMPARE(modeOf(dir.filePath("ca.key")), 0600);
    QCOMPARE(modeOf(files->certPath) & 0600, 0600);
    // A key whose mode was widened by hand is tightened again on the next start.
    QVERIFY(::chmod(QFile::encodeName(files->keyPath).constData(), 0644) == 0);
    QVERIFY(LocalAuthority::ensure(dir.path(), hosts).ok());
    QCOMPARE(modeOf(files->keyPath), 0600);
}

void TestLocalAuthority::secondStartReusesTheFiles()
{
    QTemporaryDir dir;
    QVERIFY(LocalAuthority::ensure(dir.path(), hosts).ok());
    const QByteArray ca = fileBytes(dir.filePath("ca.crt"));
    const QByteArray caKey = fileBytes(dir.filePath("ca.key"));
    const QByteArray leaf = fileBytes(dir.filePath("localhost.crt"));
    const QByteArray key = fileBytes(dir.filePath("localhost.key"));
    const auto again = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(again.ok());
    QCOMPARE(again->outcome, LocalCertificates::Outcome::Reused);
    QCOMPARE(fileBytes(dir.filePath("ca.crt")), ca);
    QCOMPARE(fileBytes(dir.filePath("ca.key")), caKey);
    QCOMPARE(fileBytes(dir.filePath("localhost.crt")), leaf);
    QCOMPARE(fileBytes(dir.filePath("localhost.key")), key);
}

void TestLocalAuthority::hostChangeRenewsOnlyTheLeaf()
{
    QTemporaryDir dir;
    QVERIFY(LocalAuthority::ensure(dir.path(), hosts).ok());
    const QByteArray ca = fileBytes(dir.filePath("ca.crt"));
    const QByteArray leaf = fileBytes(dir.filePath("localhost.crt"));
    QStringList moved = hosts;
    moved.last() = "otherbox";
    const auto renewed = LocalAuthority::ensure(dir.path(), moved);
    QVERIFY(renewed.ok());
    QCOMPARE(renewed->outcome, LocalCertificates::Outcome::LeafRenewed);
    QCOMPARE(fileBytes(dir.filePath("ca.crt")), ca);
    QVERIFY(fileBytes(dir.filePath("localhost.crt")) != leaf);
    QVERIFY(certificateAt(renewed->certPath).subjectAlternativeNames().values().contains("otherbox"));
    QCOMPARE(openssl({ "verify", "-CAfile", renewed->caCertPath, renewed->certPath }).first, 0);
}

void TestLocalAuthority::leafNearExpiryIsRenewed()
{
    QTemporaryDir dir;
    const auto files = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(files.ok());
    // Re-sign the same request for 10 days: within the renewal window, same CA, same hosts.
    const QString extensions = dir.filePath("ext.cnf");
    QFile ext(extensions);
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,DNS:devbox\nextendedKeyUsage=serverAuth\n");
    ext.close();
    const QString request = dir.filePath("leaf.csr");
    QCOMPARE(
        openssl({ "x509", "-x509toreq", "-in", files->certPath, "-signkey", files->keyPath, "-out", request }).first,
        0);
    const auto [code, output] = openssl({ "x509",
        "-req",
        "-in",
        request,
        "-CA",
        files->caCertPath,
        "-CAkey",
        dir.filePath("ca.key"),
        "-days",
        "10",
        "-extfile",
        extensions,
        "-out",
        files->certPath });
    QVERIFY2(code == 0, qPrintable(output));
    QVERIFY(certificateAt(files->certPath).expiryDate() < QDateTime::currentDateTimeUtc().addDays(11));
    const auto renewed = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(renewed.ok());
    QCOMPARE(renewed->outcome, LocalCertificates::Outcome::LeafRenewed);
    QVERIFY(certificateAt(files->certPath).expiryDate() > QDateTime::currentDateTimeUtc().addDays(800));
}

void TestLocalAuthority::foreignLeafIsReplaced()
{
    QTemporaryDir dir;
    QVERIFY(LocalAuthority::ensure(dir.path(), hosts).ok());
    // A self-signed certificate dropped in place of the leaf is not from this CA.
    const auto [code, output] = openssl({ "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-days",
        "100",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,DNS:devbox",
        "-keyout",
        dir.filePath("localhost.key"),
        "-out",
        dir.filePath("localhost.crt") });
    QVERIFY2(code == 0, qPrintable(output));
    const auto renewed = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(renewed.ok());
    QCOMPARE(renewed->outcome, LocalCertificates::Outcome::LeafRenewed);
    QCOMPARE(openssl({ "verify", "-CAfile", renewed->caCertPath, renewed->certPath }).first, 0);
}

void TestLocalAuthority::missingCaKeyIsAnErrorNamingIt()
{
    QTemporaryDir dir;
    QVERIFY(LocalAuthority::ensure(dir.path(), hosts).ok());
    const QByteArray ca = fileBytes(dir.filePath("ca.crt"));
    QVERIFY(QFile::remove(dir.filePath("ca.key")));
    const auto files = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(!files.ok());
    QVERIFY2(files.error().message.contains(dir.filePath("ca.key")), qPrintable(files.error().message));
    QVERIFY(!files.error().message.contains('\n'));
    QCOMPARE(fileBytes(dir.filePath("ca.crt")), ca); // the trusted CA is never replaced silently
}

void TestLocalAuthority::mismatchedCaKeyIsAnErrorNamingIt()
{
    QTemporaryDir dir;
    QVERIFY(LocalAuthority::ensure(dir.path(), hosts).ok());
    QCOMPARE(
        openssl(
            { "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", dir.filePath("ca.key") })
            .first,
        0);
    const auto files = LocalAuthority::ensure(dir.path(), hosts);
    QVERIFY(!files.ok());
    QVERIFY2(files.error().message.contains(dir.filePath("ca.key")), qPrintable(files.error().message));
    QVERIFY(files.error().message.contains("does not match"));
}

void TestLocalAuthority::defaultHostsIncludeTheListenAddress()
{
    const QStringList defaults = LocalAuthority::defaultHosts({ "192.168.7.9" });
    QCOMPARE(defaults.mid(0, 3), QStringList({ "localhost", "127.0.0.1", "::1" }));
    QCOMPARE(defaults.last(), "192.168.7.9");
    QCOMPARE(LocalAuthority::defaultHosts({ "127.0.0.1" }).count("127.0.0.1"), 1);
}

QTEST_GUILESS_MAIN(TestLocalAuthority)
#include "tst_localauthority.moc"
