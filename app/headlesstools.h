// SPDX-License-Identifier: MIT
#pragma once

#include "debuglog.h"
#include "replay/recorder.h"
#include "replay/replayer.h"

#include <QBasicTimer>
#include <QObject>

#include <memory>

namespace Relay {
class RelayServer;
}

/// The headless relay's optional companions: --debug and --record share one drain of the feed (ten times a
/// second), and --replay plays a recording into the hub. Messages go to stderr, the replay's end to stdout.
class HeadlessTools : public QObject {
public:
    explicit HeadlessTools(Relay::RelayServer &server, QObject *parent = nullptr);
    ~HeadlessTools() override;

    void enableDebugLog();
    /// Starts recording to `path`; false (with one line on stderr) when the file cannot be created.
    bool startRecording(const QString &path, qint64 maxBytes);
    /// Reads `path` and starts playing it at `speed`; false (with one line on stderr) when the file cannot be
    /// read. Lines that cannot be parsed are reported with their numbers and skipped.
    bool startReplay(const QString &path, double speed);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void observe();

    Relay::RelayServer &m_server;
    std::unique_ptr<DebugLog> m_debugLog;
    std::unique_ptr<Relay::Recorder> m_recorder;
    Relay::Replayer *m_replayer = nullptr;
    QBasicTimer m_drain;
};
