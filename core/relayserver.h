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
class Session;
class Transport;
class WebhookDispatcher;

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

Q_SIGNALS:
    void stopped();

private:
    void acceptWebSockets();
    void noteRefusedOrigin(const QString &origin, const QString &host, const QString &message);
    void open(std::unique_ptr<QWebSocket> handshake);
    void finishShutdownIfDone();
    void finishShutdown();

    RelayConfig m_config;
    TlsInfo m_tlsInfo;
    Transport *m_transport; ///< a child, so that moveToThread() takes it along; deleted before the hub
    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<HttpApi> m_api;
    RelayHttpServer *m_http = nullptr;
    WebhookDispatcher *m_webhooks;
    GuardedTcpServer *m_listener = nullptr;
    SessionId m_nextSessionId = 1;
    bool m_shuttingDown = false;
    bool m_finishing = false; ///< clients are gone (or out of time); webhooks get their grace period
    bool m_stopped = false; ///< stopped() is emitted once
};

} // namespace Relay
