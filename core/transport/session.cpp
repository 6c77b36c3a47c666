// SPDX-License-Identifier: MIT
#include "session.h"

#include "outbox.h"
#include "protocol/messages.h"
#include "service/hub.h"
#include "wireframe.h"

#include <QDateTime>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QtEndian>

#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>

namespace Relay {

namespace {
    qint64 nowMs()
    {
        return QDateTime::currentMSecsSinceEpoch();
    }

    // Bytes handed to the socket ahead of what the kernel took. The rest of the backlog waits in the session,
    // as whole frames, where a slow-consumer close can drop it without cutting a frame in two.
    constexpr qint64 writeWindow = 64 * 1024;
} // namespace

Session::Session(QTcpSocket *socket,
    Outbox &outbox,
    Hub &hub,
    SessionId id,
    QString socketId,
    Dialect dialect,
    const SessionLimits &limits,
    const QByteArray &early)
    : m_socket(socket)
    , m_tls(qobject_cast<QSslSocket *>(socket))
    , m_outbox(outbox)
    , m_hub(hub)
    , m_reader(limits.maxMessageBytes)
    , m_id(id)
    , m_socketId(std::move(socketId))
    , m_dialect(dialect)
    , m_limits(limits)
    , m_lastActivityMs(nowMs())
    , m_connectedMs(m_lastActivityMs)
{
    m_socket->setParent(this);
    if (!early.isEmpty())
        m_reader.append(early);
}

Session::~Session()
{
    m_outbox.forget(this);
}

void Session::start()
{
    connect(m_socket, &QTcpSocket::readyRead, this, &Session::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &Session::onBytesWritten);
    if (m_tls) // bytesWritten reports encryption; this reports the kernel taking the encrypted bytes
        connect(m_tls, &QSslSocket::encryptedBytesWritten, this, &Session::onBytesWritten);
    // Queued: abort() reports the disconnection synchronously, possibly inside a hub loop.
    connect(m_socket, &QTcpSocket::disconnected, this, &Session::onDisconnected, Qt::QueuedConnection);
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &Session::onDisconnected, Qt::QueuedConnection);
    else if (m_socket->bytesAvailable() > 0 || m_reader.buffered() > 0)
        onReadyRead();
}

void Session::send(const QString &message)
{
    queueFrame(WireFrame::text(message));
}

bool Session::queueFrame(const QByteArray &frame)
{
    if (m_state != State::Open)
        return false;
    if (m_queuedBytes + unsentBytes() + frame.size() > m_limits.sendBudgetBytes) {
        startClose(int(ErrorCode::SlowConsumer), QStringLiteral("client is not reading fast enough"), true);
        return false;
    }
    if (m_delayMs > 0) {
        m_delayed.append(Delayed { nowMs() + m_delayMs, frame });
        if (!m_delayTimer->isActive())
            m_delayTimer->start(int(m_delayMs));
    } else {
        if (m_queue.isEmpty())
            m_outbox.schedule(this);
        m_queue.append(frame);
    }
    m_queuedBytes += frame.size();
    ++m_framesOut;
    m_bytesOut += quint64(frame.size());
    return true;
}

void Session::flush()
{
    pump();
}

void Session::pump()
{
    if (m_pumping || m_stalled)
        return; // flush() below reports bytesWritten synchronously
    m_pumping = true;
    if (!m_tls)
        writeDirect();
    while (!m_queue.isEmpty()) {
        const qint64 room = writeWindow - unsentBytes();
        if (room <= 0)
            break;
        qsizetype count = 1;
        qint64 bytes = m_queue.first().size();
        while (count < m_queue.size() && bytes + m_queue.at(count).size() <= room)
            bytes += m_queue.at(count++).size();
        if (count == 1) {
            m_socket->write(m_queue.first());
        } else {
            QByteArray batch;
            batch.reserve(bytes);
            for (qsizetype i = 0; i < count; ++i)
                batch.append(m_queue.at(i));
            m_socket->write(batch);
        }
        m_queue.remove(0, count);
        m_queuedBytes -= bytes;
        m_socket->flush(); // one system call now, instead of a write notification on the next pass
    }
    m_pumping = false;
    if (m_state == State::Closing && m_queue.isEmpty() && unsentBytes() == 0) {
        // The close frame is out: write nothing more, read and drop until the client closes too.
        m_state = State::Lingering;
        if (m_peerClosed)
            m_socket->disconnectFromHost();
    }
}

