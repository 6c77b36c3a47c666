// SPDX-License-Identifier: MIT
// Pusher's signatures: the REST query signature, channel auth, user sign-in and encrypted channel secrets,
// checked against the worked examples in Pusher's documentation.
#include "auth/pushersignature.h"
#include "auth/signer.h"

#include <QTest>

using namespace Relay;

namespace {
const QString docKey = QStringLiteral("278d425bdf160c739803");
const QString docSecret = QStringLiteral("7ad3773142a6692b25b8");
const QByteArray docBody = QByteArrayLiteral("{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}");
constexpr qint64 docTimestamp = 1353088179;
const QByteArray docSignature = QByteArrayLiteral("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");

PusherSignature::QueryItems docQuery()
{
    return { { QStringLiteral("auth_key"), docKey }, { QStringLiteral("auth_timestamp"), QString::number(docTimestamp) },
        { QStringLiteral("auth_version"), QStringLiteral("1.0") },
        { QStringLiteral("body_md5"), QStringLiteral("ec365a775a4cd0599faeb73354201b6f") },
        { QStringLiteral("auth_signature"), QString::fromLatin1(docSignature) } };
}
} // namespace

class PusherSignatureTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void restDocumentationVector()
    {
        QCOMPARE(PusherSignature::md5Hex(docBody), QByteArray("ec365a775a4cd0599faeb73354201b6f"));
        const QByteArray expectedString = "POST\n/apps/3/events\nauth_key=278d425bdf160c739803&auth_timestamp=1353088179"
                                          "&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f";
        QCOMPARE(PusherSignature::stringToSign("POST", QStringLiteral("/apps/3/events"), docQuery()), expectedString);
        QCOMPARE(hmacSha256Hex(docSecret.toUtf8(), expectedString), docSignature);
        const auto signedQuery = PusherSignature::sign("post", QStringLiteral("/apps/3/events"), {}, docBody, docKey,
            docSecret, docTimestamp);
        QCOMPARE(signedQuery.last().second.toLatin1(), docSignature);
    }

    void verify_data()
    {
        QTest::addColumn<qint64>("now");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("valid") << docTimestamp << docKey << docSecret << docBody << true << QString();
        QTest::newRow("600 s later is still valid") << docTimestamp + 600 << docKey << docSecret << docBody << true << QString();
        QTest::newRow("stale") << docTimestamp + 601 << docKey << docSecret << docBody << false << QStringLiteral("Timestamp expired");
        QTest::newRow("from the future") << docTimestamp - 601 << docKey << docSecret << docBody << false << QStringLiteral("Timestamp expired");
        QTest::newRow("wrong key") << docTimestamp << QStringLiteral("other") << docSecret << docBody << false << QStringLiteral("auth_key");
        QTest::newRow("wrong secret") << docTimestamp << docKey << QStringLiteral("other") << docBody << false << QStringLiteral("Invalid signature");
        QTest::newRow("tampered body") << docTimestamp << docKey << docSecret << QByteArray(docBody + ' ') << false << QStringLiteral("body_md5");
    }

    void verify()
    {
        QFETCH(qint64, now);
        QFETCH(QString, key);
        QFETCH(QString, secret);
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(QString, messagePart);
        const Status status = PusherSignature::verify("POST", QStringLiteral("/apps/3/events"), docQuery(), body, key, secret, now);
        QCOMPARE(status.ok(), ok);
        if (!ok) {
            QCOMPARE(status.error().code, ErrorCode::Unauthenticated);
            QVERIFY2(status.error().message.contains(messagePart), qPrintable(status.error().message));
        }
    }

    void mismatchReportsSignedStringAndBothHmacs()
    {
        SignatureFailure failure;
        const Status status = PusherSignature::verify("POST", QStringLiteral("/apps/3/events"), docQuery(), docBody, docKey,
            QStringLiteral("wrong-secret"), docTimestamp, &failure);
        QVERIFY(!status.ok());
        QVERIFY(failure.signedString.startsWith(QLatin1String("POST\n/apps/3/events\nauth_key=")));
        QCOMPARE(failure.receivedHmac.toLatin1(), docSignature);
        QCOMPARE(failure.expectedHmac.toLatin1(), hmacSha256Hex("wrong-secret", failure.signedString.toUtf8()));
        QVERIFY(!status.error().message.contains(failure.expectedHmac)); // never told to the caller
    }

    void keysAreLowerCasedAndSorted()
    {
        const PusherSignature::QueryItems query { { QStringLiteral("Name"), QStringLiteral("Something else") },
            { QStringLiteral("auth_key"), QStringLiteral("foo") }, { QStringLiteral("auth_signature"), QStringLiteral("x") } };
        QCOMPARE(PusherSignature::stringToSign("get", QStringLiteral("/p"), query),
            QByteArray("GET\n/p\nauth_key=foo&name=Something else"));
    }

    void missingParameterIsRejected()
    {
        PusherSignature::QueryItems query = docQuery();
        query.removeAt(1);
        const Status status = PusherSignature::verify("POST", QStringLiteral("/apps/3/events"), query, docBody, docKey,
            docSecret, docTimestamp);
        QVERIFY(!status.ok());
        QVERIFY(status.error().message.contains(QLatin1String("auth_timestamp")));
    }

    void channelAuthDocumentationVectors_data()
    {
        QTest::addColumn<QString>("channel");
        QTest::addColumn<QString>("channelData");
        QTest::addColumn<QByteArray>("signature");
        QTest::newRow("private") << QStringLiteral("private-foobar") << QString()
                                 << QByteArray("58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
        QTest::newRow("presence") << QStringLiteral("presence-foobar")
                                  << QStringLiteral("{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Channels\"}}")
                                  << QByteArray("31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80");
    }

    void channelAuthDocumentationVectors()
    {
        QFETCH(QString, channel);
        QFETCH(QString, channelData);
        QFETCH(QByteArray, signature);
        const ChannelSigner signer(docKey, docSecret);
        const QString socketId = QStringLiteral("1234.1234");
        QCOMPARE(signer.auth(socketId, channel, channelData), docKey.toUtf8() + ':' + signature);
        QVERIFY(signer.verify(QString::fromUtf8(docKey.toUtf8() + ':' + signature), socketId, channel, channelData).ok());
        SignatureFailure failure;
        QVERIFY(!signer.verify(docKey + QStringLiteral(":00"), socketId, channel, channelData, &failure).ok());
        QCOMPARE(failure.expectedHmac.toLatin1(), signature);
        QCOMPARE(failure.receivedHmac, QStringLiteral("00"));
    }

    void userSignin()
    {
        const QString userData = QStringLiteral("{\"id\":\"12345\"}");
        const QString socketId = QStringLiteral("1234.1234");
        QCOMPARE(PusherSignature::userSignedString(socketId, userData), QByteArray("1234.1234::user::{\"id\":\"12345\"}"));
        const QByteArray auth = PusherSignature::userAuth(docKey, docSecret, socketId, userData);
        QCOMPARE(auth, docKey.toUtf8() + ":4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba");
        QVERIFY(PusherSignature::verifyUser(QString::fromUtf8(auth), docKey, docSecret, socketId, userData).ok());
        SignatureFailure failure;
        const Status wrong = PusherSignature::verifyUser(QString::fromUtf8(auth), docKey, docSecret, QStringLiteral("1.2"), userData, &failure);
        QCOMPARE(wrong.error().code, ErrorCode::Unauthorized);
        QCOMPARE(failure.signedString, QStringLiteral("1.2::user::{\"id\":\"12345\"}"));
    }

    void encryptedChannelSharedSecret()
    {
        // base64(SHA256(channel name + master key)), as the pusher server SDKs derive it.
        QCOMPARE(PusherSignature::sharedSecret(QStringLiteral("private-encrypted-x"), QByteArray(32, 7)),
            QByteArray("QBLmxUha0AEqZM0+A5PNJXDxZBx3jy3Nx0o1EY1y36I="));
    }
};

QTEST_GUILESS_MAIN(PusherSignatureTest)
#include "tst_pushersignature.moc"
