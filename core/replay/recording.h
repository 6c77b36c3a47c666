// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "stats/relayfeed.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Relay {

/// One line of a recording (JSON Lines): what happened, `offsetMs` after the recording began. Only publishes
/// and client events are replayed; the other kinds keep the context a reader needs (who subscribed where).
struct RecordEntry {
    enum class Kind { Publish, ClientEvent, Subscribe, Unsubscribe, Other };
    qint64 offsetMs = 0;
    QString appId;
    Kind kind = Kind::Other;
    QString kindName; ///< as written in the line ("publish", "client_event", "subscribe", ...)
    QString channel;
    QString event;
    QString data; ///< the event's data exactly as sent (a string; JSON text stays text)
    QString socketId; ///< the sender (client events, subscriptions) or the excluded socket (publishes)
    int line = 0; ///< 1-based line number in the file it was read from

    bool replayable() const { return kind == Kind::Publish || kind == Kind::ClientEvent; }
};

/// The JSON Lines recording format shared by the recorder, the event log's export and the replayer:
/// `{"t":<ms since the first line>,"app":"<id>","kind":"publish"|"client_event"|"subscribe"|"unsubscribe"|...,
///   "channel":"...","event":"...","data":"<exactly as sent>","socket_id":"..."}`; absent fields are omitted.
namespace Recording {

    /// The kind name a feed event is written under ("publish", "client_event", "connect", "api_call", ...).
    QString kindName(FeedEvent::Kind kind);
    /// True for the kinds a recording keeps: publishes, client events, subscribes and unsubscribes.
    bool isRecorded(FeedEvent::Kind kind);
    /// One line (without its newline) for `event`, timed relative to `originMs`. Kinds outside the recorded
    /// four also carry what the log shows of them (detail, user_id, code) so that an export loses nothing.
    QByteArray line(const FeedEvent &event, qint64 originMs);
    /// Parses one line; the error names what is wrong (not JSON, a missing or mistyped field).
    Result<RecordEntry> parseLine(QByteArrayView line);

    /// A whole recording: its entries in file order, and one message per line that could not be read
    /// ("line 7: ..."). Blank lines are skipped.
    struct File {
        QList<RecordEntry> entries;
        QStringList problems;
    };
    /// Reads `path`; fails only when the file cannot be opened or read.
    Result<File> read(const QString &path);

} // namespace Recording
} // namespace Relay
