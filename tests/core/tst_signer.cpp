// SPDX-License-Identifier: MIT
// HMAC-SHA256 (RFC 4231), constant-time compare, and channel auth signing/verification (Pusher's vectors).
#include "auth/signer.h"

#include <QTest>

using namespace Relay;

namespace {
// Pusher's documented worked example (library_auth_reference/auth-signatures).
const QString pusherKey = QStringLiteral("278d425bdf160c739803");
const QString pusherSecret = QStringLiteral("7ad3773142a6692b25b8");
const QString pusherSocket = QStringLiteral("1234.1234");
const QByteArray pusherPrivateSig = "58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";
const QString pusherPresenceData = QStringLiteral("{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Pusher\"}}");
const QByteArray pusherPresenceSig = "afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c";
} // namespace

class SignerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hmac_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("hex");
        QTest::newRow("RFC 4231 case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                                         << QByteArray(
                                                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        QTest::newRow("RFC 4231 case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                                         << QByteArray(
                                                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        QByteArray key4;
        for (char c = 1; c <= 25; ++c)
            key4.append(c);
        QTest::newRow("RFC 4231 case 4") << key4 << QByteArray(50, '\xcd')
                                         << QByteArray(
                                                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        QTest::newRow("RFC 4231 case 6: key longer than a block")
            << QByteArray(131, '\xaa') << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
            << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        // Both empty: OpenSSL's one-shot HMAC used to fail here and the signer returned "".
        QTest::newRow("empty key and message")
            << QByteArray() << QByteArray()
            << QByteArray("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
        QTest::newRow("empty key") << QByteArray() << QByteArray("1.2:private-a")
                                   << QByteArray("047c3a2f345c9050dba97ed3e7ce77a071ec95790cd497a0842cb80fbc9383d1");
        QTest::newRow("empty message") << QByteArray(
            "Jefe") << QByteArray() << QByteArray("923598ca6d64af2a5dba79dcd021a8a0fe5c5f557519adaaf0ad532d4506dd30");
        QTest::newRow("pusher private") << pusherSecret.toUtf8() << QByteArray("1234.1234:private-foobar")
                                        << pusherPrivateSig;
    }
    void hmac()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, hex);
        QCOMPARE(hmacSha256Hex(key, message), hex);
    }

    void constantTime_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same") << QByteArray("abcdef") << QByteArray("abcdef") << true;
        QTest::newRow("both empty") << QByteArray() << QByteArray("") << true;
        QTest::newRow("first byte differs") << QByteArray("xbcdef") << QByteArray("abcdef") << false;
        QTest::newRow("last byte differs") << QByteArray("abcdex") << QByteArray("abcdef") << false;
        QTest::newRow("prefix") << QByteArray("abc") << QByteArray("abcdef") << false;
        QTest::newRow("longer") << QByteArray("abcdefg") << QByteArray("abcdef") << false;
        QTest::newRow("one empty") << QByteArray() << QByteArray("a") << false;
        QTest::newRow("case differs") << QByteArray("ABC") << QByteArray("abc") << false;
        QTest::newRow("embedded nul") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
    }
    void constantTime()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        QCOMPARE(constantTimeEquals(a, b), equal);
        QCOMPARE(constantTimeEquals(b, a), equal);
    }

    void signedString()
    {
        QCOMPARE(ChannelSigner::signedString(pusherSocket, QStringLiteral("private-foobar")),
            QByteArray("1234.1234:private-foobar"));
        QCOMPARE(ChannelSigner::signedString(pusherSocket, QStringLiteral("presence-foobar"), pusherPresenceData),
            "1234.1234:presence-foobar:" + pusherPresenceData.toUtf8());
        // A present but empty channel_data is still signed with its separator; only an absent one is left out.
        QCOMPARE(ChannelSigner::signedString(QStringLiteral("1.2"), QStringLiteral("presence-x"), QStringLiteral("")),
            QByteArray("1.2:presence-x:"));
        QCOMPARE(
            ChannelSigner::signedString(QStringLiteral("1.2"), QString::fromUtf8("presence-caf\xc3\xa9"), QString()),
            QByteArray("1.2:presence-caf\xc3\xa9"));
    }

    void auth_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("socketId");
        QTest::addColumn<QString>("channel");
        QTest::addColumn<bool>("withData");
        QTest::addColumn<QString>("channelData");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("pusher private vector") << pusherKey << pusherSecret << pusherSocket << "private-foobar" << false
                                               << QString() << "278d425bdf160c739803:" + pusherPrivateSig;
        QTest::newRow("pusher presence vector")
            << pusherKey << pusherSecret << pusherSocket << "presence-foobar" << true << pusherPresenceData
            << "278d425bdf160c739803:" + pusherPresenceSig;
        // Computed independently (Python hmac) for the same credentials with another user_info name.
        QTest::newRow("presence, other user_info")
            << pusherKey << pusherSecret << pusherSocket << "presence-foobar" << true
            << "{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Channels\"}}"
            << QByteArray("278d425bdf160c739803:31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80");
        QTest::newRow("non-ascii channel is signed as UTF-8")
            << "my-key" << QStringLiteral("my-secret") << "1.2" << QString::fromUtf8("private-caf\xc3\xa9") << false
            << QString() << QByteArray("my-key:87c760f6569dc718704d2da000b8d194655583e57e5f4838f1b209a4fcf7a5be");
    }
    void auth()
    {
        QFETCH(QString, key);
        QFETCH(QString, secret);
        QFETCH(QString, socketId);
        QFETCH(QString, channel);
        QFETCH(bool, withData);
        QFETCH(QString, channelData);
        QFETCH(QByteArray, expected);
        const ChannelSigner signer(key, secret);
        const QByteArray auth = withData ? signer.auth(socketId, channel, channelData) : signer.auth(socketId, channel);
        QCOMPARE(auth, expected);
        const Status verified = withData ? signer.verify(QString::fromUtf8(auth), socketId, channel, channelData)
                                         : signer.verify(QString::fromUtf8(auth), socketId, channel);
        QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().message));
    }

    void verify_data()
    {
        const QString goodPrivate = pusherKey + u':' + QString::fromLatin1(pusherPrivateSig);
        const QString goodPresence = pusherKey + u':' + QString::fromLatin1(pusherPresenceSig);
        QString flipped = goodPrivate;
        flipped[flipped.size() - 1] = u'5'; // ...a4 -> ...a5

        QTest::addColumn<QString>("auth");
        QTest::addColumn<QString>("socketId");
        QTest::addColumn<QString>("channel");
        QTest::addColumn<bool>("withData");
        QTest::addColumn<QString>("channelData");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("messagePart");

        QTest::newRow("private ok") << goodPrivate << pusherSocket << "private-foobar" << false << QString() << true
                                    << QString();
        QTest::newRow("presence ok") << goodPresence << pusherSocket << "presence-foobar" << true << pusherPresenceData
                                     << true << QString();
        // verify() lower-cases the signature before comparing, so upper-case hex is accepted...
        QTest::newRow("upper-case hex signature")
            << pusherKey + u':' + QString::fromLatin1(pusherPrivateSig).toUpper() << pusherSocket << "private-foobar"
            << false << QString() << true << QString();
        // ...but the key is compared exactly.
        QTest::newRow("upper-case key") << goodPrivate.toUpper() << pusherSocket << "private-foobar" << false
                                        << QString() << false << "another app key";

        QTest::newRow("empty auth") << "" << pusherSocket << "private-foobar" << false << QString() << false
                                    << "needs an auth signature";
        QTest::newRow("missing colon") << pusherKey + QString::fromLatin1(pusherPrivateSig) << pusherSocket
                                       << "private-foobar" << false << QString() << false << "<key>:<signature>";
        QTest::newRow("signature only") << QString::fromLatin1(pusherPrivateSig) << pusherSocket << "private-foobar"
                                        << false << QString() << false << "<key>:<signature>";
        QTest::newRow("wrong key") << "my-key:" + QString::fromLatin1(pusherPrivateSig) << pusherSocket
                                   << "private-foobar" << false << QString() << false << "another app key";
        QTest::newRow("empty key") << ":" + QString::fromLatin1(pusherPrivateSig) << pusherSocket << "private-foobar"
                                   << false << QString() << false << "another app key";
        QTest::newRow("key prefix only") << pusherKey.left(5) + u':' + QString::fromLatin1(pusherPrivateSig)
                                         << pusherSocket << "private-foobar" << false << QString() << false
                                         << "another app key";
        QTest::newRow("wrong signature") << flipped << pusherSocket << "private-foobar" << false << QString() << false
                                         << "invalid signature";
        QTest::newRow("empty signature") << pusherKey + u':' << pusherSocket << "private-foobar" << false << QString()
                                         << false << "invalid signature";
        QTest::newRow("truncated signature") << goodPrivate.chopped(1) << pusherSocket << "private-foobar" << false
                                             << QString() << false << "invalid signature";
        QTest::newRow("signature with extra part") << goodPrivate + ":x" << pusherSocket << "private-foobar" << false
                                                   << QString() << false << "invalid signature";
        QTest::newRow("leading space") << u' ' + goodPrivate << pusherSocket << "private-foobar" << false << QString()
                                       << false << "another app key";
        QTest::newRow("other socket id") << goodPrivate << "1234.1235" << QStringLiteral("private-foobar") << false
                                         << QString() << false << "invalid signature";
        QTest::newRow("other channel") << goodPrivate << pusherSocket << "private-foobaz" << false << QString() << false
                                       << "invalid signature";
        QTest::newRow("private signature with channel_data") << goodPrivate << pusherSocket << "private-foobar" << true
                                                             << pusherPresenceData << false << "invalid signature";
        QTest::newRow("presence signature without channel_data")
            << goodPresence << pusherSocket << "presence-foobar" << false << QString() << false << "invalid signature";
        QTest::newRow("presence signature, other channel_data")
            << goodPresence << pusherSocket << "presence-foobar" << true
            << "{\"user_id\":11,\"user_info\":{\"name\":\"Mr. Pusher\"}}" << false << "invalid signature";
        QTest::newRow("presence signature, other socket id")
            << goodPresence << "1234.1230" << QStringLiteral("presence-foobar") << true << pusherPresenceData << false
            << "invalid signature";
    }
    void verify()
    {
        QFETCH(QString, auth);
        QFETCH(QString, socketId);
        QFETCH(QString, channel);
        QFETCH(bool, withData);
        QFETCH(QString, channelData);
        QFETCH(bool, accepted);
        QFETCH(QString, messagePart);
        const ChannelSigner signer(pusherKey, pusherSecret);
        const Status status
            = withData ? signer.verify(auth, socketId, channel, channelData) : signer.verify(auth, socketId, channel);
        QCOMPARE(status.ok(), accepted);
        if (accepted)
            return;
        QCOMPARE(status.error().code, ErrorCode::Unauthorized);
        QVERIFY2(status.error().message.contains(messagePart), qPrintable(status.error().message));
        // The message helps a developer fix the signed string but never leaks the expected signature.
        const QByteArray expected
            = withData ? signer.auth(socketId, channel, channelData) : signer.auth(socketId, channel);
        QVERIFY(!status.error().message.contains(QString::fromLatin1(expected.mid(expected.indexOf(':') + 1))));
    }

    void otherSecretDoesNotVerify()
    {
        const ChannelSigner mine(pusherKey, pusherSecret);
        const ChannelSigner other(pusherKey, QStringLiteral("another-secret"));
        const QByteArray auth = other.auth(pusherSocket, QStringLiteral("private-foobar"));
        QVERIFY(auth.startsWith(pusherKey.toUtf8() + ':'));
        QVERIFY(!mine.verify(QString::fromUtf8(auth), pusherSocket, QStringLiteral("private-foobar")));
        QVERIFY(other.verify(QString::fromUtf8(auth), pusherSocket, QStringLiteral("private-foobar")).ok());
    }

    void emptySecretStillSigns()
    {
        // validate() forbids an empty secret, but the signer must never degrade to an empty signature.
        const ChannelSigner signer(QStringLiteral("k"), QString());
        const QByteArray auth = signer.auth(QStringLiteral("1.2"), QStringLiteral("private-a"));
        QCOMPARE(auth, QByteArray("k:047c3a2f345c9050dba97ed3e7ce77a071ec95790cd497a0842cb80fbc9383d1"));
        QVERIFY(!signer.verify(QStringLiteral("k:"), QStringLiteral("1.2"), QStringLiteral("private-a")));
    }
};

QTEST_GUILESS_MAIN(SignerTest)
#include "tst_signer.moc"
