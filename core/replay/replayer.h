// SPDX-License-Identifier: MIT
#pragma once

#include "recording.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace Relay {

class Hub;

/// Plays the publishes and client events of a recording into the hub, through Hub::publish (the HTTP API's
/// path), each at its recorded offset divided by the speed; speed 0 plays as fast as possible (a batch per
/// event-loop pass). Client events go out as an API publish of the same event name, channel and data. Lives
/// in the relay's thread; the other kinds of entries are skipped.
class Replayer : public QObject {
    Q_OBJECT
public:
    Replayer(Hub &hub, const QList<RecordEntry> &entries, QObject *parent = nullptr);

    /// 1 is the recorded timing, 2 twice as fast, 0 as fast as possible; negative values count as 0.
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    /// Starts or resumes from the current position.
    void play();
    /// Stops before the next entry; play() resumes with the remaining gaps intact.
    void pause();
    /// Publishes the next entry now; false when none is left.
    bool step();

    bool isPlaying() const { return m_playing; }
    /// Entries played so far, and how many there are (replayable ones only).
    int position() const { return int(m_next); }
    int count() const { return int(m_entries.size()); }
    int failures() const { return m_failures; }

Q_SIGNALS:
    /// One entry went out; `index` counts from 0.
    void played(int index, int count);
    /// The hub refused an entry (unknown app, a limit): the line number in the recording and the reason.
    void entryFailed(int line, const QString &message);
    void stateChanged(bool playing);
    /// The last entry went out.
    void finished(int played, int failed);

private:
    void playNext();
    void schedule();
    void publishEntry(const RecordEntry &entry);
    /// Recording time reached, in ms since the recording began.
    qint64 clockMs() const;

    Hub &m_hub;
    QList<RecordEntry> m_entries;
    qsizetype m_next = 0;
    double m_speed = 1.0;
    bool m_playing = false;
    int m_failures = 0;
    qint64 m_anchorClockMs = 0; ///< recording time when m_elapsed started (or where a pause left it)
    QElapsedTimer m_elapsed;
    QTimer m_timer;
};

} // namespace Relay
