// SPDX-License-Identifier: MIT
// The Overview with TLS on: the real relay (RelayHost's thread) serving its local CA's certificate, and
// the panel showing scheme, hosts, fingerprint, expiry, the CA buttons, and snippets that speak wss.
#include "mainwindow.h"
#include "overviewpanel.h"
#include "relayhost.h"
#include "relaytestkit.h"
#include "tls/localauthority.h"
#include "tlsbox.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSslCertificate>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Inspector;

namespace {
QString labelText(QWidget *root, const QString &name)
{
    auto *label = root->findChild<QLabel *>(name);
    return label ? label->text() : QString();
}
} // namespace

class TestTlsOverview : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsTheCertificateAndItsCa();
    void withoutTlsThereIsNoTlsBox();
    void usersFilesHaveNoCaButtons();
};

void TestTlsOverview::showsTheCertificateAndItsCa()
{
    QTemporaryDir dir;
    Relay::RelayConfig config = RelayTest::testConfig();
    config.tls.enabled = true;
    config.tls.dir = dir.filePath("tls");
    Relay::RelayHost host(config);
    QVERIFY(host.start());
    MainWindow window(host);
    OverviewPanel *overview = window.overview();

    auto *box = overview->findChild<TlsBox *>("tlsBox");
    QVERIFY(box);
    const QString hosts = labelText(box, "tlsHosts");
    for (const char *name : { "localhost", "127.0.0.1", "::1" })
        QVERIFY2(hosts.contains(name), qPrintable(hosts));
    const QSslCertificate leaf = QSslCertificate::fromPath(dir.filePath("tls/localhost.crt")).value(0);
    const QString fingerprint = QString::fromLatin1(leaf.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    QCOMPARE(labelText(box, "tlsFingerprint").remove('\n'), fingerprint);
    QCOMPARE(box->findChild<QLabel *>("tlsFingerprint")->toolTip(), fingerprint);
    QVERIFY(labelText(box, "tlsExpiry").startsWith(leaf.expiryDate().toUTC().toString("yyyy-MM-dd")));
    QVERIFY(labelText(box, "tlsScheme").contains("plus http and ws"));

    auto *copy = box->findChild<QPushButton *>("copyCaPath");
    QVERIFY(copy);
    QVERIFY(copy->toolTip().contains("NODE_EXTRA_CA_CERTS"));
    copy->click();
    QCOMPARE(QApplication::clipboard()->text(), dir.filePath("tls/ca.crt"));
    QVERIFY(box->findChild<QPushButton *>("exportCa"));
    const QString exported = dir.filePath("exported/relaydesk-ca.crt");
    QVERIFY(!box->exportCa(exported).isEmpty()); // no such folder: an error, not a crash
    QVERIFY(QDir().mkpath(dir.filePath("exported")));
    QCOMPARE(box->exportCa(exported), QString());
    QFile original(dir.filePath("tls/ca.crt"));
    QFile copyFile(exported);
    QVERIFY(original.open(QIODevice::ReadOnly) && copyFile.open(QIODevice::ReadOnly));
    QCOMPARE(copyFile.readAll(), original.readAll());

    for (int tab = 0; tab < overview->snippetTabs()->count(); ++tab) {
        overview->snippetTabs()->setCurrentIndex(tab);
        const QString snippet = overview->shownSnippet();
        QVERIFY2(snippet.contains("forceTLS: true") || snippet.contains("PUSHER_SCHEME=https")
                || snippet.contains("https://"),
            qPrintable(snippet));
    }
}

void TestTlsOverview::withoutTlsThereIsNoTlsBox()
{
    Relay::RelayHost host(RelayTest::testConfig());
    QVERIFY(host.start());
    MainWindow window(host);
    QVERIFY(!window.overview()->findChild<TlsBox *>());
    window.overview()->snippetTabs()->setCurrentIndex(0);
    QVERIFY(window.overview()->shownSnippet().contains("forceTLS: false"));
}

void TestTlsOverview::usersFilesHaveNoCaButtons()
{
    QTemporaryDir dir;
    // The local CA of another relay stands in for a certificate the user already has.
    QVERIFY(Relay::Tls::LocalAuthority::ensure(dir.path(), { "localhost" }).ok());
    Relay::RelayConfig config = RelayTest::testConfig();
    config.tls.certFile = dir.filePath("localhost.crt");
    config.tls.keyFile = dir.filePath("localhost.key");
    config.tls.only = true;
    Relay::RelayHost host(config);
    QVERIFY(host.start());
    MainWindow window(host);
    auto *box = window.overview()->findChild<TlsBox *>();
    QVERIFY(box);
    QVERIFY(!box->findChild<QPushButton *>("copyCaPath"));
    QCOMPARE(labelText(box, "tlsHosts"), "localhost");
    QVERIFY(labelText(box, "tlsScheme").contains("only"));
    QVERIFY(labelText(box, "tlsIssuer").contains(config.tls.certFile));
}

QTEST_MAIN(TestTlsOverview)
#include "tst_tlsoverview.moc"
