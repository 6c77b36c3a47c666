// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relayfeed.h"

#include <QJsonObject>
#include <QString>

class QIODevice;

namespace Inspector {

/// How the inspector names, prints and exports feed events. Pure functions.
namespace FeedFormat {

    /// A short lowercase label: "publish", "client event", "subscribe", ...
    QString kindLabel(Relay::FeedEvent::Kind kind);
    /// What the Event column shows: the event name, or for rows without one the user id (members), the close
    /// code and side (disconnects), the request and status (API calls) or the message (errors).
    QString summary(const Relay::FeedEvent &event);
    /// A byte count with its unit: "512 B", "1.5 KB", "2.0 MB".
    QString byteSize(qint64 bytes);
    /// "1 event", "2 events", "1,234 events".
    QString counted(qint64 count, const char *singular, const char *plural);
    /// True for rows that carry a payload (publishes and client events): only they have a size.
    bool hasPayload(const Relay::FeedEvent &event);
    /// A user id's JSON text as people read it: strings without quotes.
    QString userIdText(const QString &userIdJson);
    /// "HH:mm:ss.zzz" in local time.
    QString timeOfDay(qint64 ms);
    /// The event as a JSON object; `data` is parsed when it holds JSON.
    QJsonObject toJson(const Relay::FeedEvent &event);
    /// Pretty-printed JSON of toJson(); formatted only for the one selected row.
    QString prettyJson(const Relay::FeedEvent &event);
    /// True for events that can be published again (API publishes and client events).
    bool isPublishable(const Relay::FeedEvent &event);
    /// A ready-to-run curl command that publishes the same event through the HTTP API.
    QString curlCommand(const Relay::FeedEvent &event, const QString &baseUrl, const QString &secret);
    /// Quotes `text` for a POSIX shell.
    QString shellQuote(const QString &text);
    /// Re-indents a valid JSON text by four spaces per level, keeping its key order and every token as written.
    QString indentJson(const QString &json);
    /// Pretty JSON of a JSON text (key order kept); the text itself when it is not JSON.
    QString prettyText(const QString &json);

} // namespace FeedFormat
} // namespace Inspector
