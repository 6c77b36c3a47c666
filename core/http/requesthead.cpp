// SPDX-License-Identifier: MIT
#include "requesthead.h"

#include <algorithm>

namespace Relay {

namespace {
bool isTokenChar(char c)
{
    static constexpr QByteArrayView extra = "!#$%&'*+-.^_`|~";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

/// The next piece of `text` up to `separator` (or the end); `text` keeps the rest.
QByteArrayView takeUntil(QByteArrayView &text, char separator)
{
    const qsizetype at = text.indexOf(separator);
    const QByteArrayView piece = at < 0 ? text : text.first(at);
    text = at < 0 ? QByteArrayView() : text.sliced(at + 1);
    return piece;
}

/// The next CRLF-terminated line of `text` (or the rest); `text` keeps what follows. Null for a bare LF.
QByteArrayView takeLine(QByteArrayView &text)
{
    const qsizetype at = text.indexOf('\n');
    if (at < 0) {
        const QByteArrayView line = text;
        text = {};
        return line.isNull() ? QByteArrayView("") : line;
    }
    if (at == 0 || text.at(at - 1) != '\r')
        return {};
    const QByteArrayView line = text.first(at - 1);
    text = text.sliced(at + 1);
    return line.isNull() ? QByteArrayView("") : line;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    while (!list.isEmpty()) {
        if (trimmed(takeUntil(list, ',')).compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}
} // namespace

bool isHeaderLine(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return false;
    for (char c : line.sliced(colon + 1)) {
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

Result<HttpRequest> parseRequestHead(QByteArrayView head)
{
    QByteArrayView rest = head;
    QByteArrayView requestLine = takeLine(rest);
    if (requestLine.isNull())
        return badRequest(QStringLiteral("request line ends in a bare LF; use CRLF"));
    const QByteArrayView method = takeUntil(requestLine, ' ');
    const QByteArrayView target = takeUntil(requestLine, ' ');
    const QByteArrayView version = requestLine;
    // A null rest means there was no second space: two parts, not an empty version.
    if (!isToken(method) || target.isEmpty() || version.isNull() || version.contains(' '))
        return badRequest(QStringLiteral("malformed request line; expected \"METHOD /path HTTP/1.1\""));
    HttpRequest out;
    if (version == "HTTP/1.1")
        out.minorVersion = 1;
    else if (version == "HTTP/1.0")
        out.minorVersion = 0;
    else
        return badRequest(QStringLiteral("unsupported HTTP version; this server speaks HTTP/1.0 and HTTP/1.1"));
    if (!target.startsWith('/') && target != "*" && !target.startsWith("http://"))
        return badRequest(QStringLiteral("malformed request target"));
    for (char c : target) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return badRequest(QStringLiteral("request target contains control characters"));
    }
    out.method = method.toByteArray();
    out.target = target.toByteArray();

    bool keepAlive = false;
    bool close = false;
    bool sawLength = false;
    bool sawTransferEncoding = false;
    bool connectionUpgrade = false;
    bool upgradeToWebSocket = false;
    while (!rest.isEmpty()) {
        const QByteArrayView line = takeLine(rest);
        if (line.isNull())
            return badRequest(QStringLiteral("header line ends in a bare LF; use CRLF"));
        if (line.isEmpty())
            continue;
        if (line.front() == ' ' || line.front() == '\t')
            return badRequest(QStringLiteral("folded header lines are not accepted"));
        if (!isHeaderLine(line))
            return badRequest(line.indexOf(':') > 0 && isToken(line.first(line.indexOf(':')))
                    ? QStringLiteral("header value contains control characters (NUL, CR or the like)")
                    : QStringLiteral("malformed header line"));
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        out.headers.append(qMakePair(name.toByteArray(), value.toByteArray()));
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            // 1*DIGIT only: toLongLong() alone would also take "+5".
            const bool digits = !value.isEmpty() && std::all_of(value.cbegin(), value.cend(), isDigit);
            bool ok = false;
            const qint64 length = value.toByteArray().toLongLong(&ok);
            if (!digits || !ok || length < 0 || (sawLength && length != out.contentLength))
                return badRequest(QStringLiteral("invalid Content-Length"));
            out.contentLength = length;
            sawLength = true;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            // A body is framed only when chunked is the final coding (RFC 9112 6.3); anything else is rejected.
            out.chunked = trimmed(value.sliced(value.lastIndexOf(',') + 1)).compare("chunked", Qt::CaseInsensitive) == 0;
            sawTransferEncoding = true;
        } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
            out.expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            close = close || hasToken(value, "close");
            keepAlive = keepAlive || hasToken(value, "keep-alive");
            connectionUpgrade = connectionUpgrade || hasToken(value, "upgrade");
        } else if (name.compare("upgrade", Qt::CaseInsensitive) == 0) {
            upgradeToWebSocket = hasToken(value, "websocket");
        }
    }
    if (sawTransferEncoding && !out.chunked)
        return badRequest(QStringLiteral("unsupported Transfer-Encoding; only chunked (as the last coding) is accepted"));
    if (sawLength && out.chunked)
        return badRequest(QStringLiteral("both Content-Length and chunked Transfer-Encoding"));
    out.webSocketUpgrade = connectionUpgrade && upgradeToWebSocket;
    out.closeAfterResponse = close || (out.minorVersion == 0 && !keepAlive);
    return out;
}

} // namespace Relay
