// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "stats/relayfeed.h"

#include <QPointer>
#include <QToolBar>

#include <memory>

class QComboBox;
class QLabel;

namespace Relay {
class RelayHost;
class Recorder;
class Replayer;
} // namespace Relay

namespace Inspector {

class RelayObserver;

/// The window's toolbar for recordings: Record writes what flows through the relay (the observer's batches)
/// to a JSON Lines file, bounded by a size limit; Open loads a recording (or an exported log) and plays it into
/// the relay from the relay's thread, with play / pause / step and a speed. Actions are found by objectName
/// (recordAction, openRecordingAction, playAction, stepAction), the speed box as replaySpeed, the line of
/// status as replayStatus.
class RecordReplayBar : public QToolBar {
    Q_OBJECT
public:
    RecordReplayBar(Relay::RelayHost &host, RelayObserver &observer, QWidget *parent = nullptr);
    ~RecordReplayBar() override;

    /// Starts recording to `path`, stopping at `maxBytes`; the error names the file and the reason.
    Relay::Status startRecording(const QString &path, qint64 maxBytes = qint64(100) << 20);
    void stopRecording();
    bool isRecording() const { return m_recorder != nullptr; }
    /// Loads a recording for replay (paused at its start); lines that cannot be read are counted in the status.
    Relay::Status openRecording(const QString &path);
    void play();
    void pause();
    void step();
    /// 0 plays as fast as possible.
    void setSpeed(double speed);
    QString statusText() const;

private:
    void onBatch(const QList<Relay::FeedEvent> &batch);
    void toggleRecording(bool on);
    void openInteractively();
    void showStatus(const QString &text);
    void updateActions();

    Relay::RelayHost &m_host;
    std::unique_ptr<Relay::Recorder> m_recorder;
    QPointer<Relay::Replayer> m_replayer; ///< lives in the relay's thread, a child of the RelayServer
    QString m_recordingName;
    int m_played = 0;
    int m_count = 0;
    int m_failed = 0;
    int m_skippedLines = 0;
    bool m_playing = false;
    QAction *m_record;
    QAction *m_open;
    QAction *m_play;
    QAction *m_step;
    QComboBox *m_speed;
    QLabel *m_status;
};

} // namespace Inspector
