// SPDX-License-Identifier: MIT
#include "signer.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace Relay {

QByteArray hmacSha256Hex(QByteArrayView secret, QByteArrayView message)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // OpenSSL 3's one-shot HMAC fails when the key and message pointers are both null (two empty arrays).
    static constexpr char noKey[] = "";
    HMAC(EVP_sha256(), secret.isEmpty() ? noKey : secret.data(), int(secret.size()),
        reinterpret_cast<const unsigned char *>(message.data()), size_t(message.size()), digest, &length);
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // The length is not secret (every signature has 64 hex digits); the content is.
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

ChannelSigner::ChannelSigner(QString key, QString secret)
    : m_key(key.toUtf8())
    , m_secret(secret.toUtf8())
{
}

QByteArray ChannelSigner::signedString(const QString &socketId, const QString &channel, const QString &channelData)
{
    QByteArray text = socketId.toUtf8() + ':' + channel.toUtf8();
    if (!channelData.isNull())
        text += ':' + channelData.toUtf8();
    return text;
}

KeyedHmacCheck checkKeyedHmac(QByteArrayView token, QByteArrayView key, QByteArrayView secret,
    QByteArrayView signedString, SignatureFailure *failure)
{
    const qsizetype colon = token.indexOf(':');
    if (colon < 0)
        return KeyedHmacCheck::Malformed;
    if (!constantTimeEquals(token.first(colon), key))
        return KeyedHmacCheck::WrongKey;
    const QByteArray expected = hmacSha256Hex(secret, signedString);
    const QByteArray received = token.sliced(colon + 1).toByteArray().toLower();
    if (constantTimeEquals(received, expected))
        return KeyedHmacCheck::Ok;
    if (failure) {
        *failure = SignatureFailure { QString::fromUtf8(signedString), QString::fromLatin1(expected),
            QString::fromLatin1(received) };
    }
    return KeyedHmacCheck::WrongSignature;
}

QByteArray ChannelSigner::auth(const QString &socketId, const QString &channel, const QString &channelData) const
{
    return m_key + ':' + hmacSha256Hex(m_secret, signedString(socketId, channel, channelData));
}

Status ChannelSigner::verify(const QString &auth, const QString &socketId, const QString &channel,
    const QString &channelData, SignatureFailure *failure) const
{
    if (auth.isEmpty())
        return Error { ErrorCode::Unauthorized, QStringLiteral("subscription to %1 needs an auth signature").arg(channel) };
    const QByteArray signedText = signedString(socketId, channel, channelData);
    switch (checkKeyedHmac(auth.toUtf8(), m_key, m_secret, signedText, failure)) {
    case KeyedHmacCheck::Ok:
        return Ok {};
    case KeyedHmacCheck::Malformed:
        return Error { ErrorCode::Unauthorized, QStringLiteral("auth must look like \"<key>:<signature>\"") };
    case KeyedHmacCheck::WrongKey:
        return Error { ErrorCode::Unauthorized, QStringLiteral("auth was signed for another app key") };
    case KeyedHmacCheck::WrongSignature:
        break;
    }
    return Error { ErrorCode::Unauthorized,
        QStringLiteral("invalid signature for %1 (signed string must be \"%2\")")
            .arg(channel, QString::fromUtf8(signedText)) };
}

} // namespace Relay
