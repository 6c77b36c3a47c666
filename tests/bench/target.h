// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>

/// How HTTP publishes are authenticated: Relay Desk's Bearer header, or Pusher's signed query string.
enum class RestAuth { Bearer, PusherSigned };

/// The relay under test and how to talk to it: Relay Desk's own dialect (Bearer API), or Pusher's
/// (signed REST, `pusher:` frames) for peers such as soketi.
struct Target {
    QString name = QStringLiteral("relaydesk"); ///< label in the table
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    bool pusher = false;
    QByteArray appId = "my-app";
    QByteArray key = "my-key";
    QByteArray secret = "my-secret";
    qint64 pid = 0; ///< for memory and CPU readings; 0 when unknown

    RestAuth restAuth() const { return pusher ? RestAuth::PusherSigned : RestAuth::Bearer; }
    QByteArray webSocketPath() const;
    QByteArray subscribeFrame(const QByteArray &channel) const;
    /// A signed private or presence subscription (`channelData` empty for private channels).
    QByteArray subscribeFrame(
        const QByteArray &channel, const QByteArray &socketId, const QByteArray &channelData) const;
    QByteArray publishRequest(const QByteArray &channel, const QByteArray &event, const QByteArray &data) const
    {
        return publishRequest(channel, event, data, restAuth());
    }
    QByteArray publishRequest(
        const QByteArray &channel, const QByteArray &event, const QByteArray &data, RestAuth auth) const;
    QByteArray healthRequest() const;
    /// Resident memory of the relay process in KiB, from /proc; 0 when unknown.
    qint64 residentKb() const;
    /// CPU time the relay process has used (utime + stime of all its threads, /proc/<pid>/stat) in ns; -1 when
    /// unknown. Resolution is one clock tick (10 ms), so measure over windows of seconds.
    qint64 cpuNs() const;
};

/// The process listening on a TCP port of this machine, found through /proc (socket inode to fd); 0 when
/// none is visible to this user.
qint64 pidListeningOn(quint16 port);

/// A relaydesk process (or any program that takes `--port 0` and prints `http://host:port` or `ws://host:port`
/// on its first line) started for the benchmark, on a free port.
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
