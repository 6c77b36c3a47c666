// SPDX-License-Identifier: MIT
#pragma once

#include "relayserver.h"

#include <QThread>

namespace Relay {

/// Runs a RelayServer in a thread of its own, so that a busy fan-out never stalls the caller's thread (the
/// GUI). The caller talks to it only through thread-safe calls: start/shutdown, the feed, and snapshots.
class RelayHost : public QObject {
    Q_OBJECT
public:
    explicit RelayHost(const RelayConfig &config, QObject *parent = nullptr);
    ~RelayHost() override;

    /// Starts the thread and binds the port; returns once listening or failed.
    Status start();
    quint16 port() const { return m_port; }
    QString listenAddress() const;
    RelayFeed &feed() { return m_server->hub().feed(); }
    const RelayConfig &config() const { return m_config; }

    /// Runs `job` in the relay's thread and waits for it; for small reads and commands, never per event.
    void runInRelayThread(const std::function<void(RelayServer &)> &job);
    /// Closes every client with 4200; stopped() follows.
    void shutdown();

Q_SIGNALS:
    void stopped();

private:
    RelayConfig m_config;
    QThread m_thread;
    RelayServer *m_server;
    quint16 m_port = 0;
};

} // namespace Relay
