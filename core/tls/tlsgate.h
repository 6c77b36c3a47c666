// SPDX-License-Identifier: MIT
#pragma once

#include <QBasicTimer>
#include <QHash>
#include <QObject>
#include <QSslConfiguration>

class QSocketNotifier;
class QSslSocket;
class QTcpSocket;

namespace Relay {

/// Lets one port speak TLS and plain HTTP: it waits for the first byte of each accepted connection without
/// reading it (0x16 opens a TLS handshake; anything else is plain HTTP). A TLS connection is handed on once
/// its handshake is complete, a plain one at once, or, when `tlsOnly`, answered with 400 and closed. A
/// connection that sends nothing, or does not finish its handshake, within `timeoutMs` is closed. Each
/// connection fails alone: a garbled handshake closes that socket and nothing else.
class TlsGate : public QObject {
    Q_OBJECT
public:
    TlsGate(const QSslConfiguration &configuration, bool tlsOnly, qint64 timeoutMs, QObject *parent = nullptr);
    ~TlsGate() override;

    /// Takes ownership of an accepted descriptor.
    void accept(qintptr descriptor);

Q_SIGNALS:
    /// A connection ready for HTTP: a plain QTcpSocket, or a QSslSocket whose handshake is done. The receiver
    /// takes ownership (it has no parent).
    void ready(QTcpSocket *socket);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Waiting {
        QSocketNotifier *notifier;
        qint64 sinceMs;
    };
    void onReadable(qintptr descriptor);
    void startHandshake(qintptr descriptor);
    void refusePlain(qintptr descriptor);
    void forget(qintptr descriptor);

    QSslConfiguration m_configuration;
    bool m_tlsOnly;
    qint64 m_timeoutMs;
    QHash<qintptr, Waiting> m_waiting; ///< descriptors whose first byte has not arrived
    QHash<QSslSocket *, qint64> m_handshaking; ///< sockets in their handshake, since when
    QBasicTimer m_sweep;
};

} // namespace Relay
