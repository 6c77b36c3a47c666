// SPDX-License-Identifier: MIT
#pragma once

#include "config/relayconfig.h"
#include "service/hub.h"
#include "tls/tlssetup.h"

#include <QObject>

#include <memory>

class QWebSocket;

namespace Relay {

class GuardedTcpServer;
class HttpApi;
class RelayHttpServer;
class RedisBroker;
class RedisStore;
class Session;
class Transport;
class WebhookDispatcher;

/// A fault injected into one connection, so that a client's reconnect and error paths can be tried.
struct ConnectionFault {
    enum class Kind {
        Delay, ///< hold every outgoing frame for `delayMs` (0 ends the delay)
        Stall, ///< stop reading from and writing to it; the send budget then closes it with 4100
        IgnorePings, ///< leave its pings unanswered
        Close, ///< close it with `closeCode` and `reason`
        Clear, ///< end the delay, the stall and the ignored pings
    };
    Kind kind = Kind::Clear;
    qint64 delayMs = 0;
    int closeCode = 4000;
    QString reason;
};

/// The composition root: one port that serves the HTTP API and upgrades `/app/{key}` to WebSocket sessions,
/// all driven by one Hub. Lives in (and must be used from) the thread that created it.
class RelayServer : public QObject {
    Q_OBJECT
public:
    explicit RelayServer(const RelayConfig &config, QObject *parent = nullptr);
    ~RelayServer() override;

    /// Binds the port; the error says what went wrong in one line (e.g. the port is in use).
    Status start();
    quint16 port() const;
    QString listenAddress() const;

    /// Closes every client with 4200; once all are gone (or after a short grace period) pending webhooks get
    /// theirs, then stopped() is emitted.
    void shutdown();

    /// Applies `fault` to the connection with that socket id and marks it in the feed (a Fault event);
    /// NotFound when no such connection is open, BadRequest for a close code outside 1000-4999.
    Status injectFault(const QString &socketId, const ConnectionFault &fault);
    /// A simulated restart: every client is closed with 4200 and WebSocket upgrades are answered 503 for
    /// `refuseSeconds`; the HTTP API keeps answering. Marked in the feed.
    void simulateRestart(int refuseSeconds);

    Hub &hub() { return *m_hub; }
    WebhookDispatcher &webhooks() { return *m_webhooks; }
    /// Every open session, for observers' snapshots.
    QList<Session *> sessions() const;
    const RelayConfig &config() const { return m_config; }
    /// Allows a browser origin or Host name (an `allowed_origins` entry) server-wide until the relay stops; the
    /// config file is not changed. Error when the entry is malformed or the relay is not listening.
    Status allowOrigin(const QString &entry);
    /// What the port serves over TLS; `enabled` is false without TLS. Set by start().
    const TlsInfo &tlsInfo() const { return m_tlsInfo; }
    /// The cluster's store with --redis, for observers; nullptr for a node alone.
    RedisStore *cluster() const { return m_store; }

Q_SIGNALS:
    void stopped();

private:
    void acceptWebSockets();
    void noteRefusedOrigin(const QString &origin, const QString &host, const QString &message);
    void open(std::unique_ptr<QWebSocket> handshake);
    void finishShutdownIfDone();
    void joinCluster();
    void finishShutdown();

    RelayConfig m_config;
    TlsInfo m_tlsInfo;
    Transport *m_transport; ///< a child, so that moveToThread() takes it along; deleted before the hub
    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<HttpApi> m_api;
    RelayHttpServer *m_http = nullptr;
    WebhookDispatcher *m_webhooks;
    GuardedTcpServer *m_listener = nullptr;
    RedisBroker *m_broker = nullptr; ///< a child; only with --redis
    RedisStore *m_store = nullptr; ///< a child; only with --redis
    SessionId m_nextSessionId = 1;
    bool m_shuttingDown = false;
    bool m_finishing = false; ///< clients are gone (or out of time); webhooks get their grace period
    bool m_stopped = false; ///< stopped() is emitted once
};

} // namespace Relay
