// SPDX-License-Identifier: MIT
// The server's frames and messages in both dialects: frame shape, event names, connection, subscription,
// member, ping and error messages.
#include "channels/presenceroster.h"
#include "protocol/dialect.h"
#include "protocol/frame.h"
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

class MessagesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
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

QTEST_GUILESS_MAIN(MessagesTest)
#include "tst_messages.moc"
