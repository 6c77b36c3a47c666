// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "httprequest.h"

#include <QByteArrayView>

namespace Relay {

/// Parses a request head (request line and CRLF-separated header lines, without the final empty line) into
/// a request with an empty body. Anything an HTTP/1.1 server must reject comes back as BadRequest with the
/// reason: bare LF line ends, folded lines, control characters (NUL included) in a header value,
/// conflicting framing headers.
Result<HttpRequest> parseRequestHead(QByteArrayView head);

/// True for a well-formed `name: value` header (or trailer) line.
bool isHeaderLine(QByteArrayView line);

} // namespace Relay
