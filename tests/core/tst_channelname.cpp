// SPDX-License-Identifier: MIT
// Channel names: type by prefix, Pusher's character set and length rule, and the socket id shape.
#include "channels/channelname.h"

#include <QTest>

using namespace Relay;

class ChannelNameTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void typeOf_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<ChannelType>("type");
        QTest::newRow("public") << "chat" << ChannelType::Public;
        QTest::newRow("private") << "private-foo" << ChannelType::Private;
        QTest::newRow("presence") << "presence-room" << ChannelType::Presence;
        QTest::newRow("private-encrypted is private") << "private-encrypted-x" << ChannelType::Private;
        QTest::newRow("bare prefix private-") << "private-" << ChannelType::Private;
        QTest::newRow("no dash: private") << "private" << ChannelType::Public;
        QTest::newRow("no dash: presence") << "presence" << ChannelType::Public;
        QTest::newRow("prefix is case-sensitive") << "Private-foo" << ChannelType::Public;
        QTest::newRow("prefix must be at the start") << "my-private-foo" << ChannelType::Public;
        QTest::newRow("presence-ish private") << "presenc-foo" << ChannelType::Public;
        QTest::newRow("empty") << "" << ChannelType::Public;
    }
    void typeOf()
    {
        QFETCH(QString, name);
        QFETCH(ChannelType, type);
        QCOMPARE(channelTypeOf(name), type);
    }

    void typeNameAndAuth()
    {
        QCOMPARE(channelTypeName(ChannelType::Public), QStringLiteral("public"));
        QCOMPARE(channelTypeName(ChannelType::Private), QStringLiteral("private"));
        QCOMPARE(channelTypeName(ChannelType::Presence), QStringLiteral("presence"));
        QVERIFY(!needsAuth(ChannelType::Public));
        QVERIFY(needsAuth(ChannelType::Private));
        QVERIFY(needsAuth(ChannelType::Presence));
    }

    void validate_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("maxLength");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("messagePart"); // for rejections: what the message must mention

        QTest::newRow("simple") << "chat" << 200 << true << "";
        QTest::newRow("whole allowed set") << "AZaz09_-=@,.;" << 200 << true << "";
        QTest::newRow("every letter and digit")
            << "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" << 200 << true << "";
        QTest::newRow("private") << "private-user.1" << 200 << true << "";
        QTest::newRow("presence") << "presence-room;a=b@c,d" << 200 << true << "";
        QTest::newRow("one character") << "x" << 200 << true << "";
        QTest::newRow("only punctuation") << "-_=@,.;" << 200 << true << "";
        QTest::newRow("exactly max") << QString(200, u'a') << 200 << true << "";
        QTest::newRow("exactly small max") << "abcde" << 5 << true << "";

        QTest::newRow("empty") << "" << 200 << false << "empty";
        QTest::newRow("one over max") << QString(201, u'a') << 200 << false << "limit is 200";
        QTest::newRow("one over small max") << "abcdef" << 5 << false << "limit is 5";
        QTest::newRow("space") << "chat room" << 200 << false << "' '";
        QTest::newRow("leading space") << " chat" << 200 << false << "' '";
        QTest::newRow("trailing space") << "chat " << 200 << false << "' '";
        QTest::newRow("tab") << "chat\troom" << 200 << false << "contains";
        QTest::newRow("newline") << "chat\n" << 200 << false << "contains";
        QTest::newRow("slash") << "a/b" << 200 << false << "'/'";
        QTest::newRow("backslash") << "a\\b" << 200 << false << "'\\'";
        QTest::newRow("hash") << "#general" << 200 << false << "'#'";
        QTest::newRow("colon") << "a:b" << 200 << false << "':'";
        QTest::newRow("star") << "news*" << 200 << false << "'*'";
        QTest::newRow("plus") << "a+b" << 200 << false << "'+'";
        QTest::newRow("percent") << "a%2Fb" << 200 << false << "'%'";
        QTest::newRow("quote") << "a\"b" << 200 << false << "'\"'";
        QTest::newRow("latin accent") << QString::fromUtf8("caf\xc3\xa9") << 200 << false
                                      << QString::fromUtf8("'\xc3\xa9'");
        QTest::newRow("cjk") << QString::fromUtf8("\xe6\x97\xa5\xe6\x9c\xac") << 200 << false << "contains";
        QTest::newRow("emoji") << QString::fromUtf8("room-\xf0\x9f\x98\x80") << 200 << false << "contains";
        QTest::newRow("fullwidth digit") << QString::fromUtf8("room\xef\xbc\x91") << 200 << false << "contains";
        QTest::newRow("nul") << QString(QChar(0)) << 200 << false << "contains";
        QTest::newRow("user channel at max") << "#server-to-user-1" << 17 << true << "";
        QTest::newRow("user channel: '#' counts") << "#server-to-user-1" << 16 << false << "limit is 16";
        QTest::newRow("user channel, bad id") << "#server-to-user-a b" << 200 << false << "' '";
        QTest::newRow("bad char after max") << QString(200, u'a') + u'#' << 200 << false << "limit is 200";
    }
    void validate()
    {
        QFETCH(QString, name);
        QFETCH(int, maxLength);
        QFETCH(bool, valid);
        QFETCH(QString, messagePart);
        const Status status = validateChannelName(name, maxLength);
        QCOMPARE(status.ok(), valid);
        if (!valid) {
            QCOMPARE(status.error().code, ErrorCode::InvalidChannel);
            QVERIFY2(status.error().message.contains(messagePart), qPrintable(status.error().message));
        }
    }

    void rejectionQuotesTheName()
    {
        const Status status = validateChannelName(u"bad name", 200);
        QVERIFY(!status);
        QVERIFY(status.error().message.contains(QStringLiteral("\"bad name\"")));
    }

    void socketId_data()
    {
        QTest::addColumn<QString>("socketId");
        QTest::addColumn<bool>("valid");
        QTest::newRow("typical") << "1234.5678" << true;
        QTest::newRow("zeros") << "0.0" << true;
        QTest::newRow("single digits") << "1.2" << true;
        QTest::newRow("20 digits each") << "12345678901234567890.12345678901234567890" << true;
        QTest::newRow("21 digits before") << "123456789012345678901.1" << false;
        QTest::newRow("21 digits after") << "1.123456789012345678901" << false;
        QTest::newRow("letters") << "abc" << false;
        QTest::newRow("no dot") << "1234" << false;
        QTest::newRow("trailing dot") << "1." << false;
        QTest::newRow("leading dot") << ".1" << false;
        QTest::newRow("only dot") << "." << false;
        QTest::newRow("two dots") << "1.2.3" << false;
        QTest::newRow("double dot") << "1..2" << false;
        QTest::newRow("negative first") << "-1.2" << false;
        QTest::newRow("negative second") << "1.-2" << false;
        QTest::newRow("plus sign") << "+1.2" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("leading space") << " 1.2" << false;
        QTest::newRow("trailing space") << "1.2 " << false;
        QTest::newRow("comma") << "1,2" << false;
        QTest::newRow("hex") << "0x1.2" << false;
        QTest::newRow("letter suffix") << "1.2a" << false;
        QTest::newRow("arabic-indic digits") << QString::fromUtf8("\xd9\xa1.\xd9\xa2") << false;
    }
    void socketId()
    {
        QFETCH(QString, socketId);
        QFETCH(bool, valid);
        QCOMPARE(isValidSocketId(socketId), valid);
    }
};

QTEST_GUILESS_MAIN(ChannelNameTest)
#include "tst_channelname.moc"
