// SPDX-License-Identifier: MIT
// The route table and the upgrade check: `METHOD\nTARGET\nheader lines...`, the target split as the request
// parser splits it.
#include "fuzzinput.h"

#include "http/router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RelayFuzz::Input input(data, size);
    Relay::HttpRequest request;
    request.method = input.field('\n').toByteArray();
    request.target = input.field('\n').toByteArray();
    while (true) {
        const QByteArrayView line = input.field('\n');
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            request.headers.append({ line.toByteArray(), QByteArray() });
        else
            request.headers.append({ line.first(colon).toByteArray(), line.sliced(colon + 1).trimmed().toByteArray() });
    }
    request.webSocketUpgrade = true;

    const Relay::Result<Relay::RouteMatch> match = Relay::Router::match(request.method, request.path());
    if (match && match->params.size() > 3)
        __builtin_trap();
    (void)Relay::Router::splitPath(request.target);
    (void)Relay::Router::checkUpgrade(request);
    (void)request.query();
    return 0;
}
