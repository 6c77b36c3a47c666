// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>

/// The relay under test and how to talk to it: Relay Desk's own dialect (Bearer API), or Pusher's
/// (signed REST, `pusher:` frames) for peers such as soketi.
struct Target {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    bool pusher = false;
    bool tls = false; ///< WebSocket clients speak wss (HTTP load stays plain)
    QByteArray appId = "my-app";
    QByteArray key = "my-key";
    QByteArray secret = "my-secret";
    qint64 pid = 0; ///< for memory readings; 0 when unknown

    QByteArray webSocketPath() const;
    QByteArray subscribeFrame(const QByteArray &channel) const;
    QByteArray publishRequest(const QByteArray &channel, const QByteArray &event, const QByteArray &data) const;
    QByteArray healthRequest() const;
    /// Resident memory of the relay process in KiB, from /proc; 0 when unknown.
    qint64 residentKb() const;
};

/// A relaydesk process started for the benchmark, on a free port.
class RelayProcess {
public:
    ~RelayProcess();
    /// Starts `binary` with `--port 0` and the given flags; returns the port it listens on, or 0.
    quint16 start(const QString &binary, const QStringList &flags, const QProcessEnvironment &environment);
    void stop();
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
};
