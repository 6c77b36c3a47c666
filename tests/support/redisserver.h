// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace RelayTest {

/// A throw-away `redis-server` on a free loopback port: no persistence, data in a temporary directory.
/// stop() and start() again keep the port, so relays can be made to lose and regain it.
class RedisServer {
public:
    ~RedisServer();
    /// False when the binary is missing (see available()) or it does not answer PING.
    bool start();
    void stop();
    static bool available();
    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

} // namespace RelayTest
