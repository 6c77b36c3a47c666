// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace Relay {

/// What the connection guard needs to know of an HTTP/1.x request head.
struct RequestHead {
    QByteArray method;
    QByteArray target;
    int minorVersion = 1; ///< HTTP/1.0 or HTTP/1.1
    qint64 contentLength = 0;
    bool chunked = false;
    bool expectContinue = false;
    bool closeAfterResponse = false; ///< `Connection: close`, or HTTP/1.0 without keep-alive
    bool webSocketUpgrade = false;
};

/// Parses a request head (request line and header lines, without the final empty line). Anything an
/// HTTP/1.1 server must reject comes back as BadRequest with the reason.
Result<RequestHead> parseRequestHead(QByteArrayView head);

} // namespace Relay