void Session::writeDirect()
{
    constexpr int maxFrames = 64; // well under IOV_MAX; more than a pass queues for one socket at fan-out
    while (
        !m_queue.isEmpty() && m_socket->bytesToWrite() == 0 && m_socket->state() == QAbstractSocket::ConnectedState) {
        iovec parts[maxFrames];
        int count = 0;
        qint64 bytes = 0;
        while (count < m_queue.size() && count < maxFrames && bytes < writeWindow) {
            const QByteArray &frame = m_queue.at(count);
            parts[count].iov_base = const_cast<char *>(frame.constData());
            parts[count].iov_len = size_t(frame.size());
            bytes += frame.size();
            ++count;
        }
        msghdr message {};
        message.msg_iov = parts;
        message.msg_iovlen = size_t(count);
        const ssize_t sent = ::sendmsg(int(m_socket->socketDescriptor()), &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return; // full (pump() leaves the rest to the socket's write notification) or failed (the socket's
                    // own write reports it)
        qint64 left = sent;
        while (left > 0) {
            const qint64 size = m_queue.first().size();
            if (left < size)
                m_socket->write(m_queue.first().constData() + left, size - left);
            left -= qMin(left, size);
            m_queue.removeFirst();
            m_queuedBytes -= size;
        }
    }
}

qint64 Session::unsentBytes() const
{
    // A QSslSocket's bytesToWrite() counts only what it has not encrypted yet; the encrypted backlog waiting
    // for the kernel is encryptedBytesToWrite().
    return m_socket->bytesToWrite() + (m_tls ? m_tls->encryptedBytesToWrite() : 0);
}

void Session::onBytesWritten()
{
    if (!m_queue.isEmpty() || m_state == State::Closing)
        pump();
}

void Session::close(int code, const QString &reason)
{
    startClose(code, reason, false);
}

void Session::startClose(int code, const QString &reason, bool dropBacklog)
{
    if (m_state != State::Open)
        return;
    if (dropBacklog) {
        m_queue.clear();
        m_delayed.clear();
        m_queuedBytes = 0;
    }
    releaseDelayed(true);
    m_delayMs = 0;
    m_ignorePings = false;
    if (m_stalled) // after this pass, so that a close inside onReadyRead does not read on
        QMetaObject::invokeMethod(this, [this] { setStalled(false); }, Qt::QueuedConnection);
    m_state = State::Closing;
    m_closeCode = code;
    m_closeDeadlineMs = nowMs() + m_limits.closeTimeoutMs;
    // For the app the connection ends now, not when the client completes the close: it leaves its channels
    // (queued, as close() may be called inside a hub loop).
    QMetaObject::invokeMethod(
        this,
        [this, note = CloseNote { code, reason, !m_peerClosed }] { m_hub.remove(*this, note); },
        Qt::QueuedConnection);
    const QByteArray frame = WireFrame::close(code, reason);
    if (m_queue.isEmpty())
        m_outbox.schedule(this);
    m_queue.append(frame);
    m_queuedBytes += frame.size();
}

void Session::onReadyRead()
{
    if (m_stalled)
        return;
    // read(size of the buffer), unlike readAll(), hands over the socket's read chunk instead of copying it
    // (QIODevice::read's one-chunk path), so an idle socket does not keep a 16 KiB chunk for good.
    m_reader.append(m_socket->read(m_socket->bytesAvailable()));
    for (;;) {
        std::optional<FrameReader::Message> message = m_reader.next();
        if (const auto &fault = m_reader.fault(); fault && m_state == State::Open)
            startClose(fault->closeCode, fault->reason, false); // before whatever followed the fault
        if (!message)
            break;
        handle(std::move(*message));
    }
}

void Session::noteActivity()
{
    m_lastActivityMs = nowMs();
    m_pingSentMs = 0;
}

void Session::handle(FrameReader::Message &&message)
{
    if (message.kind == FrameReader::Kind::Close) {
        m_peerClosed = true;
        if (m_state == State::Open) {
            // Echo the client's code, as RFC 6455 5.5.1 asks; then close once the answer is out.
            int code = 1000;
            if (message.payload.size() >= 2)
                code = qFromBigEndian<quint16>(message.payload.constData());
            startClose(code, QString::fromUtf8(message.payload.mid(2)), false);
        } else if (m_state == State::Lingering) {
            m_socket->disconnectFromHost();
        }
        return;
    }
    if (m_state != State::Open)
        return; // a closing session reads only to find the client's close frame
    noteActivity();
    switch (message.kind) {
    case FrameReader::Kind::Text:
        ++m_framesIn;
        onText(message.payload);
        break;
    case FrameReader::Kind::Binary:
        ++m_framesIn;
        m_bytesIn += quint64(message.payload.size());
        report(
            Error { ErrorCode::BinaryFrame, QStringLiteral("binary frames are not supported; send JSON text frames") },
            {});
        break;
    case FrameReader::Kind::Ping:
        if (m_ignorePings)
            break;
        if (m_queue.isEmpty())
            m_outbox.schedule(this);
        m_queue.append(WireFrame::pong(message.payload));
        m_queuedBytes += m_queue.last().size();
        break;
    case FrameReader::Kind::Pong:
    case FrameReader::Kind::Close:
        break;
    }
}

void Session::onText(const QByteArray &utf8)
{
    m_bytesIn += quint64(utf8.size());
    const Result<ClientFrame> frame = decodeClientFrame(utf8);
    if (!frame) {
        report(frame.error(), {});
        return;
    }
    if (m_ignorePings && clientActionOf(frame->event) == ClientAction::Ping)
        return;
    const Status handled = m_hub.handle(*this, *frame);
    if (handled)
        return;
    if (clientActionOf(frame->event) == ClientAction::Subscribe) {
        // A subscription refused by its auth or by a limit is reported as a subscription error (pusher-js and
        // Laravel Echo hand it to the channel's error callback); a malformed request is a plain error.
        const Result<QJsonObject> data = dataAsObject(frame->data);
        const QString channel = data ? data->value(QLatin1String("channel")).toString() : QString();
        const Error &error = handled.error();
        const bool refused = error.code == ErrorCode::Unauthorized || error.code == ErrorCode::ChannelFull
            || error.code == ErrorCode::TooManySubscriptions;
        send(refused && !channel.isEmpty()
                ? Messages::subscriptionError(m_dialect, int(error.code), error.message, channel)
                : Messages::error(m_dialect, int(error.code), error.message, channel));
        return;
    }
    report(handled.error(), frame->channel);
}

void Session::report(const Error &error, const QString &channel)
{
    send(Messages::error(m_dialect, int(error.code), error.message, channel));
}

void Session::sweep(qint64 now)
{
    if (m_state != State::Open) {
        if (now >= m_closeDeadlineMs)
            m_socket->abort();
        return;
    }
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

void Session::setClientHeaders(const QString &origin, const QString &userAgent)
{
    m_origin = origin;
    m_userAgent = userAgent;
}

void Session::setOutgoingDelay(qint64 ms)
{
    if (m_state != State::Open)
        return;
    m_delayMs = std::max<qint64>(ms, 0);
    if (m_delayMs > 0 && !m_delayTimer) {
        m_delayTimer = new QTimer(this);
        m_delayTimer->setSingleShot(true);
        m_delayTimer->setTimerType(Qt::PreciseTimer);
        connect(m_delayTimer, &QTimer::timeout, this, [this] { releaseDelayed(false); });
    }
    if (m_delayMs == 0)
        releaseDelayed(true);
}

void Session::releaseDelayed(bool all)
{
    if (m_delayed.isEmpty())
        return;
    const qint64 now = nowMs();
    qsizetype due = 0;
    while (due < m_delayed.size() && (all || m_delayed.at(due).dueMs <= now))
        ++due;
    if (due > 0 && m_queue.isEmpty())
        m_outbox.schedule(this);
    for (qsizetype i = 0; i < due; ++i)
        m_queue.append(std::move(m_delayed[i].frame));
    m_delayed.remove(0, due);
    if (!m_delayed.isEmpty())
        m_delayTimer->start(int(std::max<qint64>(m_delayed.constFirst().dueMs - now, 0)));
    else if (m_delayTimer)
        m_delayTimer->stop();
}

void Session::setStalled(bool stalled)
{
    if (m_stalled == stalled || (stalled && m_state != State::Open))
        return;
    m_stalled = stalled;
    // A small read buffer makes the socket stop taking the client's bytes from the kernel.
    m_socket->setReadBufferSize(stalled ? 1 : 0);
    if (stalled)
        return;
    pump();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

QString Session::remoteAddress() const
{
    return m_socket->peerAddress().toString() + u':' + QString::number(m_socket->peerPort());
}

void Session::onDisconnected()
{
    if (std::exchange(m_finished, true))
        return;
    if (m_state == State::Open)
        m_state = State::Lingering;
    m_hub.remove(*this); // after a close handshake the hub already has the close; otherwise there was none
    Q_EMIT finished(this);
}

} // namespace Relay
