// SPDX-License-Identifier: MIT
#include "requesthead.h"

#include <QList>

#include <algorithm>

namespace Relay {

namespace {
Error bad(const char *message)
{
    return Error { ErrorCode::BadRequest, QString::fromLatin1(message) };
}

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

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (auto part : QByteArray(list.toByteArray()).split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}
} // namespace

Result<RequestHead> parseRequestHead(QByteArrayView head)
{
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    if (lines.isEmpty())
        return bad("empty request");
    RequestHead out;
    QByteArray requestLine = lines.first();
    if (requestLine.endsWith('\r'))
        requestLine.chop(1);
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty())
        return bad("malformed request line; expected \"METHOD /path HTTP/1.1\"");
    if (parts[2] == "HTTP/1.1")
        out.minorVersion = 1;
    else if (parts[2] == "HTTP/1.0")
        out.minorVersion = 0;
    else
        return bad("unsupported HTTP version; this server speaks HTTP/1.0 and HTTP/1.1");
    if (!parts[1].startsWith('/') && parts[1] != "*" && !parts[1].startsWith("http://"))
        return bad("malformed request target");
    for (char c : parts[1]) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return bad("request target contains control characters");
    }
    out.method = parts[0];
    out.target = parts[1];

    bool keepAlive = false;
    bool close = false;
    bool sawLength = false;
    bool sawTransferEncoding = false;
    bool connectionUpgrade = false;
    bool upgradeToWebSocket = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArrayView line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return bad("malformed header line");
        const QByteArrayView name = line.first(colon);
        const QByteArray value = line.sliced(colon + 1).toByteArray().trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            // 1*DIGIT only: toLongLong() alone would also take "+5".
            const bool digits = !value.isEmpty() && std::all_of(value.cbegin(), value.cend(), isDigit);
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!digits || !ok || length < 0 || (sawLength && length != out.contentLength))
                return bad("invalid Content-Length");
            out.contentLength = length;
            sawLength = true;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            // A body is framed only when chunked is the final coding (RFC 9112 6.3); anything else is rejected.
            out.chunked = value.mid(value.lastIndexOf(',') + 1).trimmed().compare("chunked", Qt::CaseInsensitive) == 0;
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
        return bad("unsupported Transfer-Encoding; only chunked (as the last coding) is accepted");
    if (sawLength && out.chunked)
        return bad("both Content-Length and chunked Transfer-Encoding");
    out.webSocketUpgrade = connectionUpgrade && upgradeToWebSocket;
    out.closeAfterResponse = close || (out.minorVersion == 0 && !keepAlive);
    return out;
}

} // namespace Relay
