// SPDX-License-Identifier: MIT
// Client frame decoding, data coercion, JSON text encoding and client actions.
#include "protocol/dialect.h"
#include "protocol/frame.h"
#include "protocol/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Relay;

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
};

QTEST_GUILESS_MAIN(FrameTest)
#include "tst_frame.moc"
