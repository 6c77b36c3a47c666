// SPDX-License-Identifier: MIT
// The WebSocket frame decoder (masking, fragments, control frames, UTF-8, size limit), fed in pieces whose
// sizes the input picks; every text message it yields goes through client frame decoding as a session does.
#include "fuzzinput.h"

#include "protocol/dialect.h"
#include "protocol/frame.h"
#include "transport/framereader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RelayFuzz::Input input(data, size);
    const qint64 maxMessageBytes = 1 + input.byte() * 8;
    const int piece = 1 + input.byte() % 64;
    const QByteArrayView bytes = input.rest();

    Relay::FrameReader reader(maxMessageBytes);
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        const QByteArrayView chunk = bytes.sliced(at, std::min<qsizetype>(piece, bytes.size() - at));
        if (at % 2)
            reader.append(chunk.toByteArray());
        else
            reader.append(chunk);
        while (std::optional<Relay::FrameReader::Message> message = reader.next()) {
            if (message->kind == Relay::FrameReader::Kind::Text) {
                if (!Relay::isValidUtf8(message->payload))
                    __builtin_trap();
                const Relay::Result<Relay::ClientFrame> frame = Relay::decodeClientFrame(message->payload);
                if (frame) {
                    (void)Relay::clientActionOf(frame->event);
                    (void)Relay::dataAsObject(frame->data);
                }
            } else if (message->kind != Relay::FrameReader::Kind::Binary && message->payload.size() > 125) {
                __builtin_trap(); // control frames carry at most 125 bytes
            }
        }
        if (reader.buffered() < 0)
            __builtin_trap();
    }
    return 0;
}
