// SPDX-License-Identifier: MIT
#include "redisserver.h"

#include "relaytestkit.h"

#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>

namespace RelayTest {

namespace {
    quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    bool answersPing(quint16 port)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(200))
            return false;
        socket.write("PING\r\n");
        return socket.waitForReadyRead(1000) && socket.readAll().startsWith("+PONG");
    }
} // namespace

RedisServer::~RedisServer()
{
    stop();
}

bool RedisServer::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty();
}

bool RedisServer::start()
{
    if (!available() || !m_dir.isValid())
        return false;
    if (m_port == 0)
        m_port = freePort();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->setStandardOutputFile(m_dir.filePath(QStringLiteral("redis.log")));
    // The server dies with the test: a crashed suite leaves no server holding ctest's output pipe open.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(QStringLiteral("redis-server"),
        { "--port",
            QString::number(m_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            m_dir.path() });
    if (!m_process->waitForStarted(timeoutMs))
        return false;
    return QTest::qWaitFor([&] { return answersPing(m_port) || m_process->state() != QProcess::Running; }, timeoutMs)
        && m_process->state() == QProcess::Running;
}

void RedisServer::stop()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(timeoutMs);
    m_process.reset();
}

} // namespace RelayTest
