// SPDX-License-Identifier: MIT
// Pure formatting: event JSON, curl commands, shell quoting, "connect your app" snippets.
#include "feedformat.h"
#include "snippets.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace Inspector;
using Relay::FeedEvent;

class TestFormats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eventAsJson()
    {
        FeedEvent event = FeedEvent::of(FeedEvent::Kind::ApiEvent,
            QStringLiteral("my-app"),
            QStringLiteral("chat"),
            QStringLiteral("message"),
            {},
            QStringLiteral("{\"text\":\"hi\"}"));
        event.timeMs = 1700000000123;
        event.size = 13;
        const QJsonObject json = FeedFormat::toJson(event);
        QCOMPARE(json.value(QStringLiteral("time")).toString(), QStringLiteral("2023-11-14T22:13:20.123Z"));
        QCOMPARE(json.value(QStringLiteral("kind")).toString(), QStringLiteral("publish"));
        QCOMPARE(json.value(QStringLiteral("data")).toObject().value(QStringLiteral("text")).toString(),
            QStringLiteral("hi"));
        QVERIFY(!json.contains(QStringLiteral("socket_id")));
        QVERIFY(FeedFormat::prettyJson(event).contains(QStringLiteral("\n    \"data\": {\n        \"text\": \"hi\"")));

        FeedEvent error = event;
        error.kind = FeedEvent::Kind::Error;
        error.detail = QStringLiteral("not JSON at all");
        QCOMPARE(
            FeedFormat::toJson(error).value(QStringLiteral("message")).toString(), QStringLiteral("not JSON at all"));
        QVERIFY(!FeedFormat::isPublishable(error));
    }

    void signatureFailureShowsWhatWasSigned()
    {
        FeedEvent failure = FeedEvent::of(FeedEvent::Kind::AuthFailure,
            QStringLiteral("my-app"),
            QStringLiteral("private-x"),
            QStringLiteral("pusher:subscribe"),
            QStringLiteral("1.2"),
            QStringLiteral("invalid signature"));
        failure.timeMs = 1700000000123;
        failure.signature = { QStringLiteral("1.2:private-x"), QStringLiteral("aa11"), QStringLiteral("bb22") };
        const QJsonObject signature = FeedFormat::toJson(failure).value(QStringLiteral("signature")).toObject();
        QCOMPARE(signature.value(QStringLiteral("signed_string")).toString(), QStringLiteral("1.2:private-x"));
        QCOMPARE(signature.value(QStringLiteral("expected_hmac")).toString(), QStringLiteral("aa11"));
        QCOMPARE(signature.value(QStringLiteral("received_hmac")).toString(), QStringLiteral("bb22"));
        QCOMPARE(FeedFormat::kindLabel(FeedEvent::Kind::SignedIn), QStringLiteral("sign-in"));
    }

    void prettyText()
    {
        QCOMPARE(FeedFormat::prettyText(QStringLiteral("{\"a\":1}")), QStringLiteral("{\n    \"a\": 1\n}"));
        QCOMPARE(FeedFormat::prettyText(QStringLiteral("\"plain\"")), QStringLiteral("\"plain\""));
        QCOMPARE(FeedFormat::prettyText(QStringLiteral("oops")), QStringLiteral("oops"));
    }

    void curlRunsInAShell()
    {
        const FeedEvent event = FeedEvent::of(FeedEvent::Kind::ClientEvent,
            QStringLiteral("my-app"),
            QStringLiteral("private-a"),
            QStringLiteral("client-typing"),
            QStringLiteral("1.2"),
            QStringLiteral("{\"who\":\"O'Brien\"}"));
        const QString curl
            = FeedFormat::curlCommand(event, QStringLiteral("http://127.0.0.1:6001"), QStringLiteral("s3cret"));
        QVERIFY(curl.startsWith(QStringLiteral("curl -X POST 'http://127.0.0.1:6001/apps/my-app/events'")));
        QVERIFY(curl.contains(QStringLiteral("'Authorization: Bearer s3cret'")));
        // The shell must hand curl exactly the JSON body: check by letting sh print the -d argument.
        const QString echoed = QString(curl).replace(QStringLiteral("curl -X POST"), QStringLiteral("printf '%s\\n'"));
        QProcess shell;
        shell.start(QStringLiteral("sh"), { QStringLiteral("-c"), echoed });
        QVERIFY(shell.waitForFinished());
        const QList<QByteArray> args = shell.readAllStandardOutput().split('\n');
        QVERIFY(args.size() >= 7);
        QCOMPARE(args.at(5), QByteArray("-d"));
        const QJsonObject body = QJsonDocument::fromJson(args.at(6)).object();
        QCOMPARE(body.value(QStringLiteral("channel")).toString(), QStringLiteral("private-a"));
        QCOMPARE(body.value(QStringLiteral("data")).toString(), QStringLiteral("{\"who\":\"O'Brien\"}"));
    }

    void snippetsCarryTheRealTarget()
    {
        const SnippetTarget target { QStringLiteral("0.0.0.0"),
            6123,
            QStringLiteral("app-1"),
            QStringLiteral("key-1"),
            QStringLiteral("very-secret"),
            false,
            QString() };
        const QList<Snippets::Snippet> masked = Snippets::all(target, true);
        QCOMPARE(masked.size(), 4);
        for (const Snippets::Snippet &snippet : masked) {
            QVERIFY2(snippet.text.contains(QStringLiteral("6123")), qPrintable(snippet.title));
            QVERIFY2(snippet.text.contains(QStringLiteral("127.0.0.1")), qPrintable(snippet.title)); // not 0.0.0.0
            QVERIFY2(!snippet.text.contains(QStringLiteral("very-secret")), qPrintable(snippet.title));
        }
        QVERIFY(Snippets::pusherJs(target).contains(QStringLiteral("new Pusher(\"key-1\"")));
        QVERIFY(Snippets::laravelEcho(target).contains(QStringLiteral("key: \"key-1\"")));
        QVERIFY(Snippets::laravelEnv(target, false).contains(QStringLiteral("PUSHER_APP_SECRET=very-secret")));
        QVERIFY(Snippets::curlPublish(target, false).contains(QStringLiteral("Bearer very-secret")));
        QVERIFY(Snippets::laravelEnv(target, true).contains(Snippets::maskedSecret(QStringLiteral("very-secret"))));
        QVERIFY(Snippets::pusherJs(target).contains(QStringLiteral("forceTLS: false")));
        QVERIFY(Snippets::laravelEnv(target, true).contains(QStringLiteral("PUSHER_SCHEME=http\n")));
    }

    void laravelEnvNamesCurrentAndOlderSetting()
    {
        const SnippetTarget target { QStringLiteral("127.0.0.1"),
            6123,
            QStringLiteral("app-1"),
            QStringLiteral("key-1"),
            QStringLiteral("very-secret"),
            false,
            QString() };
        const QStringList lines = Snippets::laravelEnv(target, true).split(QLatin1Char('\n'));
        // Laravel 11+ reads BROADCAST_CONNECTION; an active BROADCAST_DRIVER line would be ignored there.
        QVERIFY(lines.contains(QStringLiteral("BROADCAST_CONNECTION=pusher")));
        QVERIFY(!lines.contains(QStringLiteral("BROADCAST_DRIVER=pusher")));
        QVERIFY(lines.contains(QStringLiteral("# Laravel 10 and older: BROADCAST_DRIVER=pusher")));
    }

    void snippetsSwitchToTls()
    {
        const SnippetTarget target { QStringLiteral("127.0.0.1"),
            6001,
            QStringLiteral("app-1"),
            QStringLiteral("key-1"),
            QStringLiteral("s"),
            true,
            QStringLiteral("/home/o'neil/tls/ca.crt") };
        for (const QString &client : { Snippets::pusherJs(target), Snippets::laravelEcho(target) }) {
            QVERIFY2(client.contains(QStringLiteral("forceTLS: true,")), qPrintable(client));
            QVERIFY(client.contains(QStringLiteral("wssPort: 6001,")));
            QVERIFY(client.contains(QStringLiteral("enabledTransports: [\"ws\", \"wss\"]")));
            QVERIFY(!client.contains(QStringLiteral("forceTLS: false")));
        }
        QVERIFY(Snippets::pusherJs(target).contains(
            QStringLiteral("endpoint: \"https://127.0.0.1:6001/apps/app-1/auth\"")));
        QVERIFY(Snippets::laravelEnv(target, false).contains(QStringLiteral("PUSHER_SCHEME=https\n")));
        const QString curl = Snippets::curlPublish(target, false);
        QVERIFY2(
            curl.startsWith(QStringLiteral("curl -X POST https://127.0.0.1:6001/apps/app-1/events")), qPrintable(curl));
        // The CA path reaches curl intact through the shell, quote included.
        QProcess shell;
        shell.start(QStringLiteral("sh"),
            { QStringLiteral("-c"),
                QString(curl).replace(QStringLiteral("curl -X POST"), QStringLiteral("printf '%s\\n'")) });
        QVERIFY(shell.waitForFinished());
        const QList<QByteArray> args = shell.readAllStandardOutput().split('\n');
        QCOMPARE(args.at(1), QByteArray("--cacert"));
        QCOMPARE(args.at(2), QByteArray("/home/o'neil/tls/ca.crt"));
    }
};

QTEST_GUILESS_MAIN(TestFormats)
#include "tst_formats.moc"
