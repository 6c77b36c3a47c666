// SPDX-License-Identifier: MIT
#pragma once

#include "relayserver.h"
#include "stats/relaysnapshot.h"
#include "webhooks/webhookattempt.h"

#include <QMutex>
#include <QThread>

#include <functional>
#include <memory>

namespace Relay {

/// The relay's answer to a command from the window, shaped like the HTTP API's answer to the same request.
struct CommandAnswer {
    quint64 requestId = 0;
    int status = 200;
    QByteArray body; ///< compact JSON: {"ok":true} or {"error": "..."}
    bool ok() const { return status >= 200 && status < 300; }
};

/// Runs a RelayServer in a thread of its own, so that a busy fan-out never stalls the caller's thread (the
/// GUI). The caller talks to it only through thread-safe calls: start/shutdown, the feed, snapshots and
/// asynchronous commands whose answers arrive as signals in the caller's thread.
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
    /// What the port serves over TLS, as start() found it.
    const TlsInfo &tlsInfo() const { return m_tlsInfo; }

    /// While observed, the feed keeps events and poll() keeps the snapshot current; unobserved (headless),
    /// neither costs anything.
    void setObserved(bool observed);
    /// Which optional lists (SnapshotPart) the snapshots carry; the relay builds nothing for hidden panels.
    void setSnapshotParts(unsigned parts);
    /// Asks the relay thread for a new snapshot if the relay changed since the last one; call from one thread
    /// (the observer's tick). It reads counters the relay thread publishes, so at rest the relay thread is never
    /// woken: with thousands of sockets each wake-up is a poll over all of them. Frame counters move without a
    /// change of their own: while events flow the connection list is rebuilt at most every
    /// `connectionsRefreshMs`, and once more after they stop.
    void poll();
    static constexpr qint64 connectionsRefreshMs = 2000;
    /// The latest snapshot (never null; empty before the first refresh). Safe from any thread.
    std::shared_ptr<const RelaySnapshot> snapshot() const;

    /// Validates and publishes as POST /apps/{appId}/events would; published() carries the answer.
    quint64 publish(const QString &appId, const Publication &publication);
    /// Several channels at once, as a `channels` list: all are validated before any is published.
    quint64 publish(const QString &appId, const QList<Publication> &publications);
    /// Closes a client's socket with `code`; disconnectAnswered() carries the answer.
    quint64 disconnectSocket(const QString &socketId, int code);

    /// The app's webhook endpoints as they are now (read in the relay's thread).
    QList<WebhookTarget> webhooks(const QString &appId);
    /// Replaces the app's webhook endpoints, effective at once; webhookAnswered() carries the answer.
    quint64 setWebhooks(const QString &appId, const QList<WebhookTarget> &targets);
    /// Sends one sample event of `type` on `channel` to `url`; webhookAnswered() says whether it was queued.
    quint64 sendTestWebhook(const QString &appId, const QString &url, const QString &type, const QString &channel);
    /// Sends a request again exactly as it was; webhookAnswered() says whether it was queued.
    quint64 resendWebhook(const WebhookRequest &request);

    /// Runs `job` in the relay's thread and waits for it; for small reads and commands, never per event.
    void runInRelayThread(const std::function<void(RelayServer &)> &job);
    /// Closes every client with 4200; stopped() follows.
    void shutdown();

Q_SIGNALS:
    void stopped();
    void published(const Relay::CommandAnswer &answer);
    void disconnectAnswered(const Relay::CommandAnswer &answer);
    void webhookAnswered(const Relay::CommandAnswer &answer);

private:
    void refreshSnapshot();
    void requestRefresh();
    void answer(void (RelayHost::*signal)(const CommandAnswer &), CommandAnswer answer);
    quint64 webhookCommand(std::function<Status(WebhookDispatcher &)> command);

    RelayConfig m_config;
    QThread m_thread;
    RelayServer *m_server;
    quint16 m_port = 0;
    TlsInfo m_tlsInfo;
    std::atomic<bool> m_observed { false };
    mutable QMutex m_snapshotMutex;
    std::shared_ptr<const RelaySnapshot> m_snapshot;
    // Relay thread only: what the current snapshot's lists were built from.
    quint64 m_serial = 0;
    quint64 m_stateSerial = 0;
    quint64 m_builtChange = ~quint64(0); ///< the hub's change serial when the lists were last built
    quint64 m_builtEvents = ~quint64(0); ///< the hub's event serial when the channel list was last built
    quint64 m_connectionsEvents = ~quint64(0); ///< the hub's event serial when the connection list was built
    unsigned m_builtParts = NoParts;
    // Written by the relay thread, read by poll().
    std::atomic<bool> m_refreshQueued { false };
    std::atomic<qint64> m_connectionsBuiltMs { 0 };
    std::atomic<bool> m_connectionsStale { false }; ///< events flowed since the connection list was built
    // poll()'s thread only: what the last requested refresh saw.
    quint64 m_polledChange = ~quint64(0);
    quint64 m_polledEvents = ~quint64(0);
    unsigned m_polledParts = NoParts;
    qint64 m_polledMs = 0;
    std::atomic<unsigned> m_parts { AllParts };
    std::atomic<quint64> m_nextRequestId { 1 };
};

} // namespace Relay
