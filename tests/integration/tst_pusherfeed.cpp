// SPDX-License-Identifier: MIT
// What the inspector's feed gets from the Pusher features: the dialect of each connection, and every rejected
// signature (channel auth in both dialects, sign-in) with the signed string and both HMACs.
#include "relaytestkit.h"

#include "auth/signer.h"

#include <QDeadlineTimer>
#include <QTest>

using namespace RelayTest;
using Relay::FeedEvent;

class PusherFeedTest : public RelaySuite {
    Q_OBJECT
private:
    /// The first feed event of that kind, waiting for it; an empty event on timeout.
    FeedEvent waitForKind(FeedEvent::Kind kind)
    {
        QList<FeedEvent> seen;
        const auto found = [&] {
            seen += relay->hub().feed().drain();
            return std::find_if(seen.cbegin(), seen.cend(), [kind](const FeedEvent &e) { return e.kind == kind; });
        };
        QDeadlineTimer deadline(timeoutMs);
        while (found() == seen.cend() && !deadline.hasExpired())
            QTest::qWait(10); // lets the relay run; the feed has no signal to wait on
        const auto it = std::find_if(seen.cbegin(), seen.cend(), [kind](const FeedEvent &e) { return e.kind == kind; });
        return it == seen.cend() ? FeedEvent {} : *it;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(startRelay());
        relay->hub().feed().setObserved(true);
    }

    void connectedCarriesTheDialect()
    {
        WsClient pusher;
        QVERIFY(pusher.open(relay->ws(QStringLiteral("my-key"), QStringLiteral("protocol=7&client=js"))));
        QCOMPARE(waitForKind(FeedEvent::Kind::Connected).detail, QStringLiteral("pusher"));
        WsClient plain;
        QVERIFY(plain.open(relay->ws()));
        QCOMPARE(waitForKind(FeedEvent::Kind::Connected).detail, QStringLiteral("relay"));
    }

    void relayDialectAuthFailureShowsBothHmacs()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        const QJsonObject answer = client.subscribe(QStringLiteral("private-x"), {}, QStringLiteral("wrong-secret"));
        QCOMPARE(answer.value("event").toString(), QStringLiteral("relay:error"));
        const FeedEvent failure = waitForKind(FeedEvent::Kind::AuthFailure);
        const QString signedString = client.socketId() + QStringLiteral(":private-x");
        QCOMPARE(failure.signature.signedString, signedString);
        QCOMPARE(failure.signature.expectedHmac.toLatin1(), Relay::hmacSha256Hex("my-secret", signedString.toUtf8()));
        QCOMPARE(failure.signature.receivedHmac.toLatin1(), Relay::hmacSha256Hex("wrong-secret", signedString.toUtf8()));
        QVERIFY(!QJsonDocument(answer).toJson().contains(failure.signature.expectedHmac.toLatin1()));
    }

    void pusherSigninFailureIsReportedAndCloses4009()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws(QStringLiteral("my-key"), QStringLiteral("protocol=7"))));
        const QString userData = QStringLiteral("{\"id\":\"7\"}");
        client.send({ { "event", "pusher:signin" },
            { "data", QJsonObject { { "auth", QStringLiteral("my-key:00") }, { "user_data", userData } } } });
        QCOMPARE(WsClient::data(client.waitFor(QStringLiteral("pusher:error"))).value("code").toInt(), 4009);
        QVERIFY(client.waitClosed());
        QCOMPARE(client.closeCode(), 4009);
        const FeedEvent failure = waitForKind(FeedEvent::Kind::AuthFailure);
        QCOMPARE(failure.signature.signedString, client.socketId() + QStringLiteral("::user::") + userData);
        QCOMPARE(failure.signature.receivedHmac, QStringLiteral("00"));
    }

    void pusherSigninSucceeds()
    {
        WsClient client;
        QVERIFY(client.open(relay->ws(QStringLiteral("my-key"), QStringLiteral("protocol=7"))));
        const QString userData = QStringLiteral("{\"id\":\"7\"}");
        const QByteArray signature
            = Relay::hmacSha256Hex("my-secret", (client.socketId() + QStringLiteral("::user::") + userData).toUtf8());
        client.send({ { "event", "pusher:signin" },
            { "data", QJsonObject { { "auth", QStringLiteral("my-key:") + QString::fromLatin1(signature) }, { "user_data", userData } } } });
        QCOMPARE(WsClient::data(client.waitFor(QStringLiteral("pusher:signin_success"))).value("user_data").toString(), userData);
        client.send({ { "event", "pusher:subscribe" }, { "data", QJsonObject { { "channel", "#server-to-user-7" } } } });
        QVERIFY(!client.waitFor(QStringLiteral("pusher_internal:subscription_succeeded")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(PusherFeedTest)
#include "tst_pusherfeed.moc"
