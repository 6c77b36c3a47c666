// SPDX-License-Identifier: MIT
// Webhook events and requests in Pusher's shapes, and the hold-back that debounces vacated/removed.
#include "auth/signer.h"
#include "config/webhookconfig.h"
#include "webhooks/holdback.h"
#include "webhooks/webhookevents.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Relay;

class WebhookEventsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shapes_data()
    {
        QTest::addColumn<QJsonObject>("built");
        QTest::addColumn<QJsonObject>("expected");
        const auto row = [](const char *name, const WebhookEvent &event, const QJsonObject &expected) {
            QTest::newRow(name) << event.json << expected;
            QCOMPARE(event.name, expected.value("name").toString());
            QCOMPARE(event.channel, expected.value("channel").toString());
        };
        row("occupied", WebhookEvents::channelOccupied("c"), { { "name", "channel_occupied" }, { "channel", "c" } });
        row("vacated", WebhookEvents::channelVacated("c"), { { "name", "channel_vacated" }, { "channel", "c" } });
        row("member added, number id",
            WebhookEvents::memberAdded("presence-r", 7),
            { { "name", "member_added" }, { "channel", "presence-r" }, { "user_id", "7" } });
        row("member removed",
            WebhookEvents::memberRemoved("presence-r", QStringLiteral("u")),
            { { "name", "member_removed" }, { "channel", "presence-r" }, { "user_id", "u" } });
        row("client event, private",
            WebhookEvents::clientEvent("private-c", "client-x", "{}", "1.2", QJsonValue()),
            { { "name", "client_event" },
                { "channel", "private-c" },
                { "event", "client-x" },
                { "data", "{}" },
                { "socket_id", "1.2" } });
        row("client event, presence",
            WebhookEvents::clientEvent("presence-c", "client-x", "d", "1.2", QStringLiteral("u")),
            { { "name", "client_event" },
                { "channel", "presence-c" },
                { "event", "client-x" },
                { "data", "d" },
                { "socket_id", "1.2" },
                { "user_id", "u" } });
        row("cache miss", WebhookEvents::cacheMiss("cache-c"), { { "name", "cache_miss" }, { "channel", "cache-c" } });
        row("subscription count",
            WebhookEvents::subscriptionCount("c", 3),
            { { "name", "subscription_count" }, { "channel", "c" }, { "subscription_count", 3 } });
    }
    void shapes()
    {
        QFETCH(QJsonObject, built);
        QFETCH(QJsonObject, expected);
        QCOMPARE(built, expected);
    }

    void samplesCoverEveryType()
    {
        for (const QString &type : webhookEventTypes())
            QCOMPARE(WebhookEvents::sample(type, "test-channel").name, type);
    }

    void requestIsSignedOverTheExactBody()
    {
        const WebhookRequest request = WebhookEvents::request("app",
            "key",
            "secret",
            "http://h/",
            { { "X-A", "b" } },
            { WebhookEvents::channelOccupied("a"), WebhookEvents::channelVacated("b") },
            1700000000123);
        QCOMPARE(request.body,
            QByteArray(
                R"({"events":[{"channel":"a","name":"channel_occupied"},{"channel":"b","name":"channel_vacated"}],)"
                R"("time_ms":1700000000123})"));
        QCOMPARE(request.eventNames, QStringList({ "channel_occupied", "channel_vacated" }));
        const HeaderList expected { { "Content-Type", "application/json" },
            { "X-Pusher-Key", "key" },
            { "X-Pusher-Signature", hmacSha256Hex("secret", request.body) },
            { "X-A", "b" },
            { "User-Agent", "RelayDesk-Webhooks" },
            { "Accept-Encoding", "identity" },
            { "Accept-Language", "*" },
            { "Connection", "keep-alive" } };
        QCOMPARE(request.headers, expected);
    }

    void holdBackCancelsARejoin()
    {
        QStringList sent;
        HoldBack holdBack([&](const WebhookEvent &event) { sent.append(event.name + u' ' + event.channel); });
        holdBack.setHoldBackMs(60000);
        holdBack.occupied("c");
        holdBack.memberAdded("presence-c", 1);
        holdBack.memberRemoved("presence-c", 1);
        holdBack.vacated("c");
        QCOMPARE(holdBack.heldCount(), 2);
        holdBack.memberAdded("presence-c", QStringLiteral("1")); // the same user: 1 and "1" are one key
        holdBack.occupied("c");
        QCOMPARE(holdBack.heldCount(), 0);
        QCOMPARE(sent, QStringList({ "channel_occupied c", "member_added presence-c" }));
    }

    void holdBackSendsAfterTheWindow()
    {
        QStringList sent;
        HoldBack holdBack([&](const WebhookEvent &event) { sent.append(event.name + u' ' + event.channel); });
        holdBack.setHoldBackMs(150);
        QElapsedTimer timer;
        timer.start();
        holdBack.memberRemoved("presence-c", 1);
        holdBack.vacated("presence-c");
        holdBack.vacated("other");
        QTRY_COMPARE(sent.size(), 3);
        QVERIFY2(timer.elapsed() >= 140, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(
            sent, QStringList({ "member_removed presence-c", "channel_vacated presence-c", "channel_vacated other" }));
        holdBack.occupied("other"); // nothing held any more: sent straight away
        QCOMPARE(sent.last(), QStringLiteral("channel_occupied other"));
    }

    void holdBackZeroAndFlush()
    {
        QStringList sent;
        HoldBack holdBack([&](const WebhookEvent &event) { sent.append(event.name); });
        holdBack.setHoldBackMs(0);
        holdBack.vacated("c");
        QCOMPARE(sent, QStringList({ "channel_vacated" }));
        holdBack.setHoldBackMs(60000);
        holdBack.vacated("d");
        QCOMPARE(sent.size(), 1);
        holdBack.flush();
        QCOMPARE(sent, QStringList({ "channel_vacated", "channel_vacated" }));
        QCOMPARE(holdBack.heldCount(), 0);
    }
};

QTEST_GUILESS_MAIN(WebhookEventsTest)
#include "tst_webhookevents.moc"
