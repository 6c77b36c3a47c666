// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "stats/relayfeed.h"

#include <QFile>
#include <QList>
#include <QString>

namespace Relay {

/// Writes the recorded kinds of feed events (Recording::isRecorded) of one app, or of every app, to a JSON
/// Lines file, timed from open(). Bounded: a line that would take the file over `maxBytes` is not written and
/// recording stops for good (limitReached()); the file then ends at a line boundary.
class Recorder {
public:
    Recorder(QString path, qint64 maxBytes, QString appId = {});

    /// Creates (truncates) the file; the error names the path and the reason.
    Status open();
    /// Appends the recorded events of `batch`; returns false once the limit was reached or writing failed.
    bool write(const QList<FeedEvent> &batch);
    void close();

    bool limitReached() const { return m_limitReached; }
    qint64 bytesWritten() const { return m_bytes; }
    qint64 linesWritten() const { return m_lines; }
    qint64 maxBytes() const { return m_maxBytes; }
    QString path() const { return m_file.fileName(); }
    /// Why writing stopped, for one line on stderr or in the window; empty while recording.
    QString stopReason() const { return m_stopReason; }

private:
    QFile m_file;
    QString m_appId;
    qint64 m_maxBytes;
    qint64 m_originMs = 0;
    qint64 m_bytes = 0;
    qint64 m_lines = 0;
    bool m_limitReached = false;
    QString m_stopReason;
};

} // namespace Relay
