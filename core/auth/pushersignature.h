// SPDX-License-Identifier: MIT
#pragma once

#include "signaturefailure.h"

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Relay {

/// Pusher's REST query signature: `auth_signature` = hex HMAC-SHA256(secret, METHOD \n path \n query), the
/// query being every parameter except auth_signature, keys lower-cased and sorted, joined as `k=v&...`
/// without URL escaping. Requests with a body also sign `body_md5` = hex MD5(body).
namespace PusherSignature {
    using QueryItems = QList<QPair<QString, QString>>;

    inline constexpr qint64 maxClockSkewSeconds = 600;

    QByteArray md5Hex(QByteArrayView body);
    QByteArray stringToSign(QByteArrayView method, const QString &path, const QueryItems &query);
    /// The query items to send (auth_* and body_md5 added, auth_signature last), for tests and tools.
    QueryItems sign(QByteArrayView method, const QString &path, QueryItems query, const QByteArray &body,
        const QString &key, const QString &secret, qint64 timestamp);

    /// Checks key, version, timestamp (within maxClockSkewSeconds of `nowSeconds`), body_md5 and the signature
    /// (constant time). Unauthenticated with a message a developer can act on; `failure` gets the details of a
    /// signature mismatch for the inspector.
    Status verify(QByteArrayView method, const QString &path, const QueryItems &query, const QByteArray &body,
        const QString &key, const QString &secret, qint64 nowSeconds, SignatureFailure *failure = nullptr);

    /// User sign-in (`pusher:signin`): the signed string is `socket_id::user::user_data`.
    QByteArray userSignedString(const QString &socketId, const QString &userData);
    /// `key:hex(HMAC(secret, userSignedString))`.
    QByteArray userAuth(const QString &key, const QString &secret, const QString &socketId, const QString &userData);
    Status verifyUser(const QString &auth, const QString &key, const QString &secret, const QString &socketId,
        const QString &userData, SignatureFailure *failure = nullptr);

    /// End-to-end encrypted channels: base64(SHA256(channel name bytes + master key bytes)).
    QByteArray sharedSecret(const QString &channel, const QByteArray &masterKey);
} // namespace PusherSignature

} // namespace Relay
