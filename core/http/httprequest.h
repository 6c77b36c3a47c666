// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QUrlQuery>

namespace Relay {

/// One HTTP/1.x request as the connection guard parsed it: read once, then handed to the API as it is.
struct HttpRequest {
    QByteArray method;
    QByteArray target; ///< the request-target as sent (path and query, percent-encoded)
    int minorVersion = 1; ///< HTTP/1.0 or HTTP/1.1
    QList<QPair<QByteArray, QByteArray>> headers; ///< names as sent, values trimmed, in order
    QByteArray body; ///< de-chunked when the body was chunked
    qint64 contentLength = 0;
    bool chunked = false;
    bool expectContinue = false;
    bool closeAfterResponse = false; ///< `Connection: close`, or HTTP/1.0 without keep-alive
    bool webSocketUpgrade = false; ///< `Connection: upgrade` with `Upgrade: websocket`

    /// The first value of a header, matched case-insensitively; null when absent.
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    bool hasHeader(QByteArrayView name) const
    {
        for (const auto &header : headers) {
            if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    /// The target's path, still percent-encoded ("/" for `*`, the path part of an absolute target).
    QByteArrayView path() const;
    /// The target's query without the '?', still percent-encoded; empty when there is none.
    QByteArrayView query() const;
    /// The query as items, for percent-decoded lookups.
    QUrlQuery urlQuery() const { return QUrlQuery(QString::fromUtf8(query())); }
};

} // namespace Relay
