// SPDX-License-Identifier: MIT
// Starting the window's relay on a taken port: the failure is explained in a dialog that offers a free port,
// starting there works, and closing the dialog gives up.
#include "relaytestkit.h"
#include "startupfailuredialog.h"

#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace RelayTest;
using Inspector::StartupFailureDialog;

namespace {
/// Answers the next modal StartupFailureDialog with `answer` once it shows, after recording what it said.
struct DialogAnswer {
    QString error;
    QString explanation;
    int suggestedPort = 0;
    bool seen = false;

    void arm(bool retry)
    {
        QTimer::singleShot(0, qApp, [this, retry] { answerWhenShown(retry); });
    }

private:
    void answerWhenShown(bool retry)
    {
        auto *dialog = qobject_cast<StartupFailureDialog *>(QApplication::activeModalWidget());
        if (dialog == nullptr) {
            QTimer::singleShot(10, qApp, [this, retry] { answerWhenShown(retry); });
            return;
        }
        seen = true;
        error = dialog->findChild<QLabel *>(QStringLiteral("startupError"))->text();
        if (auto *label = dialog->findChild<QLabel *>(QStringLiteral("startupExplanation")))
            explanation = label->text();
        if (auto *port = dialog->findChild<QSpinBox *>(QStringLiteral("startupPort")))
            suggestedPort = port->value();
        if (retry)
            dialog->findChild<QPushButton *>(QStringLiteral("startupRetry"))->click();
        else
            dialog->reject();
    }
};
} // namespace

class StartupDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void takenPortOffersAnotherAndStartsThere()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        Relay::RelayConfig config = testConfig();
        config.port = occupier.serverPort();
        DialogAnswer answer;
        answer.arm(true);
        const std::unique_ptr<Relay::RelayHost> host = StartupFailureDialog::startRelay(config);
        QVERIFY(answer.seen);
        QVERIFY2(answer.error.contains(QStringLiteral("cannot listen on 127.0.0.1:%1").arg(occupier.serverPort())),
            qPrintable(answer.error));
        QVERIFY2(answer.explanation.contains(QStringLiteral("already using port %1").arg(occupier.serverPort())),
            qPrintable(answer.explanation));
        QVERIFY(answer.suggestedPort != 0 && answer.suggestedPort != occupier.serverPort());
        QVERIFY(host != nullptr);
        QCOMPARE(int(host->port()), answer.suggestedPort);
        QCOMPARE(int(config.port), answer.suggestedPort);
        WsClient client;
        QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/app/my-key").arg(host->port()))));
    }

    void closingTheDialogGivesUp()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        Relay::RelayConfig config = testConfig();
        config.port = occupier.serverPort();
        DialogAnswer answer;
        answer.arm(false);
        QVERIFY(StartupFailureDialog::startRelay(config) == nullptr);
        QVERIFY(answer.seen);
    }

    void otherFailuresOfferNoPort()
    {
        Relay::RelayConfig config = testConfig();
        config.tls.certFile = QStringLiteral("/nonexistent/cert.pem");
        config.tls.keyFile = QStringLiteral("/nonexistent/key.pem");
        DialogAnswer answer;
        answer.arm(false);
        QVERIFY(StartupFailureDialog::startRelay(config) == nullptr);
        QVERIFY(answer.seen);
        QVERIFY(!answer.error.isEmpty());
        QCOMPARE(answer.suggestedPort, 0);
        QVERIFY(answer.explanation.isEmpty());
    }

    void freePortIsFree()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        const quint16 port
            = StartupFailureDialog::freePortAfter(QStringLiteral("127.0.0.1"), occupier.serverPort() - 1);
        QVERIFY(port > occupier.serverPort());
        QTcpServer check;
        QVERIFY(check.listen(QHostAddress::LocalHost, port));
    }
};

QTEST_MAIN(StartupDialogTest)
#include "tst_startupdialog.moc"
