// SPDX-License-Identifier: MIT
// The HTTP/1.1 request parser, fed in pieces whose sizes the input picks, with small limits so that the limit
// paths are reached; every request it completes goes on to the router, as the connection guard does.
#include "fuzzinput.h"

#include "http/requestparser.h"
#include "http/router.h"

#include <QUrlQuery>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RelayFuzz::Input input(data, size);
    Relay::HttpLimits limits;
    limits.maxHeaderBytes = 64 + input.byte() * 16;
    limits.maxBodyBytes = input.byte() * 64;
    const int piece = 1 + input.byte() % 32;
    const QByteArrayView bytes = input.rest();

    Relay::RequestParser parser(limits);
    qsizetype at = 0;
    while (at < bytes.size()) {
        qsizetype end = std::min(bytes.size(), at + piece);
        QByteArrayView chunk = bytes.sliced(at, end - at);
        while (true) {
            const Relay::RequestParser::Progress progress = parser.feed(chunk);
            if (progress.consumed < 0 || progress.consumed > chunk.size())
                __builtin_trap();
            chunk = chunk.sliced(progress.consumed);
            if (progress.step == Relay::RequestParser::Step::Failed)
                return 0;
            if (progress.step == Relay::RequestParser::Step::RequestComplete) {
                const Relay::HttpRequest request = parser.takeRequest();
                (void)request.urlQuery().queryItems(QUrl::FullyDecoded);
                (void)Relay::Router::match(request.method, request.path());
                if (request.webSocketUpgrade)
                    (void)Relay::Router::checkUpgrade(request);
            }
            if (parser.upgraded())
                return 0;
            if (progress.step == Relay::RequestParser::Step::NeedMore || chunk.isEmpty())
                break;
        }
        at = end;
    }
    return 0;
}
