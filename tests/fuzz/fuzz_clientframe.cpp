// SPDX-License-Identifier: MIT
// Client frame decoding (the JSON of a text message) and what both dialects do with it: the event name's
// action, `data` as an object and as the string subscribers receive, and the server frame built from them.
#include "fuzzinput.h"

#include "protocol/dialect.h"
#include "protocol/frame.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RelayFuzz::Input input(data, size);
    const QByteArrayView text = input.rest();
    const Relay::Result<Relay::ClientFrame> frame = Relay::decodeClientFrame(text);
    if (!frame)
        return 0;
    (void)Relay::clientActionOf(frame->event);
    (void)Relay::dataAsObject(frame->data);
    const QString dataJson = Relay::dataAsString(frame->data);
    for (const Relay::Dialect dialect : { Relay::Dialect::Relay, Relay::Dialect::Pusher })
        (void)Relay::eventName(dialect, Relay::ServerEvent::Error);
    const QString encoded = Relay::encodeFrame(frame->event, frame->channel, dataJson);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(encoded.toUtf8(), &error);
    // What the relay sends must be JSON whose event and data are what came in.
    if (error.error != QJsonParseError::NoError || !document.isObject())
        __builtin_trap();
    if (document.object().value(QLatin1String("event")).toString() != frame->event)
        __builtin_trap();
    if (document.object().value(QLatin1String("data")).toString() != dataJson)
        __builtin_trap();
    return 0;
}
