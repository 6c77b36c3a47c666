// SPDX-License-Identifier: MIT
#include "relayserver.h"

#include "engine/redis/redisbroker.h"
#include "engine/redis/redisstore.h"
#include "http/guardedtcpserver.h"
#include "http/httpapi.h"
#include "http/relayhttpserver.h"
#include "protocol/messages.h"
#include "stats/metricstext.h"
#include "transport/transport.h"
#include "webhooks/webhookdispatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSysInfo>
#include <QDebug>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

namespace Relay {

namespace {
    constexpr int shutdownGraceMs = 3000; // clients get this long to acknowledge the 4200 close

    /// Dialect from the URL: Pusher clients send `?protocol=7`. Unsupported versions get 4007.
    Result<Dialect> dialectOf(const QUrl &url)
    {
        const QUrlQuery query(url);
        if (!query.hasQueryItem(QStringLiteral("protocol")))
            return Dialect::Relay;
        bool ok = false;
        const int version = query.queryItemValue(QStringLiteral("protocol")).toInt(&ok);
        if (!ok || version < 5 || version > 7)
            return Error { ErrorCode::UnsupportedProtocol,
                QStringLiteral("unsupported protocol version \"%1\"; this relay speaks Pusher protocol 7")
                    .arg(query.queryItemValue(QStringLiteral("protocol")).left(20)) };
        return Dialect::Pusher;
    }
} // namespace

RelayServer::RelayServer(const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_transport(new Transport(config.coalesceMs, this))
    , m_hub(std::make_unique<Hub>(config, *m_transport))
    , m_api(std::make_unique<HttpApi>(*m_hub))
    , m_webhooks(new WebhookDispatcher(*m_hub, config, this))
{
    m_hub->setObserver(m_webhooks);
    connect(m_transport, &Transport::sessionFinished, this, [this] {
        if (m_shuttingDown)
            finishShutdownIfDone();
    });
}

RelayServer::~RelayServer()
{
    m_hub->setBroker(nullptr);
    m_hub->setStore(nullptr);
    delete std::exchange(m_store, nullptr); // it refers to the broker, an older child that Qt would delete first
    delete std::exchange(m_broker, nullptr);
    m_hub->setObserver(nullptr); // the sessions' last unsubscribes send no webhooks
    delete std::exchange(m_webhooks, nullptr); // it refers to the hub, which goes before the children
    for (Session *session : m_transport->sessions())
        m_hub->remove(*session);
    delete m_transport; // every session, live or finished, before the hub they point to
    delete m_http;
}

Status RelayServer::start()
{
    std::optional<TlsContext> tls;
    if (m_config.tls.active()) {
        Result<TlsContext> prepared = prepareTls(m_config.tls, m_config.host);
        if (!prepared)
            return prepared.error();
        tls = std::move(prepared).value();
        m_tlsInfo = tls->info;
    }
    m_http = new RelayHttpServer(*m_api);
    connect(m_http, &QAbstractHttpServer::newWebSocketConnection, this, &RelayServer::acceptWebSockets);
    if (m_config.metrics)
        m_api->setMetricsSource([this] { return metricsText(*m_hub, sessions()); });

    const HttpLimits limits { qint64(m_config.maxHeaderKb) * 1024,
        qint64(m_config.maxRequestBodyKb) * 1024,
        qint64(m_config.httpTimeoutSeconds) * 1000,
        qint64(m_config.httpHeadTimeoutSeconds) * 1000 };
    m_listener = new GuardedTcpServer(limits, OriginPolicy(m_config), m_config.listenBacklog);
    m_listener->setMaxConnections(m_config.maxHttpConnections);
    if (tls)
        m_listener->setTls(tls->configuration, m_config.tls.only);
    connect(m_listener, &GuardedTcpServer::upgrading, m_transport, &Transport::expectUpgrade);
    connect(m_listener, &GuardedTcpServer::refusedOrigin, this, &RelayServer::noteRefusedOrigin);
    const QHostAddress address = m_config.host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                                             : QHostAddress(m_config.host);
    if (!m_listener->listen(address, m_config.port)) {
        const QString reason = m_listener->errorString();
        delete m_listener;
        m_listener = nullptr;
        return Error { ErrorCode::BadRequest,
            QStringLiteral("cannot listen on %1:%2: %3").arg(m_config.host).arg(m_config.port).arg(reason) };
    }
    m_http->attach(m_listener);
    if (m_config.redis.enabled())
        joinCluster();
    return Ok {};
}

void RelayServer::joinCluster()
{
    const QString node = m_config.redis.node.isEmpty()
        ? QStringLiteral("%1:%2:%3").arg(QSysInfo::machineHostName()).arg(port()).arg(QCoreApplication::applicationPid())
        : m_config.redis.node;
    // validate() has checked the URL.
    m_broker = new RedisBroker(parseRedisUrl(m_config.redis.url).value(), m_config.redis.prefix, node, this);
    m_store = new RedisStore(*m_broker, m_config.redis.nodeTimeoutSeconds, this);
    m_hub->setBroker(m_broker);
    m_hub->setStore(m_store);
    m_broker->open();
}

Status RelayServer::allowOrigin(const QString &entry)
{
    if (!m_listener)
        return badRequest(QStringLiteral("the relay is not listening"));
    if (!m_listener->originPolicy().allow(entry))
        return badRequest(QStringLiteral("\"%1\" is not \"*\", scheme://host[:port], host[:port] or *.domain[:port]")
                              .arg(entry.left(200)));
    qInfo().noquote()
        << QStringLiteral("allowed origin %1 until the relay stops (not written to the config file)").arg(entry);
    return Ok {};
}

void RelayServer::noteRefusedOrigin(const QString &origin, const QString &host, const QString &message)
{
    RelayFeed &feed = m_hub->feed();
    if (!feed.observed())
        return;
    // The Host is checked first: when it was refused, allowing the origin would not help.
    const bool hostRefused = !host.isEmpty() && !m_listener->originPolicy().allowsHost(host.toUtf8());
    feed.append(FeedEvent::of(FeedEvent::Kind::OriginRefused, {}, {}, hostRefused ? host : origin, {}, message));
}

quint16 RelayServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QString RelayServer::listenAddress() const
{
    return QStringLiteral("%1:%2").arg(m_config.host).arg(port());
}

QList<Session *> RelayServer::sessions() const
{
    return m_transport->sessions();
}

void RelayServer::acceptWebSockets()
{
    while (m_http->hasPendingWebSocketConnections()) {
        if (std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection())
            open(std::move(socket));
    }
}

void RelayServer::open(std::unique_ptr<QWebSocket> handshake)
{
    const QUrl url = handshake->requestUrl();
    const Result<Dialect> dialect = dialectOf(url);
    const SessionId id = m_nextSessionId++;
    const QString socketId = QStringLiteral("%1.%2").arg(QRandomGenerator::global()->bounded(1000000000u)).arg(id);
    const SessionLimits limits { qint64(m_config.activityTimeoutSeconds) * 1000,
        qint64(m_config.pongTimeoutSeconds) * 1000,
        qint64(m_config.sendBudgetKb) * 1024,
        qint64(m_config.maxFrameKb) * 1024,
        qint64(m_config.closeTimeoutSeconds) * 1000 };
    Session *session
        = m_transport->adopt(std::move(handshake), *m_hub, id, socketId, dialect ? *dialect : Dialect::Pusher, limits);
    if (!session)
        return;
    const auto refuse = [this, session](const Error &error) {
        m_hub->metrics().connectionRefused(int(error.code));
        session->send(Messages::error(session->dialect(), int(error.code), error.message));
        session->close(int(error.code), error.message);
        session->start();
    };
    if (!dialect)
        return refuse(dialect.error());
    const QString key = url.path().section(QLatin1Char('/'), 2, 2);
    AppState *app = m_hub->appByKey(key);
    if (!app)
        return refuse(Error { ErrorCode::AppNotFound, QStringLiteral("unknown app key \"%1\"").arg(key.left(100)) });
    if (m_shuttingDown)
        return refuse(Error { ErrorCode::ShuttingDown, QStringLiteral("the relay is shutting down") });
    if (Status admitted = m_hub->admit(*session, *app); !admitted)
        return refuse(admitted.error());
    connect(session, &Session::finished, this, [this, appId = app->config.id](Session *ended) {
        m_hub->metrics().sessionEnded(appId, ended->closeCode(), ended->traffic());
    });
    session->send(Messages::connectionEstablished(*dialect, socketId, m_config.activityTimeoutSeconds));
    session->start();
}

void RelayServer::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_listener)
        m_listener->close();
    for (Session *session : m_transport->sessions())
        session->close(int(ErrorCode::ShuttingDown), QStringLiteral("server shutting down"));
    QTimer::singleShot(shutdownGraceMs, this, &RelayServer::finishShutdown);
    finishShutdownIfDone();
}

void RelayServer::finishShutdownIfDone()
{
    if (m_transport->sessionCount() == 0)
        finishShutdown();
}

void RelayServer::finishShutdown()
{
    if (std::exchange(m_finishing, true))
        return;
    const auto stopWebhooks = [this] {
        m_webhooks->shutdown([this] {
            if (!std::exchange(m_stopped, true))
                QMetaObject::invokeMethod(this, &RelayServer::stopped, Qt::QueuedConnection);
        });
    };
    if (!m_store) {
        stopWebhooks();
        return;
    }
    m_store->leave(); // the others drop what is left of this node at once, not after the timeout
    // The last channels' vacated webhooks wait for the cluster's decision.
    m_store->afterPending(1000, stopWebhooks);
}

} // namespace Relay
