// SPDX-License-Identifier: MIT
#include "pushersignature.h"

#include "signer.h"

#include <QCryptographicHash>

#include <algorithm>

namespace Relay::PusherSignature {

namespace {
QString valueOf(const QueryItems &query, QLatin1String key)
{
    for (const auto &[name, value] : query) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool contains(const QueryItems &query, QLatin1String key)
{
    return std::any_of(query.cbegin(), query.cend(),
        [key](const auto &item) { return item.first.compare(key, Qt::CaseInsensitive) == 0; });
}
} // namespace

QByteArray md5Hex(QByteArrayView body)
{
    return QCryptographicHash::hash(body, QCryptographicHash::Md5).toHex();
}

QByteArray stringToSign(QByteArrayView method, const QString &path, const QueryItems &query)
{
    QList<QPair<QString, QString>> items;
    items.reserve(query.size());
    for (const auto &[name, value] : query) {
        const QString key = name.toLower();
        if (key != QLatin1String("auth_signature"))
            items.append({ key, value });
    }
    std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QByteArray text = method.toByteArray().toUpper() + '\n' + path.toUtf8() + '\n';
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            text += '&';
        text += items[i].first.toUtf8() + '=' + items[i].second.toUtf8();
    }
    return text;
}

QueryItems sign(QByteArrayView method, const QString &path, QueryItems query, const QByteArray &body,
    const QString &key, const QString &secret, qint64 timestamp)
{
    query.append({ QStringLiteral("auth_key"), key });
    query.append({ QStringLiteral("auth_timestamp"), QString::number(timestamp) });
    query.append({ QStringLiteral("auth_version"), QStringLiteral("1.0") });
    if (!body.isEmpty())
        query.append({ QStringLiteral("body_md5"), QString::fromLatin1(md5Hex(body)) });
    const QByteArray signature = hmacSha256Hex(secret.toUtf8(), stringToSign(method, path, query));
    query.append({ QStringLiteral("auth_signature"), QString::fromLatin1(signature) });
    return query;
}

Status verify(QByteArrayView method, const QString &path, const QueryItems &query, const QByteArray &body,
    const QString &key, const QString &secret, qint64 nowSeconds, SignatureFailure *failure)
{
    for (const char *required : { "auth_key", "auth_timestamp", "auth_version", "auth_signature" }) {
        if (!contains(query, QLatin1String(required)))
            return unauthenticated(QStringLiteral("missing %1 query parameter").arg(QLatin1String(required)));
    }
    if (!constantTimeEquals(valueOf(query, QLatin1String("auth_key")).toUtf8(), key.toUtf8()))
        return unauthenticated(QStringLiteral("unknown auth_key for this app"));
    const QString version = valueOf(query, QLatin1String("auth_version"));
    if (version != QLatin1String("1.0"))
        return unauthenticated(QStringLiteral("unsupported auth_version \"%1\"; use 1.0").arg(version.left(20)));
    bool ok = false;
    const qint64 timestamp = valueOf(query, QLatin1String("auth_timestamp")).toLongLong(&ok);
    if (!ok || qAbs(nowSeconds - timestamp) > maxClockSkewSeconds)
        return unauthenticated(QStringLiteral("Timestamp expired: given timestamp (%1) not within %2s of server time (%3)")
                                   .arg(valueOf(query, QLatin1String("auth_timestamp")).left(20))
                                   .arg(maxClockSkewSeconds)
                                   .arg(nowSeconds));
    if (!body.isEmpty() || contains(query, QLatin1String("body_md5"))) {
        const QByteArray expectedMd5 = md5Hex(body);
        if (valueOf(query, QLatin1String("body_md5")).toLatin1().toLower() != expectedMd5)
            return unauthenticated(QStringLiteral("body_md5 does not match the MD5 of the request body"));
    }
    const QByteArray signedString = stringToSign(method, path, query);
    const QByteArray expected = hmacSha256Hex(secret.toUtf8(), signedString);
    const QByteArray received = valueOf(query, QLatin1String("auth_signature")).toLatin1().toLower();
    if (!constantTimeEquals(received, expected)) {
        if (failure)
            *failure = SignatureFailure { QString::fromUtf8(signedString), QString::fromLatin1(expected),
                QString::fromLatin1(received) };
        // Like Pusher, say what was signed (it is derived from the request), never what the HMAC should be.
        return unauthenticated(QStringLiteral("Invalid signature: you should have sent HmacSHA256Hex(\"%1\", your_secret)")
                                   .arg(QString::fromUtf8(signedString).replace(QLatin1Char('\n'), QLatin1String("\\n"))));
    }
    return Ok {};
}

QByteArray userSignedString(const QString &socketId, const QString &userData)
{
    return socketId.toUtf8() + "::user::" + userData.toUtf8();
}

QByteArray userAuth(const QString &key, const QString &secret, const QString &socketId, const QString &userData)
{
    return key.toUtf8() + ':' + hmacSha256Hex(secret.toUtf8(), userSignedString(socketId, userData));
}

Status verifyUser(const QString &auth, const QString &key, const QString &secret, const QString &socketId,
    const QString &userData, SignatureFailure *failure)
{
    const QByteArray signedString = userSignedString(socketId, userData);
    switch (checkKeyedHmac(auth.toUtf8(), key.toUtf8(), secret.toUtf8(), signedString, failure)) {
    case KeyedHmacCheck::Ok:
        return Ok {};
    case KeyedHmacCheck::Malformed:
        return Error { ErrorCode::Unauthorized, QStringLiteral("signin auth must look like \"<key>:<signature>\"") };
    case KeyedHmacCheck::WrongKey:
        return Error { ErrorCode::Unauthorized, QStringLiteral("signin auth was signed for another app key") };
    case KeyedHmacCheck::WrongSignature:
        break;
    }
    return Error { ErrorCode::Unauthorized,
        QStringLiteral("invalid signin signature (signed string must be \"%1\")").arg(QString::fromUtf8(signedString)) };
}

QByteArray sharedSecret(const QString &channel, const QByteArray &masterKey)
{
    const QByteArray input = channel.toUtf8() + masterKey;
    return QCryptographicHash::hash(input, QCryptographicHash::Sha256).toBase64();
}

} // namespace Relay::PusherSignature
