// SPDX-License-Identifier: MIT
#include "relayhost.h"

namespace Relay {

RelayHost::RelayHost(const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_server(new RelayServer(config))
{
    m_thread.setObjectName(QStringLiteral("relay"));
    m_server->moveToThread(&m_thread);
    connect(m_server, &RelayServer::stopped, this, &RelayHost::stopped); // queued: crosses threads
}

RelayHost::~RelayHost()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
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
    });
    return status;
}

QString RelayHost::listenAddress() const
{
    return QStringLiteral("%1:%2").arg(m_config.host).arg(m_port);
}

void RelayHost::runInRelayThread(const std::function<void(RelayServer &)> &job)
{
    QMetaObject::invokeMethod(m_server, [&] { job(*m_server); }, Qt::BlockingQueuedConnection);
}

void RelayHost::shutdown()
{
    QMetaObject::invokeMethod(m_server, &RelayServer::shutdown, Qt::QueuedConnection);
}

} // namespace Relay
