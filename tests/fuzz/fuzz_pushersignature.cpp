// SPDX-License-Identifier: MIT
// Pusher REST authentication as the HTTP API runs it: `METHOD\nPATH\nQUERY\nBODY`, the query decoded by
// QUrlQuery, then verified; and the user sign-in check on `auth\nsocket_id\nuser_data`.
#include "fuzzinput.h"

#include "auth/pushersignature.h"

#include <QUrlQuery>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RelayFuzz::Input input(data, size);
    const QByteArray method = input.field('\n').toByteArray();
    const QString path = QString::fromUtf8(input.field('\n'));
    const QUrlQuery query(QString::fromUtf8(input.field('\n')));
    const QByteArray body = input.field('\n').toByteArray();
    const Relay::PusherSignature::QueryItems items = query.queryItems(QUrl::FullyDecoded);
    const QString key = QStringLiteral("my-key");
    const QString secret = QStringLiteral("my-secret");
    const qint64 now = 1700000000;
    Relay::SignatureFailure failure;
    (void)Relay::PusherSignature::verify(method, path, items, body, key, secret, now, &failure);
    (void)Relay::PusherSignature::stringToSign(method, path, items);

    // What sign() produces must verify: the parser and the signer agree on every query the fuzzer builds.
    Relay::PusherSignature::QueryItems unsigned_;
    for (const auto &item : items) {
        if (!item.first.startsWith(QLatin1String("auth_"), Qt::CaseInsensitive)
            && item.first.compare(QLatin1String("body_md5"), Qt::CaseInsensitive) != 0)
            unsigned_.append(item);
    }
    const auto signedItems = Relay::PusherSignature::sign(method, path, unsigned_, body, key, secret, now);
    (void)Relay::PusherSignature::verify(method, path, signedItems, body, key, secret, now);

    const QString auth = QString::fromUtf8(input.field('\n'));
    const QString socketId = QString::fromUtf8(input.field('\n'));
    const QString userData = QString::fromUtf8(input.rest());
    (void)Relay::PusherSignature::verifyUser(auth, key, secret, socketId, userData);
    return 0;
}
