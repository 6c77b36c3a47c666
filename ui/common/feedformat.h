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
/// Pretty JSON of a JSON text; the text itself when it is not JSON.
QString prettyText(const QString &json);

} // namespace FeedFormat
} // namespace Inspector
