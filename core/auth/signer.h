// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "signaturefailure.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Relay {

/// Lower-case hex of HMAC-SHA256(secret, message).
QByteArray hmacSha256Hex(QByteArrayView secret, QByteArrayView message);

/// Compares without an early exit, so the time taken does not reveal where two secrets differ.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

/// The outcome of checking a `key:hex(HMAC-SHA256(secret, signedString))` token.
enum class KeyedHmacCheck { Ok, Malformed, WrongKey, WrongSignature };
/// Checks such a token in constant time (the hex may be in either case). A wrong signature fills `failure`
/// (when given) with the signed string and both HMACs, for the local inspector.
KeyedHmacCheck checkKeyedHmac(QByteArrayView token, QByteArrayView key, QByteArrayView secret,
    QByteArrayView signedString, SignatureFailure *failure = nullptr);

/// Signs and checks channel subscriptions for one app: `auth` = `key:hex(HMAC(secret, signedString))`,
/// where the signed string is `socket_id:channel` or, for presence, `socket_id:channel:channel_data`.
class ChannelSigner {
public:
    ChannelSigner(QString key, QString secret);

    static QByteArray signedString(const QString &socketId, const QString &channel, const QString &channelData = {});
    QByteArray auth(const QString &socketId, const QString &channel, const QString &channelData = {}) const;
    /// Ok, or Unauthorized with a message that says what was wrong (never the expected signature). A mismatch
    /// fills `failure` (when given) for the local inspector.
    Status verify(const QString &auth, const QString &socketId, const QString &channel,
        const QString &channelData = {}, SignatureFailure *failure = nullptr) const;

private:
    QByteArray m_key;
    QByteArray m_secret;
};

} // namespace Relay
