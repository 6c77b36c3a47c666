// SPDX-License-Identifier: MIT
// Router: every route, OPTIONS, 405 with the allowed list, 404 for unknown paths, per-segment percent-decoding.
#include "http/router.h"

#include <QTest>

using namespace Relay;

class RouterTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void routes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<Route>("route");
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<QByteArray>("allowed");

        QTest::newRow("health") << QByteArray("GET") << QByteArray("/health") << Route::Health << QStringList {}
                                << QByteArray("GET, OPTIONS");
        QTest::newRow("stats") << QByteArray("GET") << QByteArray("/stats") << Route::Stats << QStringList {}
                               << QByteArray("GET, OPTIONS");
        QTest::newRow("publish") << QByteArray("POST") << QByteArray("/apps/my-app/events") << Route::Publish
                                 << QStringList { "my-app" } << QByteArray("POST, OPTIONS");
        QTest::newRow("batch") << QByteArray("POST") << QByteArray("/apps/my-app/events/batch") << Route::Batch
                               << QStringList { "my-app" } << QByteArray("POST, OPTIONS");
        QTest::newRow("events log") << QByteArray("GET") << QByteArray("/apps/my-app/events/log") << Route::EventsLog
                                    << QStringList { "my-app" } << QByteArray("GET, OPTIONS");
        QTest::newRow("channels") << QByteArray("GET") << QByteArray("/apps/my-app/channels") << Route::Channels
                                  << QStringList { "my-app" } << QByteArray("GET, OPTIONS");
        QTest::newRow("channel") << QByteArray("GET") << QByteArray("/apps/my-app/channels/chat") << Route::Channel
                                 << QStringList { "my-app", "chat" } << QByteArray("GET, OPTIONS");
        QTest::newRow("channel users") << QByteArray("GET") << QByteArray("/apps/my-app/channels/presence-room/users")
                                       << Route::ChannelUsers << QStringList { "my-app", "presence-room" }
                                       << QByteArray("GET, OPTIONS");
        QTest::newRow("channel history") << QByteArray("GET") << QByteArray("/apps/my-app/channels/chat/events")
                                         << Route::ChannelHistory << QStringList { "my-app", "chat" }
                                         << QByteArray("GET, OPTIONS");
        QTest::newRow("auth") << QByteArray("POST") << QByteArray("/apps/my-app/auth") << Route::Auth
                              << QStringList { "my-app" } << QByteArray("POST, OPTIONS");
        QTest::newRow("websocket path") << QByteArray("GET") << QByteArray("/app/my-key") << Route::WebSocket
                                        << QStringList { "my-key" } << QByteArray("GET, OPTIONS");

        // Literal-looking parameters stay parameters.
        QTest::newRow("channel named events")
            << QByteArray("GET") << QByteArray("/apps/my-app/channels/events") << Route::Channel
            << QStringList { "my-app", "events" } << QByteArray("GET, OPTIONS");
        QTest::newRow("channel named users")
            << QByteArray("GET") << QByteArray("/apps/my-app/channels/users") << Route::Channel
            << QStringList { "my-app", "users" } << QByteArray("GET, OPTIONS");
        QTest::newRow("app named apps") << QByteArray("POST") << QByteArray("/apps/apps/events") << Route::Publish
                                        << QStringList { "apps" } << QByteArray("POST, OPTIONS");
        QTest::newRow("history of channel named log")
            << QByteArray("GET") << QByteArray("/apps/a/channels/log/events") << Route::ChannelHistory
            << QStringList { "a", "log" } << QByteArray("GET, OPTIONS");

        // Percent-decoding happens per segment, after splitting.
        QTest::newRow("%2F stays in its segment")
            << QByteArray("GET") << QByteArray("/apps/my-app/channels/a%2Fb") << Route::Channel
            << QStringList { "my-app", "a/b" } << QByteArray("GET, OPTIONS");
        QTest::newRow("%2f lowercase") << QByteArray("GET") << QByteArray("/apps/my-app/channels/a%2fb/events")
                                       << Route::ChannelHistory << QStringList { "my-app", "a/b" }
                                       << QByteArray("GET, OPTIONS");
        QTest::newRow("%2F in the app id") << QByteArray("POST") << QByteArray("/apps/my%2Fapp/events")
                                           << Route::Publish << QStringList { "my/app" } << QByteArray("POST, OPTIONS");
        QTest::newRow("encoded space and UTF-8")
            << QByteArray("GET") << QByteArray("/apps/a/channels/caf%C3%A9%20x") << Route::Channel
            << QStringList { "a", QString::fromUtf8("caf\xc3\xa9 x") } << QByteArray("GET, OPTIONS");
        QTest::newRow("encoded literal segment") << QByteArray("GET") << QByteArray("/%68ealth") << Route::Health
                                                 << QStringList {} << QByteArray("GET, OPTIONS");
        QTest::newRow("plus is not a space")
            << QByteArray("GET") << QByteArray("/apps/a/channels/a+b") << Route::Channel << QStringList { "a", "a+b" }
            << QByteArray("GET, OPTIONS");
        QTest::newRow("websocket key with %2F") << QByteArray("GET") << QByteArray("/app/k%2Fx") << Route::WebSocket
                                                << QStringList { "k/x" } << QByteArray("GET, OPTIONS");

        // OPTIONS matches every known path and reports what else is allowed there.
        QTest::newRow("OPTIONS publish") << QByteArray("OPTIONS") << QByteArray("/apps/my-app/events") << Route::Publish
                                         << QStringList { "my-app" } << QByteArray("POST, OPTIONS");
        QTest::newRow("OPTIONS auth") << QByteArray("OPTIONS") << QByteArray("/apps/x/auth") << Route::Auth
                                      << QStringList { "x" } << QByteArray("POST, OPTIONS");
        QTest::newRow("OPTIONS channel") << QByteArray("OPTIONS") << QByteArray("/apps/x/channels/c") << Route::Channel
                                         << QStringList { "x", "c" } << QByteArray("GET, OPTIONS");
        QTest::newRow("OPTIONS health") << QByteArray("OPTIONS") << QByteArray("/health") << Route::Health
                                        << QStringList {} << QByteArray("GET, OPTIONS");
    }
    void routes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(Route, route);
        QFETCH(QStringList, params);
        QFETCH(QByteArray, allowed);
        const Result<RouteMatch> match = Router::match(method, path);
        QVERIFY2(match.ok(), match.ok() ? "" : qPrintable(match.error().message));
        QCOMPARE(match->route, route);
        QCOMPARE(match->params, params);
        QCOMPARE(match->allowedMethods, allowed);
    }

    void methodNotAllowed_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QString>("allowed");
        QTest::newRow("GET publish") << QByteArray("GET") << QByteArray("/apps/my-app/events") << "POST, OPTIONS";
        QTest::newRow("PUT publish") << QByteArray("PUT") << QByteArray("/apps/my-app/events") << "POST, OPTIONS";
        QTest::newRow("GET batch") << QByteArray("GET") << QByteArray("/apps/my-app/events/batch") << "POST, OPTIONS";
        QTest::newRow("POST events log") << QByteArray("POST") << QByteArray("/apps/my-app/events/log")
                                         << "GET, OPTIONS";
        QTest::newRow("POST channels") << QByteArray("POST") << QByteArray("/apps/my-app/channels") << "GET, OPTIONS";
        QTest::newRow("DELETE channel") << QByteArray("DELETE") << QByteArray("/apps/my-app/channels/chat")
                                        << "GET, OPTIONS";
        QTest::newRow("POST history") << QByteArray("POST") << QByteArray("/apps/my-app/channels/chat/events")
                                      << "GET, OPTIONS";
        QTest::newRow("GET auth") << QByteArray("GET") << QByteArray("/apps/my-app/auth") << "POST, OPTIONS";
        QTest::newRow("POST health") << QByteArray("POST") << QByteArray("/health") << "GET, OPTIONS";
        QTest::newRow("HEAD stats") << QByteArray("HEAD") << QByteArray("/stats") << "GET, OPTIONS";
        QTest::newRow("methods are case-sensitive") << QByteArray("get") << QByteArray("/health") << "GET, OPTIONS";
    }
    void methodNotAllowed()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QString, allowed);
        const Result<RouteMatch> match = Router::match(method, path);
        QVERIFY(!match.ok());
        QCOMPARE(match.error().code, ErrorCode::MethodNotAllowed);
        QCOMPARE(match.error().message, allowed);
    }

    void notFound_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("unknown") << QByteArray("GET") << QByteArray("/nope");
        QTest::newRow("root") << QByteArray("GET") << QByteArray("/");
        QTest::newRow("empty") << QByteArray("GET") << QByteArray("");
        QTest::newRow("trailing slash health") << QByteArray("GET") << QByteArray("/health/");
        QTest::newRow("trailing slash publish") << QByteArray("POST") << QByteArray("/apps/my-app/events/");
        QTest::newRow("trailing slash channel") << QByteArray("GET") << QByteArray("/apps/my-app/channels/chat/");
        QTest::newRow("double slash") << QByteArray("GET") << QByteArray("//health");
        QTest::newRow("double slash inside") << QByteArray("GET") << QByteArray("/apps//channels");
        QTest::newRow("empty app id") << QByteArray("POST") << QByteArray("/apps//events");
        QTest::newRow("empty channel") << QByteArray("GET") << QByteArray("/apps/a/channels//events");
        QTest::newRow("case matters") << QByteArray("GET") << QByteArray("/HEALTH");
        QTest::newRow("apps alone") << QByteArray("GET") << QByteArray("/apps");
        QTest::newRow("app id alone") << QByteArray("GET") << QByteArray("/apps/my-app");
        QTest::newRow("unknown under app") << QByteArray("GET") << QByteArray("/apps/my-app/users");
        QTest::newRow("too deep") << QByteArray("GET") << QByteArray("/apps/my-app/channels/chat/users/1");
        QTest::newRow("websocket without key") << QByteArray("GET") << QByteArray("/app");
        QTest::newRow("websocket empty key") << QByteArray("GET") << QByteArray("/app/");
        QTest::newRow("websocket extra segment") << QByteArray("GET") << QByteArray("/app/key/x");
        QTest::newRow("%2F does not create segments") << QByteArray("GET") << QByteArray("/apps%2Fmy-app%2Fchannels");
        QTest::newRow("OPTIONS unknown") << QByteArray("OPTIONS") << QByteArray("/nope");
    }
    void notFound()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        const Result<RouteMatch> match = Router::match(method, path);
        QVERIFY(!match.ok());
        QCOMPARE(match.error().code, ErrorCode::NotFound);
        QVERIFY(match.error().message.contains(QString::fromUtf8(path)));
    }

    void notFoundMessageIsBounded()
    {
        const QByteArray path = '/' + QByteArray(5000, 'x');
        const Result<RouteMatch> match = Router::match("GET", path);
        QVERIFY(!match.ok());
        QVERIFY(match.error().message.size() < 300);
    }

    void splitPath_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QStringList>("segments");
        QTest::newRow("empty") << QByteArray("") << QStringList {};
        QTest::newRow("root") << QByteArray("/") << QStringList { "" };
        QTest::newRow("two") << QByteArray("/a/b") << QStringList { "a", "b" };
        QTest::newRow("trailing slash") << QByteArray("/a/") << QStringList { "a", "" };
        QTest::newRow("decoded per segment") << QByteArray("/a%2Fb/c%20d") << QStringList { "a/b", "c d" };
    }
    void splitPath()
    {
        QFETCH(QByteArray, path);
        QFETCH(QStringList, segments);
        QCOMPARE(Router::splitPath(path), segments);
    }
};

QTEST_GUILESS_MAIN(RouterTest)
#include "tst_router.moc"
