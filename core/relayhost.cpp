// SPDX-License-Identifier: MIT
#include "relayhost.h"

#include "http/reply.h"
#include "webhooks/webhookdispatcher.h"

#include <QDateTime>
#include <QTimer>

namespace Relay {

namespace {
    CommandAnswer answerOf(quint64 requestId, const Status &status)
    {
        if (status)
            return CommandAnswer { requestId, 200, QByteArrayLiteral("{\"ok\":true}") };
        const Reply reply = Reply::error(status.error());
        return CommandAnswer { requestId, reply.status, reply.body };
    }
} // namespace

RelayHost::RelayHost(const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_server(new RelayServer(config))
    , m_snapshot(std::make_shared<const RelaySnapshot>())
{
    qRegisterMetaType<Relay::CommandAnswer>();
    m_thread.setObjectName(QStringLiteral("relay"));
    m_server->moveToThread(&m_thread);
    connect(m_server, &RelayServer::stopped, this, &RelayHost::stopped); // queued: crosses threads
}

RelayHost::~RelayHost()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_server;
    }
}

Status RelayHost::start()
{
    m_thread.start();
    Status status = Ok {};
    runInRelayThread([&](RelayServer &server) {
        status = server.start();
        m_port = server.port();
        m_tlsInfo = server.tlsInfo();
    });
    return status;
}

QString RelayHost::listenAddress() const
{
    return QStringLiteral("%1:%2").arg(m_config.host).arg(m_port);
}

void RelayHost::setObserved(bool observed)
{
    feed().setObserved(observed);
    m_observed.store(observed);
    if (observed)
        requestRefresh();
}

void RelayHost::setSnapshotParts(unsigned parts)
{
    m_parts.store(parts); // the next poll() sees the change
}

void RelayHost::poll()
{
    // The cluster's status (Redis round trips, other nodes) changes without any serial of this hub.
    constexpr qint64 clusterRefreshMs = 1000;
    if (!m_observed.load() || m_refreshQueued.load())
        return;
    const Hub &hub = m_server->hub();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const unsigned parts = m_parts.load();
    const bool changed
        = hub.changeSerial() != m_polledChange || hub.eventSerial() != m_polledEvents || parts != m_polledParts;
    const bool connectionsDue = (parts & ConnectionsPart) && m_connectionsStale.load()
        && now - m_connectionsBuiltMs.load() >= connectionsRefreshMs;
    const bool clusterDue = m_config.redis.enabled() && now - m_polledMs >= clusterRefreshMs;
    if (!changed && !connectionsDue && !clusterDue)
        return;
    m_polledChange = hub.changeSerial();
    m_polledEvents = hub.eventSerial();
    m_polledParts = parts;
    m_polledMs = now;
    requestRefresh();
}

void RelayHost::requestRefresh()
{
    m_refreshQueued.store(true);
    QMetaObject::invokeMethod(m_server, [this] {
        refreshSnapshot();
        m_refreshQueued.store(false);
    });
}

void RelayHost::refreshSnapshot()
{
    Hub &hub = m_server->hub();
    const unsigned parts = m_parts.load();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const quint64 change = hub.changeSerial();
    const quint64 events = hub.eventSerial();
    const bool structure = change != m_builtChange || parts != m_builtParts;
    const bool connectionsDue = (parts & ConnectionsPart) && events != m_connectionsEvents
        && now - m_connectionsBuiltMs.load() >= connectionsRefreshMs;
    auto next = std::make_shared<RelaySnapshot>(*snapshot()); // shares the lists that are not rebuilt
    next->takenMs = now;
    next->parts = parts;
    next->counters = countersOf(hub);
    next->cluster = clusterOf(hub);
    const bool rebuild = structure || events != m_builtEvents || connectionsDue;
    if (structure || events != m_builtEvents) {
        next->channels = channelListOf(hub);
        next->channelsSerial = m_stateSerial + 1;
    }
    const QList<Session *> sessions
        = (structure && (parts & AllParts)) || connectionsDue ? m_server->sessions() : QList<Session *>();
    if (structure) {
        next->members = (parts & MembersPart) ? memberListOf(hub, sessions) : QList<MemberInfo>();
        next->leaving = (parts & MembersPart) ? m_server->webhooks().leavingMembers() : QList<LeavingMember>();
        next->membersSerial = m_stateSerial + 1;
    }
    if (structure || connectionsDue) {
        next->connections = (parts & ConnectionsPart) ? connectionListOf(hub, sessions) : QList<ConnectionInfo>();
        next->connectionsSerial = m_stateSerial + 1;
        m_connectionsEvents = events;
        if (parts & ConnectionsPart)
            m_connectionsBuiltMs.store(now);
    }
    if (rebuild)
        next->stateSerial = ++m_stateSerial;
    m_connectionsStale.store(events != m_connectionsEvents);
    m_builtChange = change;
    m_builtEvents = events;
    m_builtParts = parts;
    next->serial = ++m_serial;
    QMutexLocker lock(&m_snapshotMutex);
    m_snapshot = std::move(next);
}

