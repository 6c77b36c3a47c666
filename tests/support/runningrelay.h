// SPDX-License-Identifier: MIT
#pragma once

#include "relaytestkit.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <functional>

namespace RelayTest {

/// A running `relaydesk --no-gui` (or with its window, `withWindow`) on a free port, with the port read from
/// its first line. The including target defines RELAYDESK_BINARY.
struct RunningRelay {
    QProcess process;
    quint16 port = 0;
    QByteArray output; ///< stdout read so far
    std::function<void()> inChild; ///< runs in the child before exec (setrlimit and the like)

    bool start(const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        bool withWindow = false)
    {
        process.setProcessEnvironment(environment);
        if (inChild)
            process.setChildProcessModifier(inChild);
        process.start(QStringLiteral(RELAYDESK_BINARY),
            (withWindow ? QStringList {} : QStringList { "--no-gui" }) + QStringList { "--port", "0" } + arguments);
        if (!process.waitForStarted(timeoutMs))
            return false;
        for (int waited = 0; waited < timeoutMs && !output.contains('\n') && process.state() == QProcess::Running;
             waited += 10) {
            QTest::qWait(10);
            output += process.readAllStandardOutput();
        }
        const QRegularExpressionMatch match
            = QRegularExpression("http://[^:]+:(\\d+)").match(QString::fromUtf8(output));
        port = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
        return port != 0;
    }
    QUrl ws(const QString &key = "my-key") const
    {
        return QUrl(QString("ws://127.0.0.1:%1/app/%2").arg(port).arg(key));
    }
    QUrl http(const QString &path) const { return QUrl(QString("http://127.0.0.1:%1%2").arg(port).arg(path)); }
};

} // namespace RelayTest
