// SPDX-License-Identifier: MIT
#include "clusterkit.h"

#include <QRegularExpression>
#include <QTest>

namespace RelayTest {

RelayProcess::~RelayProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(timeoutMs))
            kill();
    }
}

bool RelayProcess::start(const QStringList &arguments)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QStringLiteral(RELAYDESK_BINARY), QStringList { "--no-gui", "--port", "0" } + arguments);
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    (void)QTest::qWaitFor(
        [&] {
            m_output += m_process.readAllStandardOutput();
            return m_output.contains('\n') || m_process.state() != QProcess::Running;
        },
        timeoutMs);
    const QRegularExpressionMatch match = QRegularExpression("http://[^:]+:(\\d+)").match(QString::fromUtf8(m_output));
    m_port = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    return m_port != 0;
}

void RelayProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(timeoutMs);
}

QUrl RelayProcess::ws(const QString &query) const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/app/my-key%2").arg(m_port).arg(query));
}

QString RelayProcess::output() const
{
    return QString::fromUtf8(m_output);
}

bool waitForStatus(Http &http, const QUrl &url, int status, int waitMs)
{
    return QTest::qWaitFor([&] { return http.get(url).status == status; }, waitMs);
}

} // namespace RelayTest
