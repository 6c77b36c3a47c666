// SPDX-License-Identifier: MIT
// ChannelRegistry subscribe/unsubscribe outcomes and ordering; PresenceRoster members across sockets.
#include "channels/channelregistry.h"
#include "channels/presenceroster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Relay;

namespace {
QJsonObject info(const QString &name)
{
    return QJsonObject { { QStringLiteral("name"), name } };
}

QStringList memberKeys(const PresenceRoster &roster)
{
    QStringList keys;
    for (const PresenceMember &m : roster.members())
        keys.append(m.key);
    return keys;
}
} // namespace

class ChannelRegistryTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void subscribeAndUnsubscribe()
    {
        ChannelRegistry registry;
        const ChannelRegistry::Joined joined = registry.subscribe("chat", 1);
        QVERIFY(!joined.alreadySubscribed);
        QVERIFY(!joined.memberAdded);
        QCOMPARE(registry.count(), 1);
        QVERIFY(registry.isSubscribed("chat", 1));
        QVERIFY(!registry.isSubscribed("chat", 2));
        QVERIFY(!registry.isSubscribed("news", 1));

        const Channel *chat = registry.find("chat");
        QVERIFY(chat);
        QCOMPARE(chat->name, QStringLiteral("chat"));
        QCOMPARE(chat->type, ChannelType::Public);
        QCOMPARE(chat->subscribers, QSet<SessionId>({ 1 }));

        registry.subscribe("chat", 2);
        const ChannelRegistry::Left first = registry.unsubscribe("chat", 1);
        QVERIFY(first.wasSubscribed);
        QVERIFY(!first.channelVacated);
        QVERIFY(!first.memberRemoved);
        QCOMPARE(registry.find("chat")->subscribers, QSet<SessionId>({ 2 }));

        const ChannelRegistry::Left last = registry.unsubscribe("chat", 2);
        QVERIFY(last.wasSubscribed);
        QVERIFY(last.channelVacated);
        QCOMPARE(registry.count(), 0);
        QVERIFY(!registry.find("chat"));
        QVERIFY(registry.channels().isEmpty());
    }

    void unsubscribeWhatWasNeverJoined()
    {
        ChannelRegistry registry;
        const ChannelRegistry::Left unknown = registry.unsubscribe("nowhere", 1);
        QVERIFY(!unknown.wasSubscribed);
        QVERIFY(!unknown.channelVacated);
        QVERIFY(!unknown.memberRemoved);

        registry.subscribe("chat", 1);
        const ChannelRegistry::Left other = registry.unsubscribe("chat", 2);
        QVERIFY(!other.wasSubscribed);
        QVERIFY(!other.channelVacated);
        QVERIFY(registry.isSubscribed("chat", 1));

        QVERIFY(registry.unsubscribe("chat", 1).wasSubscribed);
        const ChannelRegistry::Left again = registry.unsubscribe("chat", 1);
        QVERIFY(!again.wasSubscribed);
        QVERIFY(!again.channelVacated);
    }

    void doubleSubscribeIsHarmless()
    {
        ChannelRegistry registry;
        QVERIFY(!registry.subscribe("chat", 1).alreadySubscribed);
        const ChannelRegistry::Joined again = registry.subscribe("chat", 1);
        QVERIFY(again.alreadySubscribed);
        QVERIFY(!again.memberAdded);
        QCOMPARE(registry.find("chat")->subscribers.size(), 1);
        // One unsubscribe is enough to leave.
        QVERIFY(registry.unsubscribe("chat", 1).channelVacated);
        QCOMPARE(registry.count(), 0);
    }

    void channelsAreSortedByName()
    {
        ChannelRegistry registry;
        const QStringList names { "zeta", "alpha", "presence-b", "Beta", "private-a", "alpha-2", "1" };
        for (const QString &name : names)
            registry.subscribe(name, 7);
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(registry.channels().keys(), sorted);
        QCOMPARE(registry.channels().keys(),
            QStringList({ "1", "Beta", "alpha", "alpha-2", "presence-b", "private-a", "zeta" }));
        registry.unsubscribe("Beta", 7);
        QCOMPARE(
            registry.channels().keys(), QStringList({ "1", "alpha", "alpha-2", "presence-b", "private-a", "zeta" }));
    }

    void typesFollowThePrefix()
    {
        ChannelRegistry registry;
        registry.subscribe("chat", 1);
        registry.subscribe("private-a", 1);
        registry.subscribe("presence-a", 1, 1, info("A"));
        QCOMPARE(registry.find("chat")->type, ChannelType::Public);
        QCOMPARE(registry.find("private-a")->type, ChannelType::Private);
        QCOMPARE(registry.find("presence-a")->type, ChannelType::Presence);
        // Only presence channels keep a roster.
        QCOMPARE(registry.find("private-a")->roster.count(), 0);
        QCOMPARE(registry.find("presence-a")->roster.count(), 1);
    }

    void presenceOneMemberAcrossSockets()
    {
        ChannelRegistry registry;
        QVERIFY(registry.subscribe("presence-room", 1, QJsonValue("alice"), info("Alice")).memberAdded);
        QVERIFY(!registry.subscribe("presence-room", 2, QJsonValue("alice"), info("Alice")).memberAdded);
        QVERIFY(registry.subscribe("presence-room", 3, QJsonValue("bob"), info("Bob")).memberAdded);
        const Channel *room = registry.find("presence-room");
        QCOMPARE(room->subscribers.size(), 3);
        QCOMPARE(room->roster.count(), 2);
        QCOMPARE(room->roster.find("alice")->sockets, 2);
        QCOMPARE(room->userOfSession.value(2), QStringLiteral("alice"));

        const ChannelRegistry::Left firstAlice = registry.unsubscribe("presence-room", 1);
        QVERIFY(firstAlice.wasSubscribed);
        QVERIFY(!firstAlice.memberRemoved);
        QCOMPARE(registry.find("presence-room")->roster.count(), 2);

        const ChannelRegistry::Left lastAlice = registry.unsubscribe("presence-room", 2);
        QVERIFY(lastAlice.memberRemoved);
        QCOMPARE(lastAlice.memberRemoved->key, QStringLiteral("alice"));
        QCOMPARE(lastAlice.memberRemoved->userId, QJsonValue("alice"));
        QCOMPARE(lastAlice.memberRemoved->userInfo, QJsonValue(info("Alice")));
        QVERIFY(!lastAlice.channelVacated);
        QCOMPARE(memberKeys(registry.find("presence-room")->roster), QStringList({ "bob" }));

        const ChannelRegistry::Left bob = registry.unsubscribe("presence-room", 3);
        QVERIFY(bob.memberRemoved);
        QCOMPARE(bob.memberRemoved->key, QStringLiteral("bob"));
        QVERIFY(bob.channelVacated);
        QVERIFY(!registry.find("presence-room"));
    }

    void presenceDoubleSubscribeCountsOneSocket()
    {
        ChannelRegistry registry;
        registry.subscribe("presence-room", 1, 5, info("Five"));
        const ChannelRegistry::Joined again = registry.subscribe("presence-room", 1, 5, info("Five"));
        QVERIFY(again.alreadySubscribed);
        QVERIFY(!again.memberAdded);
        QCOMPARE(registry.find("presence-room")->roster.find("5")->sockets, 1);
        QVERIFY(registry.unsubscribe("presence-room", 1).memberRemoved);
    }

    void sameUserInTwoChannels()
    {
        ChannelRegistry registry;
        QVERIFY(registry.subscribe("presence-a", 1, 1, info("One")).memberAdded);
        QVERIFY(registry.subscribe("presence-b", 1, 1, info("One")).memberAdded);
        QVERIFY(registry.unsubscribe("presence-a", 1).memberRemoved);
        QCOMPARE(registry.find("presence-b")->roster.count(), 1);
    }

    void userIdKey_data()
    {
        QTest::addColumn<QJsonValue>("userId");
        QTest::addColumn<QString>("key");
        QTest::newRow("integer") << QJsonValue(1) << "1";
        QTest::newRow("string") << QJsonValue("1") << "1";
        QTest::newRow("integral double") << QJsonValue(1.0) << "1";
        QTest::newRow("negative") << QJsonValue(-7) << "-7";
        QTest::newRow("large integer") << QJsonValue(qint64(9007199254740991)) << "9007199254740991";
        QTest::newRow("fraction") << QJsonValue(1.5) << "1.5";
        QTest::newRow("string kept as is") << QJsonValue("user 01") << "user 01";
        QTest::newRow("string with leading zero") << QJsonValue("01") << "01";
    }
    void userIdKey()
    {
        QFETCH(QJsonValue, userId);
        QFETCH(QString, key);
        QCOMPARE(PresenceRoster::keyOf(userId), key);
    }

    void numberAndStringAreTheSameUser()
    {
        ChannelRegistry registry;
        QVERIFY(registry.subscribe("presence-room", 1, QJsonValue(1), info("first")).memberAdded);
        QVERIFY(!registry.subscribe("presence-room", 2, QJsonValue("1"), info("second")).memberAdded);
        const PresenceRoster &roster = registry.find("presence-room")->roster;
        QCOMPARE(roster.count(), 1);
        // The member keeps the id and info of the socket that joined first.
        QCOMPARE(roster.members().first().userId, QJsonValue(1));
        QCOMPARE(roster.members().first().userInfo, QJsonValue(info("first")));
        QVERIFY(!registry.unsubscribe("presence-room", 1).memberRemoved);
        const ChannelRegistry::Left left = registry.unsubscribe("presence-room", 2);
        QVERIFY(left.memberRemoved);
        QCOMPARE(left.memberRemoved->userId, QJsonValue(1));
        // "01" is not 1.
        QVERIFY(registry.subscribe("presence-room", 3, QJsonValue(1), {}).memberAdded);
        QVERIFY(registry.subscribe("presence-room", 4, QJsonValue("01"), {}).memberAdded);
    }

    void joinOrderIsKept()
    {
        ChannelRegistry registry;
        registry.subscribe("presence-room", 1, "carol", info("C"));
        registry.subscribe("presence-room", 2, "alice", info("A"));
        registry.subscribe("presence-room", 3, 10, info("Ten"));
        registry.subscribe("presence-room", 4, "bob", info("B"));
        registry.subscribe("presence-room", 5, "alice", info("A")); // a second socket does not move alice
        QCOMPARE(memberKeys(registry.find("presence-room")->roster), QStringList({ "carol", "alice", "10", "bob" }));
        registry.unsubscribe("presence-room", 2); // alice still has socket 5
        registry.unsubscribe("presence-room", 1); // carol leaves
        QCOMPARE(memberKeys(registry.find("presence-room")->roster), QStringList({ "alice", "10", "bob" }));
        registry.subscribe("presence-room", 6, "carol", info("C")); // rejoining goes to the end
        QCOMPARE(memberKeys(registry.find("presence-room")->roster), QStringList({ "alice", "10", "bob", "carol" }));
    }

    void rosterTextMatchesTheMembers()
    {
        // presenceJson() is built a join at a time and rebuilt after a leave; it must always say what the
        // members say, as Qt's own serialiser would.
        const auto expected = [](const PresenceRoster &roster) {
            QJsonArray ids;
            QJsonObject hash;
            for (const PresenceMember &m : roster.members()) {
                ids.append(m.userId);
                hash.insert(m.key, m.userInfo.isUndefined() ? QJsonValue(QJsonObject {}) : m.userInfo);
            }
            return QJsonObject { { "count", ids.size() }, { "ids", ids }, { "hash", hash } };
        };
        const auto parsed = [](const PresenceRoster &roster) {
            QJsonParseError error {};
            const QJsonDocument document = QJsonDocument::fromJson(roster.presenceJson().toUtf8(), &error);
            return error.error == QJsonParseError::NoError ? document.object()
                                                           : QJsonObject { { "unparsable", roster.presenceJson() } };
        };
        PresenceRoster roster;
        QCOMPARE(roster.presenceJson(), QStringLiteral("{\"count\":0,\"ids\":[],\"hash\":{}}"));
        roster.join(QJsonValue(1), info("one"));
        QCOMPARE(
            roster.presenceJson(), QStringLiteral("{\"count\":1,\"ids\":[1],\"hash\":{\"1\":{\"name\":\"one\"}}}"));
        roster.join(QJsonValue(QStringLiteral("quote\" and \\ back")), QJsonObject { { "x", QJsonArray { 1, "\n" } } });
        roster.join(QJsonValue(2.5), QJsonValue(QJsonValue::Undefined));
        roster.join(QJsonValue(QStringLiteral("nul")), QJsonValue(QJsonValue::Null));
        roster.join(QJsonValue(QStringLiteral("\u00e9t\u00e9 \U0001F600")), info("\u00fcml\u00e4ut"));
        QCOMPARE(parsed(roster), expected(roster));
        QVERIFY(!roster.join(QJsonValue(QStringLiteral("1")), info("again"))); // same user: no change
        QCOMPARE(parsed(roster), expected(roster));
        QVERIFY(roster.leave(QStringLiteral("2.5")));
        QCOMPARE(roster.count(), 4);
        QCOMPARE(parsed(roster), expected(roster));
        roster.join(QJsonValue(7), info("seven")); // a join after a leave
        roster.join(QJsonValue(8), info("eight"));
        QCOMPARE(parsed(roster), expected(roster));
        QCOMPARE(parsed(roster).value("ids").toArray().last(), QJsonValue(8)); // join order kept
        QVERIFY(!roster.leave(QStringLiteral("1"))); // user 1 still has its second socket
        QVERIFY(roster.leave(QStringLiteral("1")));
        QCOMPARE(parsed(roster), expected(roster));
        while (roster.count() > 0)
            roster.leave(roster.members().first().key);
        QCOMPARE(roster.presenceJson(), QStringLiteral("{\"count\":0,\"ids\":[],\"hash\":{}}"));
    }

    void rosterDirectly()
    {
        PresenceRoster roster;
        QVERIFY(roster.join(QJsonValue("a"), info("A")));
        QVERIFY(!roster.join(QJsonValue("a"), info("A")));
        QVERIFY(roster.join(QJsonValue(2), QJsonValue()));
        QCOMPARE(roster.count(), 2);
        QVERIFY(roster.find("a")->joinedAt.isValid());
        QCOMPARE(roster.find("a")->joinedAt.timeSpec(), Qt::UTC);
        QVERIFY(!roster.find("b"));
        QVERIFY(!roster.leave("nobody"));
        QVERIFY(!roster.leave("a"));
        const std::optional<PresenceMember> gone = roster.leave("a");
        QVERIFY(gone);
        QCOMPARE(gone->sockets, 0);
        QVERIFY(!roster.find("a"));
        QVERIFY(!roster.leave("a"));
        QVERIFY(roster.leave("2"));
        QCOMPARE(roster.count(), 0);
    }
};

QTEST_GUILESS_MAIN(ChannelRegistryTest)
#include "tst_channelregistry.moc"
