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

QByteArray ChannelSigner::auth(const QString &socketId, const QString &channel, const QString &channelData) const
{
    return m_key + ':' + hmacSha256Hex(m_secret, signedString(socketId, channel, channelData));
}

Status ChannelSigner::verify(const QString &auth, const QString &socketId, const QString &channel,
    const QString &channelData, SignatureFailure *failure) const
{
    if (auth.isEmpty())
        return Error { ErrorCode::Unauthorized, QStringLiteral("subscription to %1 needs an auth signature").arg(channel) };
    const QByteArray given = auth.toUtf8();
    const qsizetype colon = given.indexOf(':');
    if (colon < 0)
        return Error { ErrorCode::Unauthorized, QStringLiteral("auth must look like \"<key>:<signature>\"") };
    if (!constantTimeEquals(given.left(colon), m_key))
        return Error { ErrorCode::Unauthorized, QStringLiteral("auth was signed for another app key") };
    const QByteArray expected = hmacSha256Hex(m_secret, signedString(socketId, channel, channelData));
    const QByteArray received = given.mid(colon + 1).toLower();
    if (constantTimeEquals(received, expected))
        return Ok {};
    const QString signedText = QString::fromUtf8(signedString(socketId, channel, channelData));
    if (failure)
        *failure = SignatureFailure { signedText, QString::fromLatin1(expected), QString::fromLatin1(received) };
    return Error { ErrorCode::Unauthorized,
        QStringLiteral("invalid signature for %1 (signed string must be \"%2\")").arg(channel, signedText) };
}

} // namespace Relay
