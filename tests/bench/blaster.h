// SPDX-License-Identifier: MIT
#pragma once

#include <QThread>

/// A WebSocket "server" in its own thread that accepts any handshake and then writes pre-built text frames
/// as fast as the sockets take them. Used to measure what the load generator can receive at most.
class Blaster : public QThread {
public:
    explicit Blaster(QByteArray frame);
    ~Blaster() override;
    /// Listens on a free loopback port; returns it once ready.
    quint16 startListening();

protected:
    void run() override;

private:
    QByteArray m_frame;
    quint16 m_port = 0;
    QAtomicInt m_ready = 0;
};
