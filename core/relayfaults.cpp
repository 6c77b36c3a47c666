// SPDX-License-Identifier: MIT
// RelayServer's fault injection: per-connection faults and the simulated restart.
#include "http/guardedtcpserver.h"
#include "relayserver.h"
#include "transport/transport.h"

namespace Relay {

namespace {
    QString faultName(ConnectionFault::Kind kind)
    {
        switch (kind) {
        case ConnectionFault::Kind::Delay:
            return QStringLiteral("delay");
        case ConnectionFault::Kind::Stall:
            return QStringLiteral("stall");
        case ConnectionFault::Kind::IgnorePings:
            return QStringLiteral("ignore pings");
        case ConnectionFault::Kind::Close:
            return QStringLiteral("close");
        case ConnectionFault::Kind::Clear:
            break;
        }
        return QStringLiteral("clear faults");
    }
} // namespace

Status RelayServer::injectFault(const QString &socketId, const ConnectionFault &fault)
{
    Session *target = nullptr;
    for (Session *session : m_transport->sessions()) {
        if (session->socketId() == socketId) {
            target = session;
            break;
        }
    }
    if (!target)
        return Error { ErrorCode::NotFound,
            QStringLiteral("no open connection with socket id \"%1\"").arg(socketId.left(64)) };
    const AppState *app = m_hub->appOf(*target);
    QString detail;
    switch (fault.kind) {
    case ConnectionFault::Kind::Delay:
        if (fault.delayMs < 0 || fault.delayMs > 600000)
            return Error { ErrorCode::BadRequest, QStringLiteral("a delay must be 0-600000 ms") };
        target->setOutgoingDelay(fault.delayMs);
        detail = QStringLiteral("outgoing frames held %1 ms").arg(fault.delayMs);
        break;
    case ConnectionFault::Kind::Stall:
        target->setStalled(true);
        detail
            = QStringLiteral("not reading from or writing to the socket; send budget %1 KB").arg(m_config.sendBudgetKb);
        break;
    case ConnectionFault::Kind::IgnorePings:
        target->setIgnoringPings(true);
        detail = QStringLiteral("pings left unanswered");
        break;
    case ConnectionFault::Kind::Close: {
        const QString reason = fault.reason.isEmpty() ? QStringLiteral("closed by fault injection") : fault.reason;
        if (Status closed = m_hub->closeSocket(socketId, fault.closeCode, reason); !closed)
            return closed;
        detail = reason;
        break;
    }
    case ConnectionFault::Kind::Clear:
        target->setOutgoingDelay(0);
        target->setStalled(false);
        target->setIgnoringPings(false);
        break;
    }
    if (m_hub->feed().observed()) {
        FeedEvent event = FeedEvent::of(
            FeedEvent::Kind::Fault, app ? app->config.id : QString(), {}, faultName(fault.kind), socketId, detail);
        if (fault.kind == ConnectionFault::Kind::Close)
            event.code = fault.closeCode;
        m_hub->feed().append(std::move(event));
    }
    return Ok {};
}

void RelayServer::simulateRestart(int refuseSeconds)
{
    const int seconds = std::max(refuseSeconds, 0);
    if (m_listener)
        m_listener->refuseUpgradesFor(qint64(seconds) * 1000);
    const QList<Session *> sessions = m_transport->sessions();
    for (Session *session : sessions)
        session->close(int(ErrorCode::ShuttingDown), QStringLiteral("server restarting"));
    if (m_hub->feed().observed()) {
        FeedEvent event = FeedEvent::of(FeedEvent::Kind::Fault,
            {},
            {},
            QStringLiteral("restart"),
            {},
            QStringLiteral("%1 clients closed with 4200; new connections refused for %2 s")
                .arg(sessions.size())
                .arg(seconds));
        event.code = int(ErrorCode::ShuttingDown);
        m_hub->feed().append(std::move(event));
    }
}

} // namespace Relay
