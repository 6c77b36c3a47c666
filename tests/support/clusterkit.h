// SPDX-License-Identifier: MIT
#pragma once

#include "redisserver.h"
#include "relaytestkit.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace RelayTest {

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
