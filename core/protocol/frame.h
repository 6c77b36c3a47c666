// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Relay {

/// A frame from a client: `{"event": ..., "channel"?: ..., "data"?: ...}`.
struct ClientFrame {
    QString event;
    QString channel; ///< empty when absent
    QJsonValue data; ///< as sent: an object, a JSON-encoded string, or anything else
};

/// Parses a text frame; MalformedFrame for bad JSON, a non-object, or a missing or non-string event/channel.
Result<ClientFrame> decodeClientFrame(QByteArrayView utf8);

/// The object a frame's `data` carries, whether sent as an object or as a JSON-encoded string.
Result<QJsonObject> dataAsObject(const QJsonValue &data);

/// `data` as the JSON-encoded string clients receive: strings pass through, anything else is compacted.
QString dataAsString(const QJsonValue &data);

/// A server frame `{"event","channel"?,"data","user_id"?}` with `data` already JSON text (sent as a string).
/// Built once per broadcast; the same text goes to every subscriber.
QString encodeFrame(QStringView event, QStringView channel, QStringView dataJson, QStringView userIdJson = {});

} // namespace Relay
