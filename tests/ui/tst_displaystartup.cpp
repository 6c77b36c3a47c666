// SPDX-License-Identifier: MIT
// relaydesk with a display it cannot open: one line that names it and suggests --no-gui, a non-zero exit,
// never Qt's plugin abort.
#include "relaytestkit.h"

#include <QProcess>
#include <QTest>

using namespace RelayTest;

namespace {
struct Outcome {
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    QString stderrText;
};

Outcome runWithEnvironment(const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(RELAYDESK_BINARY), { QStringLiteral("--port"), QStringLiteral("0") });
    Outcome outcome;
    if (!process.waitForFinished(3 * timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return outcome;
    }
    outcome.status = process.exitStatus();
    outcome.code = process.exitCode();
    outcome.stderrText = QString::fromUtf8(process.readAllStandardError());
    return outcome;
}

QProcessEnvironment withoutDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), QStringLiteral("/tmp"));
    return environment;
}
} // namespace

class DisplayStartupTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unreachableDisplayIsOneLine()
    {
        QProcessEnvironment environment = withoutDisplay();
        environment.insert(QStringLiteral("DISPLAY"), QStringLiteral(":99"));
        const Outcome outcome = runWithEnvironment(environment);
        QCOMPARE(outcome.status, QProcess::NormalExit);
        QCOMPARE(outcome.code, 1);
        const QString text = outcome.stderrText.trimmed();
        QVERIFY2(!text.contains(QLatin1Char('\n')), qPrintable(text));
        QVERIFY2(
            text.startsWith(QLatin1String("relaydesk: cannot open the window on the display :99")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("--no-gui")), qPrintable(text));
    }

    void noDisplayIsOneLine()
    {
        const Outcome outcome = runWithEnvironment(withoutDisplay());
        QCOMPARE(outcome.status, QProcess::NormalExit);
        QCOMPARE(outcome.code, 1);
        const QString text = outcome.stderrText.trimmed();
        QVERIFY2(!text.contains(QLatin1Char('\n')), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("--no-gui")), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(DisplayStartupTest)
#include "tst_displaystartup.moc"