std::shared_ptr<const RelaySnapshot> RelayHost::snapshot() const
{
    QMutexLocker lock(&m_snapshotMutex);
    return m_snapshot;
}

quint64 RelayHost::publish(const QString &appId, const Publication &publication)
{
    return publish(appId, QList<Publication> { publication });
}

quint64 RelayHost::publish(const QString &appId, const QList<Publication> &publications)
{
    const quint64 id = m_nextRequestId++;
    QMetaObject::invokeMethod(m_server, [this, id, appId, publications] {
        Hub &hub = m_server->hub();
        AppState *app = hub.appById(appId);
        const Status status = app
            ? hub.publish(*app, publications)
            : Status(Error { ErrorCode::NotFound, QStringLiteral("unknown app \"%1\"").arg(appId) });
        CommandAnswer answered = answerOf(id, status);
        // A refused publish from the window appears in the API log like the HTTP request it stands for (an
        // accepted one is its publish row).
        if (!status)
            hub.noteApiCall(
                QStringLiteral("POST"), QStringLiteral("/apps/%1/events").arg(appId), answered.status, answered.body);
        answer(&RelayHost::published, std::move(answered));
    });
    return id;
}

quint64 RelayHost::disconnectSocket(const QString &socketId, int code)
{
    const quint64 id = m_nextRequestId++;
    QMetaObject::invokeMethod(m_server, [this, id, socketId, code] {
        const Status status
            = m_server->hub().closeSocket(socketId, code, QStringLiteral("disconnected from the Relay Desk inspector"));
        answer(&RelayHost::disconnectAnswered, answerOf(id, status));
    });
    return id;
}

QList<WebhookTarget> RelayHost::webhooks(const QString &appId)
{
    QList<WebhookTarget> targets;
    runInRelayThread([&](RelayServer &server) {
        if (const AppState *app = server.hub().appById(appId))
            targets = app->config.webhooks.targets;
    });
    return targets;
}

quint64 RelayHost::setWebhooks(const QString &appId, const QList<WebhookTarget> &targets)
{
    return webhookCommand(
        [appId, targets](WebhookDispatcher &webhooks) { return webhooks.setTargets(appId, targets); });
}

quint64 RelayHost::sendTestWebhook(
    const QString &appId, const QString &url, const QString &type, const QString &channel)
{
    return webhookCommand([appId, url, type, channel](
                              WebhookDispatcher &webhooks) { return webhooks.sendTest(appId, url, type, channel); });
}

quint64 RelayHost::resendWebhook(const WebhookRequest &request)
{
    return webhookCommand([request](WebhookDispatcher &webhooks) { return webhooks.resend(request); });
}

quint64 RelayHost::webhookCommand(std::function<Status(WebhookDispatcher &)> command)
{
    const quint64 id = m_nextRequestId++;
    QMetaObject::invokeMethod(m_server, [this, id, command = std::move(command)] {
        answer(&RelayHost::webhookAnswered, answerOf(id, command(m_server->webhooks())));
    });
    return id;
}

void RelayHost::answer(void (RelayHost::*signal)(const CommandAnswer &), CommandAnswer answer)
{
    // Emitted in the host's own thread, so receivers there need no locking.
    QMetaObject::invokeMethod(this, [this, signal, answer] { Q_EMIT(this->*signal)(answer); });
}

void RelayHost::runInRelayThread(const std::function<void(RelayServer &)> &job)
{
    QMetaObject::invokeMethod(
        m_server, [&] { job(*m_server); }, Qt::BlockingQueuedConnection);
}

void RelayHost::shutdown()
{
    QMetaObject::invokeMethod(m_server, &RelayServer::shutdown, Qt::QueuedConnection);
}

} // namespace Relay
