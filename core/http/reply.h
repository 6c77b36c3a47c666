// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace Relay {

/// An HTTP answer as a value: status, body, extra headers. Handlers return one; toHttp() writes it.
struct Reply {
    int status = 200;
    QByteArray body; ///< compact JSON unless contentType says otherwise; empty for 204
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray contentType = "application/json";

    static Reply json(const QJsonObject &object, int status = 200);
    /// `{"error": message}` with the status httpStatus() gives the code.
    static Reply error(const Error &error);
    static Reply error(ErrorCode code, const QString &message) { return error(Error { code, message }); }
    /// Pusher's REST error shape: the status and a plain-text explanation.
    static Reply text(const Error &error);

    /// The whole HTTP/1.1 response: status line, CORS and framing headers, body. `close` adds
    /// `Connection: close`.
    QByteArray toHttp(bool close) const;
};

} // namespace Relay
