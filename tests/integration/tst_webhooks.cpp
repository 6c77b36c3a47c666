// SPDX-License-Identifier: MIT
// Webhooks as Pusher sends them, received by a real HTTP server the test owns: each event's fields and order,
// the signature over the exact body, filters, custom headers, batching, hold-back, and one secret per app.
#include "auth/signer.h"
#include "relaytestkit.h"
#include "webhookreceiver.h"
#include "webhooks/webhookdispatcher.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTest>

using namespace RelayTest;
using Relay::WebhookTarget;

namespace {
constexpr int holdBackMs = 400;

QJsonObject hook(std::initializer_list<std::pair<QString, QJsonValue>> fields)
{
    QJsonObject object;
    for (const auto &[key, value] : fields)
        object.insert(key, value);
    return object;
}

QJsonObject clientFrame(const QString &channel, const QString &name, const QString &data)
{
    return { { "event", name }, { "channel", channel }, { "data", data } };
}
} // namespace

class WebhooksTest : public QObject {
    Q_OBJECT
private:
    WebhookReceiver receiver;
    std::unique_ptr<TestRelay> relay;

    /// A relay whose default app sends every event type to the receiver; `change` adjusts the config.
    void start(const std::function<void(Relay::RelayConfig &)> &change = {})
    {
        Relay::RelayConfig config = testConfig();
        Relay::AppConfig &app = config.defaultApp();
        app.webhooks.targets = { WebhookTarget { receiver.url(), {}, {}, {}, {} } };
        app.webhooks.holdBackMs = holdBackMs;
        app.webhooks.retryFirstMs = 50;
        config.webhookMaxInFlight = 1; // one request at a time: arrival order is send order
        if (change)
            change(config);
        relay = std::make_unique<TestRelay>(config);
        QVERIFY(relay->started());
    }

private Q_SLOTS:
    void init() { receiver.requests.clear(); }
    void cleanup() { relay.reset(); }

