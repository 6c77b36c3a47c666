// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace Relay {

/// An HTTP answer as a value: status, JSON body, extra headers. Handlers return one; HttpApi writes it.
struct Reply {
    int status = 200;
    QByteArray body; ///< compact JSON; empty for 204
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray contentType = "application/json";

    static Reply json(const QJsonObject &object, int status = 200);
    /// `{"error": message}` with the status httpStatus() gives the code.
    static Reply error(const Error &error);
    static Reply error(ErrorCode code, const QString &message) { return error(Error { code, message }); }
    /// Pusher's REST error shape: the status and a plain-text explanation.
    static Reply text(const Error &error);
};

} // namespace Relay
