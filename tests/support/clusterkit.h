// SPDX-License-Identifier: MIT
#pragma once

#include "relaytestkit.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

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

/// A `relaydesk --no-gui --port 0` process; its port is read from the first line it prints.
class RelayProcess {
public:
    ~RelayProcess();
    bool start(const QStringList &arguments);
    /// SIGKILL: no goodbye to the cluster.
    void kill();
    quint16 port() const { return m_port; }
    QUrl ws(const QString &query = {}) const;
    QUrl http(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)); }
    QString output() const;

private:
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_output;
};

/// Waits until GET `url` answers `status` (e.g. /health 200 once a node has joined the cluster).
bool waitForStatus(Http &http, const QUrl &url, int status, int waitMs = timeoutMs);

} // namespace RelayTest
