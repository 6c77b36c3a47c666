// SPDX-License-Identifier: MIT
#include "requestparser.h"

#include "requesthead.h"

namespace Relay {

namespace {
constexpr qsizetype maxChunkLine = 1024; // a chunk size with its extensions; real clients send a few bytes
constexpr int maxChunkSizeDigits = 15; // keeps the size below 2^60, far over any body limit

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

QString limitKb(qint64 bytes)
{
    return QString::number(bytes / 1024);
}
} // namespace

RequestParser::RequestParser(const HttpLimits &limits)
    : m_limits(limits)
{
}

RequestParser::Progress RequestParser::fail(ErrorCode code, const QString &message, qsizetype consumed)
{
    m_state = State::Failed;
    m_error = Error { code, message };
    return { Step::Failed, consumed };
}

HttpRequest RequestParser::takeRequest()
{
    HttpRequest out = std::move(m_request);
    m_request = HttpRequest {};
    if (m_state == State::Done)
        m_state = State::Head;
    return out;
}

qsizetype RequestParser::takeLine(QByteArrayView bytes, qsizetype &at, qsizetype limit, bool &bareLf)
{
    const qsizetype end = bytes.indexOf('\n', at);
    if (end < 0) {
        m_buffer.append(bytes.sliced(at));
        at = bytes.size();
        return m_buffer.size() > limit + 1 ? -2 : -1; // +1: the CR of a line that just fits
    }
    m_buffer.append(bytes.sliced(at, end + 1 - at));
    at = end + 1;
    bareLf = m_buffer.size() < 2 || m_buffer.at(m_buffer.size() - 2) != '\r';
    const qsizetype length = m_buffer.size() - 2;
    return length > limit ? -2 : length;
}

RequestParser::Progress RequestParser::feed(QByteArrayView bytes)
{
    qsizetype at = 0;
    for (;;) {
        switch (m_state) {
        case State::Head: {
            Progress progress = feedHead(bytes.sliced(at));
            progress.consumed += at;
            return progress;
        }
        case State::Body:
            if (!takeBody(bytes, at))
                return { Step::NeedMore, at };
            m_state = State::Done;
            return { Step::RequestComplete, at };
        case State::ChunkSize: {
            bool bareLf = false;
            const qsizetype length = takeLine(bytes, at, maxChunkLine, bareLf);
            if (length == -2)
                return fail(ErrorCode::BadRequest, QStringLiteral("chunk size line is too long"), at);
            if (length < 0)
                return { Step::NeedMore, at };
            if (bareLf)
                return fail(ErrorCode::BadRequest, QStringLiteral("chunk size line ends in a bare LF; use CRLF"), at);
            const QByteArrayView line = QByteArrayView(m_buffer).first(length);
            qint64 size = 0;
            qsizetype digits = 0;
            // Digits past the limit are counted, not added: the sum would overflow before the count refuses it.
            for (; digits < line.size() && isHexDigit(line.at(digits)); ++digits) {
                if (digits < maxChunkSizeDigits)
                    size = size * 16 + hexValue(line.at(digits));
            }
            QByteArrayView extension = line.sliced(digits);
            while (!extension.isEmpty() && (extension.front() == ' ' || extension.front() == '\t'))
                extension = extension.sliced(1);
            if (digits == 0 || digits > maxChunkSizeDigits || (!extension.isEmpty() && extension.front() != ';'))
                return fail(ErrorCode::BadRequest, QStringLiteral("malformed chunk size"), at);
            for (char c : extension) {
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
                    return fail(ErrorCode::BadRequest, QStringLiteral("chunk extension contains control characters"), at);
            }
            m_buffer.clear();
            if (size == 0) {
                m_state = State::Trailers;
                m_trailerBytes = 0;
                break;
            }
            if (m_request.body.size() + size > m_limits.maxBodyBytes)
                return fail(ErrorCode::BodyTooLarge,
                    QStringLiteral("request body is over the %1 KB limit").arg(limitKb(m_limits.maxBodyBytes)), at);
            m_remaining = size;
            m_state = State::ChunkData;
            break;
        }
        case State::ChunkData:
            if (!takeBody(bytes, at))
                return { Step::NeedMore, at };
            m_state = State::ChunkDataEnd;
            break;
        case State::ChunkDataEnd: {
            bool bareLf = false;
            const qsizetype length = takeLine(bytes, at, 0, bareLf);
            if (length == -1)
                return { Step::NeedMore, at };
            if (length != 0 || bareLf)
                return fail(ErrorCode::BadRequest, QStringLiteral("chunk data is not followed by CRLF"), at);
            m_buffer.clear();
            m_state = State::ChunkSize;
            break;
        }
        case State::Trailers: {
            bool bareLf = false;
            const qsizetype length = takeLine(bytes, at, m_limits.maxHeaderBytes - m_trailerBytes, bareLf);
            if (length == -2)
                return fail(ErrorCode::HeadersTooLarge,
                    QStringLiteral("request trailers are over the %1 KB limit").arg(limitKb(m_limits.maxHeaderBytes)),
                    at);
            if (length < 0)
                return { Step::NeedMore, at };
            if (bareLf)
                return fail(ErrorCode::BadRequest, QStringLiteral("trailer line ends in a bare LF; use CRLF"), at);
            const QByteArrayView line = QByteArrayView(m_buffer).first(length);
            if (line.isEmpty()) {
                m_buffer.clear();
                m_state = State::Done;
                return { Step::RequestComplete, at };
            }
            if (!isHeaderLine(line))
                return fail(ErrorCode::BadRequest, QStringLiteral("malformed trailer line"), at);
            m_trailerBytes += m_buffer.size();
            m_buffer.clear(); // trailer fields are parsed and dropped: no handler reads them
            break;
        }
        case State::Done:
            return { Step::RequestComplete, at };
        case State::Upgraded:
            return { Step::NeedMore, at };
        case State::Failed:
            return { Step::Failed, at };
        }
        if (at == bytes.size())
            return { Step::NeedMore, at };
    }
}

RequestParser::Progress RequestParser::feedHead(QByteArrayView bytes)
{
    qsizetype at = 0;
    if (m_buffer.isEmpty()) {
        // Empty lines between pipelined requests are ignored (RFC 9112 2.2).
        while (at < bytes.size() && (bytes.at(at) == '\r' || bytes.at(at) == '\n'))
            ++at;
        if (at == bytes.size())
            return { Step::NeedMore, at };
    }
    for (;;) {
        const qsizetype end = bytes.indexOf('\n', at);
        if (end < 0) {
            m_buffer.append(bytes.sliced(at));
            if (m_buffer.size() > m_limits.maxHeaderBytes)
                return fail(ErrorCode::HeadersTooLarge,
                    QStringLiteral("request headers are over the %1 KB limit").arg(limitKb(m_limits.maxHeaderBytes)),
                    bytes.size());
            return { Step::NeedMore, bytes.size() };
        }
        m_buffer.append(bytes.sliced(at, end + 1 - at));
        at = end + 1;
        const qsizetype size = m_buffer.size();
        if (size < 2 || m_buffer.at(size - 2) != '\r')
            return fail(ErrorCode::BadRequest, QStringLiteral("request line or header ends in a bare LF; use CRLF"), at);
        const bool headEnds = size >= 4 && m_buffer.at(size - 3) == '\n';
        if ((headEnds ? size - 2 : size) > m_limits.maxHeaderBytes)
            return fail(ErrorCode::HeadersTooLarge,
                QStringLiteral("request headers are over the %1 KB limit").arg(limitKb(m_limits.maxHeaderBytes)), at);
        if (headEnds)
            return completeHead(at);
    }
}

RequestParser::Progress RequestParser::completeHead(qsizetype consumed)
{
    Result<HttpRequest> head = parseRequestHead(QByteArrayView(m_buffer).first(m_buffer.size() - 4));
    m_buffer.clear();
    if (!head)
        return fail(head.error().code, head.error().message, consumed);
    m_request = std::move(head).value();
    if (m_request.webSocketUpgrade) {
        m_state = State::Upgraded;
        return { Step::RequestComplete, consumed };
    }
    if (m_request.contentLength > m_limits.maxBodyBytes)
        return fail(ErrorCode::BodyTooLarge,
            QStringLiteral("request body of %1 bytes is over the %2 KB limit")
                .arg(m_request.contentLength)
                .arg(limitKb(m_limits.maxBodyBytes)),
            consumed);
    if (m_request.chunked) {
        m_state = State::ChunkSize;
        return { Step::HeadComplete, consumed };
    }
    if (m_request.contentLength > 0) {
        m_state = State::Body;
        m_remaining = m_request.contentLength;
        m_request.body.reserve(m_request.contentLength);
        return { Step::HeadComplete, consumed };
    }
    m_state = State::Done;
    return { Step::RequestComplete, consumed };
}

bool RequestParser::takeBody(QByteArrayView bytes, qsizetype &at)
{
    const qint64 take = qMin<qint64>(m_remaining, bytes.size() - at);
    m_request.body.append(bytes.sliced(at, take));
    at += take;
    m_remaining -= take;
    return m_remaining == 0;
}

} // namespace Relay
