// SPDX-License-Identifier: MIT
#include "session.h"

#include "outbox.h"
#include "protocol/messages.h"
#include "service/hub.h"

#include <QDateTime>
#include <QTimer>
#include <QTcpSocket>
#include <QWebSocket>

namespace Relay {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
constexpr int abortAfterCloseMs = 2000; // a client that ignores our close frame is cut off after this
} // namespace

Session::Session(QWebSocket *socket, QTcpSocket *wire, Outbox *outbox, Hub &hub, SessionId id, QString socketId,
    Dialect dialect, const SessionLimits &limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_wire(wire)
    , m_outbox(wire ? outbox : nullptr)
    , m_hub(hub)
    , m_id(id)
    , m_socketId(std::move(socketId))
    , m_dialect(dialect)
    , m_limits(limits)
    , m_lastActivityMs(nowMs())
    , m_remoteAddress(QStringLiteral("%1:%2").arg(socket->peerAddress().toString()).arg(socket->peerPort()))
    , m_connectedMs(m_lastActivityMs)
{
    m_socket->setParent(this);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &Session::onTextMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &Session::onBinaryMessage);
    connect(m_socket, &QWebSocket::pong, this, [this] { m_lastActivityMs = nowMs(); });
    connect(m_socket, &QWebSocket::disconnected, this, &Session::onDisconnected, Qt::QueuedConnection);
}

Session::~Session()
{
    if (m_outbox)
        m_outbox->forget(this);
}

void Session::sendWire(const QByteArray &wireFrame)
{
    if (m_closing)
        return;
    if (m_socket->bytesToWrite() + m_queued.size() > m_limits.sendBudgetBytes) {
        close(int(ErrorCode::SlowConsumer), QStringLiteral("client is not reading fast enough"));
        return;
    }
    ++m_framesOut;
    if (m_outbox) {
        if (m_queued.isEmpty()) {
            m_queued = wireFrame; // shares the broadcast's bytes: no copy for a single frame
            m_outbox->schedule(this);
        } else {
            m_queued.append(wireFrame);
        }
        return;
    }
    const qsizetype header = wireFrame.size() < 128 ? 2 : (quint8(wireFrame[1]) == 126 ? 4 : 10);
    m_socket->sendTextMessage(QString::fromUtf8(wireFrame.constData() + header, wireFrame.size() - header));
}

void Session::flushQueued()
{
    if (m_queued.isEmpty() || !m_wire)
        return;
    // Whole frames only, in order, from this thread: they interleave safely with QWebSocket's own.
    m_wire->write(std::exchange(m_queued, {}));
    m_wire->flush(); // one system call now, instead of a write notification on the next pass
}

void Session::close(int code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    // Queued: close() may be called from inside a hub loop over this session's channels.
    QMetaObject::invokeMethod(
        this,
        [this, code, reason] {
            flushQueued(); // what was sent before the close goes out before it
            m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
            QTimer::singleShot(abortAfterCloseMs, m_socket, &QWebSocket::abort);
        },
        Qt::QueuedConnection);
}

void Session::onTextMessage(const QString &message)
{
    ++m_framesIn;
    m_lastActivityMs = nowMs();
    m_pingSentMs = 0;
    if (m_closing)
        return;
    const Result<ClientFrame> frame = decodeClientFrame(message.toUtf8());
    if (!frame) {
        report(frame.error(), {});
        return;
    }
    const Status handled = m_hub.handle(*this, *frame);
    if (handled)
        return;
    QString channel = frame->channel;
    if (clientActionOf(frame->event) == ClientAction::Subscribe) {
        const Result<QJsonObject> data = dataAsObject(frame->data);
        channel = data ? data->value(QLatin1String("channel")).toString() : QString();
    }
    report(handled.error(), channel);
}

void Session::onBinaryMessage()
{
    ++m_framesIn;
    m_lastActivityMs = nowMs();
    m_pingSentMs = 0;
    report(Error { ErrorCode::BinaryFrame, QStringLiteral("binary frames are not supported; send JSON text frames") },
        {});
}

void Session::report(const Error &error, const QString &channel)
{
    const int code = int(error.code);
    send(error.code == ErrorCode::Unauthorized && !channel.isEmpty()
            ? Messages::subscriptionError(m_dialect, code, error.message, channel)
            : Messages::error(m_dialect, code, error.message, channel));
}

void Session::sweep(qint64 now)
{
    if (m_closing)
        return;
    if (m_pingSentMs != 0) {
        if (now - m_pingSentMs >= m_limits.pongTimeoutMs)
            close(int(ErrorCode::PongTimeout), QStringLiteral("no answer to ping"));
        return;
    }
    if (now - m_lastActivityMs >= m_limits.activityTimeoutMs) {
        m_pingSentMs = now;
        send(Messages::ping(m_dialect));
    }
}

void Session::onDisconnected()
{
    const bool byServer = m_closing; // close() ran before the socket went
    m_closing = true;
    m_hub.remove(*this, CloseNote { int(m_socket->closeCode()), m_socket->closeReason(), byServer });
    Q_EMIT finished(this);
}

} // namespace Relay
