// SPDX-License-Identifier: MIT
// Client frame decoding, data coercion, frame/JSON text encoding, the server's messages in both dialects.
#include "channels/presenceroster.h"
#include "protocol/dialect.h"
#include "protocol/frame.h"
#include "protocol/jsontext.h"
#include "protocol/messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Relay;

namespace {
QJsonObject parseObject(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qWarning("not a JSON object: %s", qPrintable(text));
    return document.object();
}

/// A server frame split into its parts, `data` parsed from its JSON-encoded string.
struct Parsed {
    QJsonObject frame;
    QJsonObject data;
};
Parsed parseFrame(const QString &text)
{
    const QJsonObject frame = parseObject(text);
    return Parsed { frame, parseObject(frame.value("data").toString()) }; // data must be a JSON-encoded string
}

/// A member as a roster makes it (with its JSON text).
PresenceMember member(const QJsonValue &userId, const QJsonValue &userInfo)
{
    PresenceRoster roster;
    roster.join(userId, userInfo);
    return roster.members().first();
}
} // namespace

class FrameTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decode_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("channel");
        QTest::addColumn<QJsonValue>("data");
        const QJsonValue absent(QJsonValue::Undefined);
        const QString none;
        QTest::newRow("ping, nothing else")
            << QByteArray("{\"event\":\"relay:ping\"}") << "relay:ping" << none << absent;
        QTest::newRow("object data") << QByteArray("{\"event\":\"relay:subscribe\",\"data\":{\"channel\":\"chat\"}}")
                                     << "relay:subscribe" << none << QJsonValue(QJsonObject { { "channel", "chat" } });
        QTest::newRow("string data") << QByteArray(
            "{\"event\":\"relay:subscribe\",\"data\":\"{\\\"channel\\\":\\\"chat\\\"}\"}")
                                     << "relay:subscribe" << none << QJsonValue("{\"channel\":\"chat\"}");
        QTest::newRow("client event with channel")
            << QByteArray("{\"event\":\"client-typing\",\"channel\":\"private-a\",\"data\":[1,2]}") << "client-typing"
            << QStringLiteral("private-a") << QJsonValue(QJsonArray { 1, 2 });
        QTest::newRow("null channel is absent") << QByteArray("{\"event\":\"e\",\"channel\":null,\"data\":null}") << "e"
                                                << none << QJsonValue(QJsonValue::Null);
        QTest::newRow("whitespace around") << QByteArray(" \n{ \"event\" : \"e\" }\n ") << "e" << none << absent;
        QTest::newRow("unknown fields ignored") << QByteArray("{\"event\":\"e\",\"x\":1}") << "e" << none << absent;
    }
    void decode()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, event);
        QFETCH(QString, channel);
        QFETCH(QJsonValue, data);
        const Result<ClientFrame> frame = decodeClientFrame(text);
        QVERIFY2(frame.ok(), frame.ok() ? "" : qPrintable(frame.error().message));
        QCOMPARE(frame->event, event);
        QCOMPARE(frame->channel, channel);
        QCOMPARE(frame->data, data);
    }

    void decodeRejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not JSON") << QByteArray("hello");
        QTest::newRow("truncated") << QByteArray("{\"event\":\"e\"");
        QTest::newRow("trailing garbage") << QByteArray("{\"event\":\"e\"}x");
        QTest::newRow("array") << QByteArray("[{\"event\":\"e\"}]");
        QTest::newRow("string") << QByteArray("\"relay:ping\"");
        QTest::newRow("number") << QByteArray("42");
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("missing event") << QByteArray("{\"channel\":\"chat\"}");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("numeric event") << QByteArray("{\"event\":1}");
        QTest::newRow("null event") << QByteArray("{\"event\":null}");
        QTest::newRow("array event") << QByteArray("{\"event\":[\"e\"]}");
        QTest::newRow("empty event") << QByteArray("{\"event\":\"\"}");
        QTest::newRow("numeric channel") << QByteArray("{\"event\":\"e\",\"channel\":5}");
        QTest::newRow("object channel") << QByteArray("{\"event\":\"e\",\"channel\":{}}");
        QTest::newRow("bool channel") << QByteArray("{\"event\":\"e\",\"channel\":true}");
    }
    void decodeRejects()
    {
        QFETCH(QByteArray, text);
        const Result<ClientFrame> frame = decodeClientFrame(text);
        QVERIFY(!frame.ok());
        QCOMPARE(int(frame.error().code), 4000); // MalformedFrame
        QVERIFY(!frame.error().message.isEmpty());
    }

    void dataAsObject_data()
    {
        QTest::addColumn<QJsonValue>("data");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QJsonObject>("object");
        const QJsonObject chat { { "channel", "chat" }, { "auth", "k:s" } };
        QTest::newRow("object") << QJsonValue(chat) << true << chat;
        QTest::newRow("empty object") << QJsonValue(QJsonObject {}) << true << QJsonObject {};
        QTest::newRow("JSON-encoded object") << QJsonValue("{\"auth\":\"k:s\",\"channel\":\"chat\"}") << true << chat;
        QTest::newRow("JSON-encoded with spaces")
            << QJsonValue(" { \"auth\" : \"k:s\", \"channel\" : \"chat\" } ") << true << chat;
        QTest::newRow("bad string") << QJsonValue("{\"channel\":") << false << QJsonObject {};
        QTest::newRow("plain string") << QJsonValue("chat") << false << QJsonObject {};
        QTest::newRow("empty string") << QJsonValue("") << false << QJsonObject {};
        QTest::newRow("encoded array") << QJsonValue("[1,2]") << false << QJsonObject {};
        QTest::newRow("encoded number") << QJsonValue("1") << false << QJsonObject {};
        QTest::newRow("number") << QJsonValue(1) << false << QJsonObject {};
        QTest::newRow("array") << QJsonValue(QJsonArray { 1 }) << false << QJsonObject {};
        QTest::newRow("bool") << QJsonValue(true) << false << QJsonObject {};
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << QJsonObject {};
        QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << false << QJsonObject {};
    }
    void dataAsObject()
    {
        QFETCH(QJsonValue, data);
        QFETCH(bool, ok);
        QFETCH(QJsonObject, object);
        const Result<QJsonObject> result = Relay::dataAsObject(data);
        QCOMPARE(result.ok(), ok);
        if (ok)
            QCOMPARE(result.value(), object);
        else
            QCOMPARE(result.error().code, ErrorCode::MalformedFrame);
    }

    void dataAsString_data()
    {
        QTest::addColumn<QJsonValue>("data");
        QTest::addColumn<QString>("text");
        QTest::newRow("string passes through") << QJsonValue("{\"a\": 1}") << "{\"a\": 1}";
        QTest::newRow("non-JSON string passes through") << QJsonValue("hello") << "hello";
        QTest::newRow("empty string") << QJsonValue("") << "";
        QTest::newRow("object compacted, keys sorted")
            << QJsonValue(QJsonObject { { "b", 1 }, { "a", QJsonArray { 1, 2 } } }) << "{\"a\":[1,2],\"b\":1}";
        QTest::newRow("array") << QJsonValue(QJsonArray { 1, "x", QJsonValue::Null }) << "[1,\"x\",null]";
        QTest::newRow("number") << QJsonValue(42) << "42";
        QTest::newRow("bool") << QJsonValue(false) << "false";
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << "null";
        QTest::newRow("absent is an empty object") << QJsonValue(QJsonValue::Undefined) << "{}";
    }
    void dataAsString()
    {
        QFETCH(QJsonValue, data);
        QFETCH(QString, text);
        QCOMPARE(Relay::dataAsString(data), text);
    }

    void compactJson_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("integer") << QJsonValue(1) << "1";
        QTest::newRow("negative") << QJsonValue(-3) << "-3";
        QTest::newRow("zero") << QJsonValue(0) << "0";
        QTest::newRow("fraction") << QJsonValue(1.5) << "1.5";
        QTest::newRow("large integer") << QJsonValue(qint64(1000000000000000)) << "1000000000000000";
        QTest::newRow("true") << QJsonValue(true) << "true";
        QTest::newRow("false") << QJsonValue(false) << "false";
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << "null";
        QTest::newRow("string") << QJsonValue("a\"b\\c") << "\"a\\\"b\\\\c\"";
        QTest::newRow("empty string") << QJsonValue("") << "\"\"";
        QTest::newRow("empty object") << QJsonValue(QJsonObject {}) << "{}";
        QTest::newRow("empty array") << QJsonValue(QJsonArray {}) << "[]";
        QTest::newRow("nested") << QJsonValue(QJsonObject { { "z", QJsonObject { { "y", true } } }, { "a", "" } })
                                << "{\"a\":\"\",\"z\":{\"y\":true}}";
    }
    void compactJson()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QString, text);
        QCOMPARE(Relay::compactJson(value), text);
    }

    void appendJsonString_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("literal");
        QTest::newRow("plain") << "abc" << QStringLiteral("\"abc\"");
        QTest::newRow("empty") << "" << QStringLiteral("\"\"");
        QTest::newRow("quote") << "a\"b" << QStringLiteral("\"a\\\"b\"");
        QTest::newRow("backslash") << "a\\b" << QStringLiteral("\"a\\\\b\"");
        QTest::newRow("newline, return, tab") << "\n\r\t" << QStringLiteral("\"\\n\\r\\t\"");
        QTest::newRow("control 0x01") << QString(QChar(0x01)) << "\"\\u0001\"";
        QTest::newRow("control 0x1f") << QString(QChar(0x1f)) << "\"\\u001f\"";
        QTest::newRow("nul") << QString(QChar(0)) << "\"\\u0000\"";
        QTest::newRow("backspace and form feed") << QString(QChar(0x08)) + QChar(0x0c) << "\"\\u0008\\u000c\"";
        QTest::newRow("0x7f kept") << QString(QChar(0x7f)) << QString(u'"') + QChar(0x7f) + u'"';
        QTest::newRow("slash kept") << "</script>" << QStringLiteral("\"</script>\"");
        QTest::newRow("unicode kept") << QString::fromUtf8("h\xc3\xa9llo \xe6\x97\xa5")
                                      << QString::fromUtf8("\"h\xc3\xa9llo \xe6\x97\xa5\"");
        QTest::newRow("emoji kept") << QString::fromUtf8("\xf0\x9f\x98\x80")
                                    << QString::fromUtf8("\"\xf0\x9f\x98\x80\"");
    }
    void appendJsonString()
    {
        QFETCH(QString, text);
        QFETCH(QString, literal);
        QString out = QStringLiteral("prefix:");
        Relay::appendJsonString(out, text);
        QCOMPARE(out, "prefix:" + literal);
    }

    void encodeRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << "{\"text\":\"Hello\"}";
        QTest::newRow("quotes") << "say \"hi\"";
        QTest::newRow("backslashes") << "C:\\path\\ \\\\ \\\"";
        QTest::newRow("newline and tab") << "line1\nline2\r\n\tend";
        QTest::newRow("control characters") << QString(QChar(0x01)) + QChar(0x1f) + QChar(0x00) + u'x';
        QTest::newRow("unicode") << QString::fromUtf8("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xd0\xbc\xd0\xb8\xd1\x80");
        QTest::newRow("emoji") << QString::fromUtf8("\xf0\x9f\x98\x80\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd");
        QTest::newRow("line separator") << QStringLiteral("a\u2028b");
        QTest::newRow("empty") << "";
        QTest::newRow("looks like JSON") << "{\"event\":\"x\",\"data\":\"y\"}";
    }
    void encodeRoundTrip()
    {
        QFETCH(QString, text);
        const QString frame = encodeFrame(text, text, text);
        for (QChar c : frame)
            QVERIFY2(c.unicode() >= 0x20, "raw control character in an encoded frame");
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(frame.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject object = document.object();
        QCOMPARE(object.value("event").toString(), text);
        QCOMPARE(object.value("data").toString(), text);
        QCOMPARE(object.value("channel").toString(), text);
        QCOMPARE(object.contains("channel"), !text.isEmpty()); // an empty channel is left out
    }

    void encodeFrameShape()
    {
        QCOMPARE(encodeFrame(u"relay:pong", u"", u"{}"), QStringLiteral("{\"event\":\"relay:pong\",\"data\":\"{}\"}"));
        QCOMPARE(encodeFrame(u"message", u"chat", u"{\"a\":1}"),
            QStringLiteral("{\"event\":\"message\",\"channel\":\"chat\",\"data\":\"{\\\"a\\\":1}\"}"));
        // user_id is inserted as JSON text, so it keeps its type.
        const QJsonObject withString = parseObject(encodeFrame(u"client-x", u"presence-a", u"{}", u"\"u1\""));
        QCOMPARE(withString.value("user_id"), QJsonValue("u1"));
        const QJsonObject withNumber = parseObject(encodeFrame(u"client-x", u"presence-a", u"{}", u"7"));
        QCOMPARE(withNumber.value("user_id"), QJsonValue(7));
        QCOMPARE(withNumber.keys(), QStringList({ "channel", "data", "event", "user_id" }));
    }

    void clientAction_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<ClientAction>("action");
        QTest::newRow("relay:subscribe") << "relay:subscribe" << ClientAction::Subscribe;
        QTest::newRow("pusher:subscribe") << "pusher:subscribe" << ClientAction::Subscribe;
        QTest::newRow("relay:unsubscribe") << "relay:unsubscribe" << ClientAction::Unsubscribe;
        QTest::newRow("pusher:unsubscribe") << "pusher:unsubscribe" << ClientAction::Unsubscribe;
        QTest::newRow("relay:ping") << "relay:ping" << ClientAction::Ping;
        QTest::newRow("pusher:ping") << "pusher:ping" << ClientAction::Ping;
        QTest::newRow("relay:pong") << "relay:pong" << ClientAction::Pong;
        QTest::newRow("pusher:pong") << "pusher:pong" << ClientAction::Pong;
        QTest::newRow("client event") << "client-typing" << ClientAction::ClientEvent;
        QTest::newRow("bare client- prefix") << "client-" << ClientAction::ClientEvent;
        QTest::newRow("client without dash") << "client" << ClientAction::Unknown;
        QTest::newRow("Client- is case-sensitive") << "Client-typing" << ClientAction::Unknown;
        QTest::newRow("pusher_internal prefix") << "pusher_internal:subscribe" << ClientAction::Unknown;
        QTest::newRow("prefix case") << "Relay:subscribe" << ClientAction::Unknown;
        QTest::newRow("action case") << "relay:Subscribe" << ClientAction::Unknown;
        QTest::newRow("trailing space") << "relay:subscribe " << ClientAction::Unknown;
        QTest::newRow("no prefix") << "subscribe" << ClientAction::Unknown;
        QTest::newRow("unknown relay action") << "relay:publish" << ClientAction::Unknown;
        QTest::newRow("bare prefix") << "relay:" << ClientAction::Unknown;
        QTest::newRow("server event name") << "relay:subscription_succeeded" << ClientAction::Unknown;
        QTest::newRow("relay:client-") << "relay:client-x" << ClientAction::Unknown;
        QTest::newRow("plain event") << "message" << ClientAction::Unknown;
        QTest::newRow("empty") << "" << ClientAction::Unknown;
    }
    void clientAction()
    {
        QFETCH(QString, event);
        QFETCH(ClientAction, action);
        QCOMPARE(clientActionOf(event), action);
    }

    void eventNames_data()
    {
        QTest::addColumn<ServerEvent>("event");
        QTest::addColumn<QString>("relay");
        QTest::addColumn<QString>("pusher");
        QTest::newRow("established") << ServerEvent::ConnectionEstablished << "relay:connection_established"
                                     << QStringLiteral("pusher:connection_established");
        QTest::newRow("succeeded") << ServerEvent::SubscriptionSucceeded << "relay:subscription_succeeded"
                                   << QStringLiteral("pusher_internal:subscription_succeeded");
        QTest::newRow("subscription error")
            << ServerEvent::SubscriptionError << "relay:error" << QStringLiteral("pusher:subscription_error");
        QTest::newRow("member added") << ServerEvent::MemberAdded << "relay:member_added"
                                      << QStringLiteral("pusher_internal:member_added");
        QTest::newRow("member removed") << ServerEvent::MemberRemoved << "relay:member_removed"
                                        << QStringLiteral("pusher_internal:member_removed");
        QTest::newRow("ping") << ServerEvent::Ping << "relay:ping" << QStringLiteral("pusher:ping");
        QTest::newRow("pong") << ServerEvent::Pong << "relay:pong" << QStringLiteral("pusher:pong");
        QTest::newRow("error") << ServerEvent::Error << "relay:error" << QStringLiteral("pusher:error");
    }
    void eventNames()
    {
        QFETCH(ServerEvent, event);
        QFETCH(QString, relay);
        QFETCH(QString, pusher);
        QCOMPARE(eventName(Dialect::Relay, event), relay);
        QCOMPARE(eventName(Dialect::Pusher, event), pusher);
        QCOMPARE(dialectName(Dialect::Relay), QStringLiteral("relay"));
        QCOMPARE(dialectName(Dialect::Pusher), QStringLiteral("pusher"));
    }

    void connectionEstablished()
    {
        const QString text = Messages::connectionEstablished(Dialect::Relay, "1234.5678", 120);
        QCOMPARE(text,
            QStringLiteral("{\"event\":\"relay:connection_established\","
                           "\"data\":\"{\\\"activity_timeout\\\":120,\\\"socket_id\\\":\\\"1234.5678\\\"}\"}"));
        const Parsed pusher = parseFrame(Messages::connectionEstablished(Dialect::Pusher, "1.2", 30));
        QCOMPARE(pusher.frame.value("event").toString(), QStringLiteral("pusher:connection_established"));
        QVERIFY(!pusher.frame.contains("channel"));
        QCOMPARE(pusher.data, QJsonObject({ { "socket_id", "1.2" }, { "activity_timeout", 30 } }));
    }

    void subscriptionSucceededPublic()
    {
        QCOMPARE(Messages::subscriptionSucceeded(Dialect::Relay, "private-a", nullptr),
            QStringLiteral("{\"event\":\"relay:subscription_succeeded\",\"channel\":\"private-a\",\"data\":\"{}\"}"));
        QCOMPARE(Messages::subscriptionSucceeded(Dialect::Pusher, "a", nullptr),
            QStringLiteral("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"a\",\"data\":\"{}\"}"));
    }

    void subscriptionSucceededPresence_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("event");
        QTest::newRow("relay") << Dialect::Relay << "relay:subscription_succeeded";
        QTest::newRow("pusher") << Dialect::Pusher << "pusher_internal:subscription_succeeded";
    }
    void subscriptionSucceededPresence()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, event);
        PresenceRoster roster;
        roster.join(QJsonValue(1), QJsonObject { { "name", "Alice" } });
        roster.join(QJsonValue("u2"), QJsonObject { { "name", "Bob" } });
        roster.join(QJsonValue(3), QJsonValue(QJsonValue::Undefined));
        const Parsed parsed = parseFrame(Messages::subscriptionSucceeded(dialect, "presence-room", &roster));
        QCOMPARE(parsed.frame.value("event").toString(), event);
        QCOMPARE(parsed.frame.value("channel").toString(), QStringLiteral("presence-room"));
        const QJsonObject presence {
            { "count", 3 },
            { "ids", QJsonArray { 1, "u2", 3 } }, // join order, types as given
            { "hash",
                QJsonObject { { "1", QJsonObject { { "name", "Alice" } } },
                    { "u2", QJsonObject { { "name", "Bob" } } },
                    { "3", QJsonObject {} } } },
        };
        QCOMPARE(parsed.data, QJsonObject({ { "presence", presence } }));
    }

    void subscriptionSucceededEmptyRoster()
    {
        const PresenceRoster roster;
        const Parsed parsed = parseFrame(Messages::subscriptionSucceeded(Dialect::Relay, "presence-x", &roster));
        const QJsonObject empty { { "count", 0 }, { "ids", QJsonArray {} }, { "hash", QJsonObject {} } };
        QCOMPARE(parsed.data, QJsonObject({ { "presence", empty } }));
    }

    void memberAdded_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QJsonValue>("userId");
        QTest::addColumn<QJsonValue>("userInfo");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QJsonObject>("data");
        const QJsonObject alice { { "name", "Alice" } };
        QTest::newRow("relay, number id")
            << Dialect::Relay << QJsonValue(1) << QJsonValue(alice) << "relay:member_added"
            << QJsonObject { { "id", 1 }, { "user_id", 1 }, { "user_info", alice } };
        QTest::newRow("relay, string id")
            << Dialect::Relay << QJsonValue("a") << QJsonValue(alice) << "relay:member_added"
            << QJsonObject { { "id", "a" }, { "user_id", "a" }, { "user_info", alice } };
        const QJsonValue none(QJsonValue::Undefined);
        const QJsonObject noInfo;
        QTest::newRow("relay, no info") << Dialect::Relay << QJsonValue(2) << none << "relay:member_added"
                                        << QJsonObject { { "id", 2 }, { "user_id", 2 }, { "user_info", noInfo } };
        QTest::newRow("pusher, number id")
            << Dialect::Pusher << QJsonValue(1) << QJsonValue(alice) << "pusher_internal:member_added"
            << QJsonObject { { "user_id", 1 }, { "user_info", alice } };
        QTest::newRow("pusher, no info") << Dialect::Pusher << QJsonValue("b") << none << "pusher_internal:member_added"
                                         << QJsonObject { { "user_id", "b" }, { "user_info", noInfo } };
    }
    void memberAdded()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QJsonValue, userId);
        QFETCH(QJsonValue, userInfo);
        QFETCH(QString, event);
        QFETCH(QJsonObject, data);
        const Parsed parsed = parseFrame(Messages::memberAdded(dialect, "presence-room", member(userId, userInfo)));
        QCOMPARE(parsed.frame.value("event").toString(), event);
        QCOMPARE(parsed.frame.value("channel").toString(), QStringLiteral("presence-room"));
        QCOMPARE(parsed.data, data);
    }

    void memberRemoved_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QJsonValue>("userId");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QJsonObject>("data");
        QTest::newRow("relay") << Dialect::Relay << QJsonValue(1) << "relay:member_removed"
                               << QJsonObject { { "id", 1 }, { "user_id", 1 } };
        QTest::newRow("relay, string id") << Dialect::Relay << QJsonValue("1") << "relay:member_removed"
                                          << QJsonObject { { "id", "1" }, { "user_id", "1" } };
        QTest::newRow("pusher") << Dialect::Pusher << QJsonValue(1) << "pusher_internal:member_removed"
                                << QJsonObject { { "user_id", 1 } };
    }
    void memberRemoved()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QJsonValue, userId);
        QFETCH(QString, event);
        QFETCH(QJsonObject, data);
        const Parsed parsed
            = parseFrame(Messages::memberRemoved(dialect, "presence-room", member(userId, QJsonObject { { "n", 1 } })));
        QCOMPARE(parsed.frame.value("event").toString(), event);
        QCOMPARE(parsed.frame.value("channel").toString(), QStringLiteral("presence-room"));
        QCOMPARE(parsed.data, data);
    }

    void pingPong()
    {
        QCOMPARE(Messages::ping(Dialect::Relay), QStringLiteral("{\"event\":\"relay:ping\",\"data\":\"{}\"}"));
        QCOMPARE(Messages::pong(Dialect::Relay), QStringLiteral("{\"event\":\"relay:pong\",\"data\":\"{}\"}"));
        QCOMPARE(Messages::ping(Dialect::Pusher), QStringLiteral("{\"event\":\"pusher:ping\",\"data\":\"{}\"}"));
        QCOMPARE(Messages::pong(Dialect::Pusher), QStringLiteral("{\"event\":\"pusher:pong\",\"data\":\"{}\"}"));
    }

    void error_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("channel");
        QTest::addColumn<QString>("event");
        QTest::newRow("relay, no channel") << Dialect::Relay << "" << QStringLiteral("relay:error");
        QTest::newRow("relay, channel") << Dialect::Relay << "private-a" << QStringLiteral("relay:error");
        QTest::newRow("pusher, no channel") << Dialect::Pusher << "" << QStringLiteral("pusher:error");
        QTest::newRow("pusher, channel") << Dialect::Pusher << "private-a" << QStringLiteral("pusher:error");
    }
    void error()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, channel);
        QFETCH(QString, event);
        const QString message = QStringLiteral("bad \"thing\"\n");
        const Parsed parsed = parseFrame(Messages::error(dialect, 4009, message, channel));
        QCOMPARE(parsed.frame.value("event").toString(), event);
        QCOMPARE(parsed.frame.contains("channel"), !channel.isEmpty());
        if (!channel.isEmpty())
            QCOMPARE(parsed.frame.value("channel").toString(), channel);
        QCOMPARE(parsed.data, QJsonObject({ { "code", 4009 }, { "message", message } }));
    }

    void subscriptionError()
    {
        const Parsed relay = parseFrame(Messages::subscriptionError(Dialect::Relay, 4009, "no auth", "private-a"));
        QCOMPARE(relay.frame.value("event").toString(), QStringLiteral("relay:error"));
        QCOMPARE(relay.frame.value("channel").toString(), QStringLiteral("private-a"));
        QCOMPARE(relay.data, QJsonObject({ { "code", 4009 }, { "message", "no auth" } }));

        const Parsed pusher = parseFrame(Messages::subscriptionError(Dialect::Pusher, 4009, "no auth", "private-a"));
        QCOMPARE(pusher.frame.value("event").toString(), QStringLiteral("pusher:subscription_error"));
        QCOMPARE(pusher.frame.value("channel").toString(), QStringLiteral("private-a"));
        QCOMPARE(pusher.data,
            QJsonObject({ { "type", "AuthError" }, { "error", "no auth" }, { "status", 401 }, { "code", 4009 } }));

        // A subscription refused by a limit is not an auth error.
        const Parsed limit = parseFrame(Messages::subscriptionError(Dialect::Pusher, 4016, "too many", "a"));
        QCOMPARE(limit.data,
            QJsonObject({ { "type", "LimitReached" }, { "error", "too many" }, { "status", 403 }, { "code", 4016 } }));
    }
};

QTEST_GUILESS_MAIN(FrameTest)
#include "tst_frame.moc"
