// SPDX-License-Identifier: MIT
#include "relayserver.h"

#include "http/guardedtcpserver.h"
#include "http/httpapi.h"
#include "http/relayhttpserver.h"
#include "protocol/messages.h"
#include "transport/outbox.h"
#include "transport/session.h"
#include "webhooks/webhookdispatcher.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTimer>
#include <QTcpSocket>
#include <QTimerEvent>
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
    , m_hub(std::make_unique<Hub>(config))
    , m_api(std::make_unique<HttpApi>(*m_hub))
    , m_outbox(new Outbox(config.coalesceMs, this))
    , m_webhooks(new WebhookDispatcher(*m_hub, config, this))
{
    m_hub->setObserver(m_webhooks);
}

RelayServer::~RelayServer()
{
    m_hub->setObserver(nullptr); // the sessions' last unsubscribes send no webhooks
    delete std::exchange(m_webhooks, nullptr); // it refers to the hub, which goes before the children
    for (Session *session : std::as_const(m_sessions)) {
        session->disconnect(this);
        m_hub->remove(*session);
        delete session;
    }
    delete m_http;
}

Status RelayServer::start()
{
    m_http = new RelayHttpServer(*m_api);
    connect(m_http, &QAbstractHttpServer::newWebSocketConnection, this, &RelayServer::acceptWebSockets);

    const HttpLimits limits { qint64(m_config.maxHeaderKb) * 1024, qint64(m_config.maxRequestBodyKb) * 1024,
        qint64(m_config.httpTimeoutSeconds) * 1000 };
    m_listener = new GuardedTcpServer(limits, m_config.listenBacklog);
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
    m_sweep.start(1000, this);
    return Ok {};
}

quint16 RelayServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QString RelayServer::listenAddress() const
{
    return QStringLiteral("%1:%2").arg(m_config.host).arg(port());
}

void RelayServer::acceptWebSockets()
{
    while (m_http->hasPendingWebSocketConnections()) {
        if (std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection())
            open(socket.release()); // from here the session (or the refusal) owns it
    }
}

void RelayServer::open(QWebSocket *socket)
{
    const QUrl url = socket->requestUrl();
    const auto refuse = [this, socket](Dialect dialect, const Error &error) {
        socket->setParent(this); // freed with the server if the client never completes the close
        socket->sendTextMessage(Messages::error(dialect, int(error.code), error.message));
        socket->close(QWebSocketProtocol::CloseCode(int(error.code)), error.message);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(shutdownGraceMs, socket, &QObject::deleteLater);
    };
    const Result<Dialect> dialect = dialectOf(url);
    if (!dialect)
        return refuse(Dialect::Pusher, dialect.error());
    const QString key = url.path().section(QLatin1Char('/'), 2, 2);
    AppState *app = m_hub->appByKey(key);
    if (!app)
        return refuse(*dialect, Error { ErrorCode::AppNotFound, QStringLiteral("unknown app key \"%1\"").arg(key.left(100)) });
    if (m_shuttingDown)
        return refuse(*dialect, Error { ErrorCode::ShuttingDown, QStringLiteral("the relay is shutting down") });

    socket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxFrameKb) * 1024);
    socket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxFrameKb) * 1024);
    const SessionId id = m_nextSessionId++;
    const QString socketId = QStringLiteral("%1.%2").arg(QRandomGenerator::global()->bounded(1000000000u)).arg(id);
    const SessionLimits limits { qint64(m_config.activityTimeoutSeconds) * 1000,
        qint64(m_config.pongTimeoutSeconds) * 1000, qint64(m_config.sendBudgetKb) * 1024 };
    QTcpSocket *wire = m_listener->takeUpgradedSocket(socket->peerAddress(), socket->peerPort());
    auto *session = new Session(socket, wire, m_outbox, *m_hub, id, socketId, *dialect, limits, this);
    if (Status admitted = m_hub->admit(*session, *app); !admitted) {
        socket->setParent(nullptr);
        delete session;
        return refuse(*dialect, admitted.error());
    }
    m_sessions.insert(id, session);
    connect(session, &Session::finished, this, &RelayServer::onSessionFinished);
    session->send(Messages::connectionEstablished(*dialect, socketId, m_config.activityTimeoutSeconds));
}

void RelayServer::onSessionFinished(Session *session)
{
    m_sessions.remove(session->id());
    session->deleteLater();
    if (m_shuttingDown)
        finishShutdownIfDone();
}

void RelayServer::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_listener)
        m_listener->close();
    for (Session *session : std::as_const(m_sessions))
        session->close(int(ErrorCode::ShuttingDown), QStringLiteral("server shutting down"));
    QTimer::singleShot(shutdownGraceMs, this, &RelayServer::finishShutdown);
    finishShutdownIfDone();
}

void RelayServer::finishShutdownIfDone()
{
    if (m_sessions.isEmpty())
        finishShutdown();
}

void RelayServer::finishShutdown()
{
    if (std::exchange(m_finishing, true))
        return;
    m_webhooks->shutdown([this] {
        if (!std::exchange(m_stopped, true))
            QMetaObject::invokeMethod(this, &RelayServer::stopped, Qt::QueuedConnection);
    });
}

void RelayServer::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_sweep.timerId())
        return QObject::timerEvent(event);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (Session *session : std::as_const(m_sessions))
        session->sweep(now);
}

} // namespace Relay
