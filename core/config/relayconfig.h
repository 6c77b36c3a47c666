// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "redisurl.h"
#include "webhookconfig.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

class QProcessEnvironment;

namespace Relay {

/// One application: its credentials and its limits. Every limit is enforced by the relay.
struct AppConfig {
    QString id = QStringLiteral("my-app");
    QString key = QStringLiteral("my-key");
    QString secret = QStringLiteral("my-secret");
    int maxConnections = 0; ///< 0: only the server-wide limit applies
    int maxChannelNameLength = 200;
    int maxEventPayloadKb = 100; ///< size of the `data` string
    int maxEventNameLength = 200;
    int maxBatchSize = 10; ///< events in one batch request
    int clientEventsPerSecond = 10; ///< per socket
    int historySize = 100; ///< events kept per channel
    int maxPresenceMembers = 100; ///< members per presence channel
    int maxUserInfoKb = 10; ///< presence channel_data size
    int maxSubscriptionsPerSocket = 1000; ///< channels one socket may hold at once (see README)
    bool clientEventsEnabled = true;
    bool authEndpointEnabled = true; ///< the dev-only /auth signer
    bool subscriptionCountEnabled = false; ///< send pusher_internal:subscription_count on non-presence channels
    QStringList allowedOrigins; ///< browser origins allowed for this app besides the server-wide ones
    QString encryptionMasterKeyBase64; ///< 32 bytes; enables shared_secret for private-encrypted- channels
    WebhookSettings webhooks;

    QByteArray encryptionMasterKey() const { return QByteArray::fromBase64(encryptionMasterKeyBase64.toLatin1()); }

    qsizetype maxPayloadBytes() const { return qsizetype(maxEventPayloadKb) * 1024; }
};

/// How the port speaks TLS. With `certFile`/`keyFile` set, those files are served; otherwise `enabled` makes
/// a local certificate authority in `dir` (empty: the application data directory's `tls/`) and serves its
/// certificate. Plain connections share the port unless `only`.
struct TlsSettings {
    bool enabled = false;
    QString dir;
    QString certFile;
    QString keyFile;
    bool only = false;

    bool active() const { return enabled || !certFile.isEmpty() || !keyFile.isEmpty(); }
    bool userFiles() const { return !certFile.isEmpty() || !keyFile.isEmpty(); }
};

/// Server-wide settings. Defaults are those of PROTOCOL-NOTES.md.
struct RelayConfig {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6001;
    int maxConnections = 10000;
    int activityTimeoutSeconds = 120; ///< sent to clients; silence this long earns a server ping
    int pongTimeoutSeconds = 30; ///< wait for any frame after a server ping before closing 4201
    int closeTimeoutSeconds = 10; ///< a WebSocket close the client does not complete is cut off after this
    int httpTimeoutSeconds = 30; ///< stalled requests and idle keep-alive connections
    int httpHeadTimeoutSeconds = 10; ///< a request head must arrive whole within this, however it trickles in
    int maxHttpConnections = 1000; ///< plain HTTP connections (not yet upgraded) at once; more are refused
    int maxRequestBodyKb = 2048;
    int maxHeaderKb = 16;
    int maxFrameKb = 512; ///< a WebSocket message over this is closed with 1009
    int sendBudgetKb = 4096; ///< unsent bytes per socket before it is closed with 4100
    int listenBacklog = 4096;
    int coalesceMs = 0; ///< extra wait before flushing queued frames; 0 flushes once per event-loop pass
    int eventLogSize = 20; ///< the app's last N events at /events/log
    int webhookMaxInFlight = 4; ///< requests in flight per webhook URL
    int webhookQueueMax = 1000; ///< deliveries waiting per webhook URL; over it the oldest is dropped
    int webhookQueueMaxKb = 10240; ///< their bodies' size per URL, likewise
    int webhookShutdownGraceMs = 2000; ///< pending deliveries' last chance at shutdown
    int inspectorMemoryMb = 256; ///< memory the inspector's feed and event log may each hold; the oldest are dropped
    bool debug = false;
    bool metrics = true; ///< serve GET /metrics (Prometheus text, unauthenticated)
    TlsSettings tls;
    RedisSettings redis;
    /// Browser origins allowed besides the defaults (loopback, localhost, *.localhost, *.test); see OriginPolicy.
    QStringList allowedOrigins;
    QList<AppConfig> apps { AppConfig {} };

    /// Checks ranges and uniqueness of app ids and keys.
    Status validate() const;
    /// The host a client on this machine dials: a wildcard listen address (0.0.0.0, ::) is not dialable.
    QString dialHost() const { return dialableHost(host); }
    static QString dialableHost(const QString &listenHost)
    {
        return listenHost == QLatin1String("0.0.0.0") || listenHost == QLatin1String("::")
            ? QStringLiteral("127.0.0.1")
            : listenHost;
    }
    AppConfig &defaultApp() { return apps.first(); }
};

/// Applies a JSON config file on top of `config` (see README for the format).
Status applyConfigFile(RelayConfig &config, const QString &path);
/// Applies the RELAY_* variables on top of `config`.
Status applyEnvironment(RelayConfig &config, const QProcessEnvironment &environment);

} // namespace Relay
