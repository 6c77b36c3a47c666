// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "httprequest.h"

#include <QByteArrayView>

namespace Relay {

struct HttpLimits {
    qint64 maxHeaderBytes = 16 * 1024; ///< request line and headers, also the trailers of a chunked body
    qint64 maxBodyBytes = 2 * 1024 * 1024; ///< after de-chunking
    qint64 timeoutMs = 30000; ///< a request that stops arriving, an idle keep-alive connection
    qint64 headTimeoutMs = 10000; ///< from a request's first byte to the end of its head
};

/// An incremental HTTP/1.1 request parser with no I/O: feed it bytes as they arrive, in pieces of any size,
/// and it reports each request head and each complete request in order, pipelined requests included. It
/// frames bodies by Content-Length or chunked coding (extensions and trailers parsed, never guessed), enforces
/// the header and body limits (413 from Content-Length before any body byte), and refuses what an HTTP/1.1
/// server must refuse with a value error: bare LF line ends, control characters (NUL included) in header
/// values, folded lines, conflicting framing headers. After a WebSocket upgrade request it stops: what follows
/// belongs to the WebSocket. After an error it stays failed.
class RequestParser {
public:
    enum class Step {
        NeedMore, ///< every byte fed was taken; feed more
        HeadComplete, ///< head() holds a request whose body follows (for `100 Continue`)
        RequestComplete, ///< takeRequest() gives the next request
        Failed, ///< error() says why; nothing more is parsed
    };
    struct Progress {
        Step step;
        qsizetype consumed; ///< bytes of the input taken up to and including this step
    };

    explicit RequestParser(const HttpLimits &limits = {});

    /// Parses from `bytes` until the next step; call again with the rest (`bytes.sliced(consumed)`).
    Progress feed(QByteArrayView bytes);
    /// The request whose head was just completed (its body still empty).
    const HttpRequest &head() const { return m_request; }
    /// The request just completed; the parser goes on with the next one.
    HttpRequest takeRequest();
    const Error &error() const { return m_error; }
    /// True after an upgrade request: the parser takes no more bytes.
    bool upgraded() const { return m_state == State::Upgraded; }
    /// True when no byte of a next request has arrived yet.
    bool betweenRequests() const { return m_state == State::Head && m_buffer.isEmpty(); }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done, Upgraded, Failed };
    Progress fail(ErrorCode code, const QString &message, qsizetype consumed);
    Progress feedHead(QByteArrayView bytes);
    Progress completeHead(qsizetype consumed);
    /// Collects one CRLF-terminated line into m_line; the line's length (CRLF excluded) or -1 for more.
    qsizetype takeLine(QByteArrayView bytes, qsizetype &at, qsizetype limit, bool &bareLf);
    /// Appends up to m_remaining body or chunk bytes from `at`; true once none remain.
    bool takeBody(QByteArrayView bytes, qsizetype &at);

    HttpLimits m_limits;
    State m_state = State::Head;
    QByteArray m_buffer; ///< the head, or a chunk-size or trailer line, while incomplete
    qint64 m_remaining = 0; ///< body or chunk bytes still to come
    qint64 m_trailerBytes = 0;
    HttpRequest m_request;
    Error m_error { ErrorCode::BadRequest, {} };
};

} // namespace Relay