    void occupiedIsSignedPusherStyle()
    {
        start();
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        client.subscribe(QStringLiteral("orders"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 1, timeoutMs);
        const WebhookReceiver::Request &request = receiver.requests.first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/webhooks"));
        QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(request.header("X-Pusher-Key"), QByteArray("my-key"));
        QCOMPARE(request.header("X-Pusher-Signature"), Relay::hmacSha256Hex("my-secret", request.body));
        // Exactly the headers the inspector shows: the relay's list, plus Host and Content-Length.
        QStringList received;
        for (const auto &[name, value] : request.headers)
            received.append(QString::fromLatin1(name));
        received.sort();
        QCOMPARE(received,
            QStringList({ "accept-encoding",
                "accept-language",
                "connection",
                "content-length",
                "content-type",
                "host",
                "user-agent",
                "x-pusher-key",
                "x-pusher-signature" }));
        const QJsonObject body = request.json();
        QCOMPARE(body.keys(), QStringList({ "events", "time_ms" }));
        const qint64 time = qint64(body.value("time_ms").toDouble());
        QVERIFY2(time >= before && time <= QDateTime::currentMSecsSinceEpoch(), qPrintable(QString::number(time)));
        QCOMPARE(body.value("events").toArray(),
            QJsonArray({ hook({ { "name", "channel_occupied" }, { "channel", "orders" } }) }));
    }

    void vacatedAfterTheHoldBack()
    {
        start();
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe(QStringLiteral("orders"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 1, timeoutMs);
        QElapsedTimer left;
        left.start();
        client.send({ { "event", "relay:unsubscribe" }, { "data", QJsonObject { { "channel", "orders" } } } });
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, timeoutMs);
        QVERIFY2(left.elapsed() >= holdBackMs - 20, qPrintable(QString::number(left.elapsed())));
        QCOMPARE(receiver.events().last(), hook({ { "name", "channel_vacated" }, { "channel", "orders" } }));
    }

    void presenceMembersOncePerUser()
    {
        start();
        WsClient phone;
        WsClient laptop;
        WsClient bob;
        for (WsClient *c : { &phone, &laptop, &bob })
            QVERIFY(c->open(relay->ws()));
        phone.subscribe(QStringLiteral("presence-room"), member(7));
        laptop.subscribe(QStringLiteral("presence-room"), member(7)); // the same user: no second member_added
        bob.subscribe(QStringLiteral("presence-room"), member("bob"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 3, timeoutMs);
        QCOMPARE(receiver.events(),
            QList<QJsonObject>({ hook({ { "name", "channel_occupied" }, { "channel", "presence-room" } }),
                hook({ { "name", "member_added" }, { "channel", "presence-room" }, { "user_id", "7" } }),
                hook({ { "name", "member_added" }, { "channel", "presence-room" }, { "user_id", "bob" } }) }));
        phone.socket().close();
        QVERIFY(phone.waitClosed());
        QVERIFY(laptop.sync()); // user 7 still has the laptop: no member_removed, nothing held
        QCOMPARE(relay->server().webhooks().pending(), 0);
        for (WsClient *c : { &laptop, &bob }) {
            c->socket().close();
            QVERIFY(c->waitClosed());
        }
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 6, timeoutMs);
        QCOMPARE(receiver.eventNames().mid(3), QStringList({ "member_removed", "member_removed", "channel_vacated" }));
    }

    void rejoinWithinTheHoldBackSendsNothing()
    {
        start();
        WsClient alice;
        QVERIFY(alice.open(relay->ws()));
        alice.subscribe(QStringLiteral("presence-room"), member("alice"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, timeoutMs); // occupied, member_added
        alice.socket().close();
        QVERIFY(alice.waitClosed());
        QTRY_COMPARE(relay->server().webhooks().pending(), 2); // member_removed and channel_vacated held
        WsClient again;
        QVERIFY(again.open(relay->ws()));
        again.subscribe(QStringLiteral("presence-room"), member("alice"));
        // Both cancelled, with the occupied/added they met (on the Redis engine a round trip later: the cluster
        // decides occupied).
        QTRY_COMPARE(relay->server().webhooks().pending(), 0);
        WsClient marker;
        QVERIFY(marker.open(relay->ws()));
        marker.subscribe(QStringLiteral("marker"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 3, timeoutMs);
        QCOMPARE(receiver.eventNames().last(), QStringLiteral("channel_occupied"));
        QCOMPARE(receiver.events().last().value("channel").toString(), QStringLiteral("marker"));
    }

    void clientEventsCarryTheirSender()
    {
        start([](Relay::RelayConfig &config) {
            config.defaultApp().webhooks.targets.first().eventTypes = QStringList { "client_event" };
        });
        WsClient alice;
        WsClient bob;
        for (WsClient *c : { &alice, &bob })
            QVERIFY(c->open(relay->ws()));
        alice.subscribe(QStringLiteral("private-chat"));
        bob.subscribe(QStringLiteral("private-chat"));
        alice.send(
            clientFrame(QStringLiteral("private-chat"), QStringLiteral("client-typing"), QStringLiteral("{\"a\":1}")));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 1, timeoutMs);
        QCOMPARE(receiver.events().last(),
            hook({ { "name", "client_event" },
                { "channel", "private-chat" },
                { "event", "client-typing" },
                { "data", "{\"a\":1}" },
                { "socket_id", alice.socketId() } }));

        alice.subscribe(QStringLiteral("presence-room"), member(42));
        bob.subscribe(QStringLiteral("presence-room"), member(43));
        bob.send(clientFrame(QStringLiteral("presence-room"), QStringLiteral("client-wave"), QStringLiteral("hi")));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, timeoutMs);
        QCOMPARE(receiver.events().last(),
            hook({ { "name", "client_event" },
                { "channel", "presence-room" },
                { "event", "client-wave" },
                { "data", "hi" },
                { "socket_id", bob.socketId() },
                { "user_id", "43" } }));
    }

    void cacheMissAndSubscriptionCount()
    {
        start([](Relay::RelayConfig &config) {
            config.defaultApp().subscriptionCountEnabled = true;
            config.defaultApp().webhooks.targets.first().eventTypes
                = QStringList { "cache_miss", "subscription_count" };
        });
        WsClient first;
        WsClient second;
        for (WsClient *c : { &first, &second })
            QVERIFY(c->open(relay->ws()));
        first.subscribe(QStringLiteral("cache-prices"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, timeoutMs);
        QCOMPARE(receiver.events(),
            QList<QJsonObject>({ hook({ { "name", "cache_miss" }, { "channel", "cache-prices" } }),
                hook({ { "name", "subscription_count" },
                    { "channel", "cache-prices" },
                    { "subscription_count", 1 } }) }));
        second.subscribe(QStringLiteral("cache-prices"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 4, timeoutMs);
        QCOMPARE(receiver.events().last().value("subscription_count").toInt(), 2);
        second.subscribe(QStringLiteral("presence-cache-room"), member(1)); // presence: a miss, but no count
        WsClient marker;
        QVERIFY(marker.open(relay->ws()));
        marker.subscribe(QStringLiteral("cache-marker"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 7, timeoutMs);
        QCOMPARE(receiver.eventNames().mid(4), QStringList({ "cache_miss", "cache_miss", "subscription_count" }));
        QCOMPARE(receiver.events().at(4).value("channel").toString(), QStringLiteral("presence-cache-room"));
    }

    void filtersAndCustomHeaders()
    {
        WebhookReceiver presenceOnly;
        start([&](Relay::RelayConfig &config) {
            WebhookTarget &all = config.defaultApp().webhooks.targets.first();
            all.headers = { { "X-Extra", "value" }, { "Authorization", "Bearer t0ken" } };
            config.defaultApp().webhooks.targets.append(WebhookTarget {
                presenceOnly.url(QStringLiteral("/presence")), { "channel_occupied" }, "presence-", "-vip", {} });
        });
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        for (const char *channel : { "presence-lobby", "presence-room-vip", "room-vip" })
            client.subscribe(QLatin1String(channel), member(1));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 5, timeoutMs); // 3 occupied, 2 member_added
        QTRY_COMPARE_WITH_TIMEOUT(presenceOnly.requests.size(), 1, timeoutMs);
        QCOMPARE(presenceOnly.requests.first().path, QByteArray("/presence"));
        QCOMPARE(presenceOnly.events(),
            QList<QJsonObject>({ hook({ { "name", "channel_occupied" }, { "channel", "presence-room-vip" } }) }));
        QCOMPARE(presenceOnly.requests.first().header("X-Extra"), QByteArray());
        for (const WebhookReceiver::Request &request : std::as_const(receiver.requests)) {
            QCOMPARE(request.header("X-Extra"), QByteArray("value"));
            QCOMPARE(request.header("Authorization"), QByteArray("Bearer t0ken"));
            QCOMPARE(request.header("X-Pusher-Signature"), Relay::hmacSha256Hex("my-secret", request.body));
        }
    }

    void batchingByCountAndByWindow()
    {
        start([](Relay::RelayConfig &config) {
            Relay::WebhookSettings &settings = config.defaultApp().webhooks;
            settings.batching = true;
            settings.batchMax = 3;
            settings.batchMs = 300;
        });
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        for (const char *channel : { "a", "b", "c", "d" })
            client.subscribe(QLatin1String(channel));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 1, timeoutMs); // full at three
        QCOMPARE(receiver.requests.first().json().value("events").toArray().size(), 3);
        QElapsedTimer window;
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, timeoutMs); // "d" alone, when the window closes
        QVERIFY2(window.elapsed() >= 200, qPrintable(QString::number(window.elapsed())));
        QCOMPARE(receiver.eventNames(), QStringList(4, QStringLiteral("channel_occupied")));
        QCOMPARE(receiver.events().last().value("channel").toString(), QStringLiteral("d"));
        for (const WebhookReceiver::Request &request : std::as_const(receiver.requests))
            QCOMPARE(request.header("X-Pusher-Signature"), Relay::hmacSha256Hex("my-secret", request.body));
    }

    void eachAppSignsWithItsOwnSecret()
    {
        start([&](Relay::RelayConfig &config) {
            Relay::AppConfig second;
            second.id = QStringLiteral("second");
            second.key = QStringLiteral("second-key");
            second.secret = QStringLiteral("second-secret");
            second.webhooks.targets = { WebhookTarget { receiver.url(QStringLiteral("/second")), {}, {}, {}, {} } };
            config.apps.append(second);
        });
        WsClient first;
        WsClient second;
        QVERIFY(first.open(relay->ws()));
        QVERIFY(second.open(relay->ws(QStringLiteral("second-key"))));
        first.subscribe(QStringLiteral("one"));
        second.subscribe(QStringLiteral("two"));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 2, timeoutMs);
        for (const WebhookReceiver::Request &request : std::as_const(receiver.requests)) {
            const bool isSecond = request.path == "/second";
            QCOMPARE(request.header("X-Pusher-Key"), isSecond ? QByteArray("second-key") : QByteArray("my-key"));
            QCOMPARE(request.header("X-Pusher-Signature"),
                Relay::hmacSha256Hex(isSecond ? "second-secret" : "my-secret", request.body));
            QCOMPARE(request.json().value("events").toArray().first().toObject().value("channel").toString(),
                isSecond ? QStringLiteral("two") : QStringLiteral("one"));
        }
    }

    void targetsChangeAtRuntime()
    {
        start();
        WebhookReceiver other;
        QVERIFY(relay->server().webhooks().setTargets(
            QStringLiteral("my-app"), { WebhookTarget { other.url(), { "channel_occupied" }, {}, {}, {} } }));
        WsClient client;
        QVERIFY(client.open(relay->ws()));
        client.subscribe(QStringLiteral("moved"));
        QTRY_COMPARE_WITH_TIMEOUT(other.requests.size(), 1, timeoutMs);
        QVERIFY(relay->server().webhooks().setTargets(QStringLiteral("my-app"), {}));
        client.subscribe(QStringLiteral("unheard"));
        QVERIFY(client.sync());
        QCOMPARE(relay->server().webhooks().pending(), 0);
        QCOMPARE(receiver.requests.size(), 0);
        QCOMPARE(other.requests.size(), 1);
        const Relay::Status bad = relay->server().webhooks().setTargets(
            QStringLiteral("my-app"), { WebhookTarget { QStringLiteral("ftp://x"), {}, {}, {}, {} } });
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains("webhooks[0].url"), qPrintable(bad.error().message));
    }
};

QTEST_GUILESS_MAIN(WebhooksTest)
#include "tst_webhooks.moc"
