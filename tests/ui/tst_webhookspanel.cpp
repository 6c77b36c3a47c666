// SPDX-License-Identifier: MIT
// The Webhooks panel against the real relay in RelayHost's thread and a real HTTP receiver: one row per
// attempt, the exact request, Resend, "Send a test event", endpoints changed at runtime, the event log's rows.
#include "auth/signer.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "inspectorfixture.h"
#include "mainwindow.h"
#include "memberspanel.h"
#include "relayhost.h"
#include "relaytestkit.h"
#include "webhookendpoints.h"
#include "webhookreceiver.h"
#include "webhooksmodel.h"
#include "webhookspanel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QTreeView>

using namespace Inspector;
using RelayTest::WebhookReceiver;
using RelayTest::WsClient;

class TestWebhooksPanel : public QObject {
    Q_OBJECT
private:
    template <class T> T *child(const char *name) const
    {
        T *found = m_fixture.window->webhooks()->findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }
    WebhooksModel *rows() const { return m_fixture.window->webhooks()->model(); }

    InspectorFixture m_fixture { QStringLiteral("tst_webhookspanel") };
    std::unique_ptr<WebhookReceiver> m_receiver;

private Q_SLOTS:
    void init()
    {
        m_receiver = std::make_unique<WebhookReceiver>();
        Relay::RelayConfig config = RelayTest::testConfig();
        config.defaultApp().webhooks.targets = { Relay::WebhookTarget { m_receiver->url(), {}, {}, {}, {} } };
        config.defaultApp().webhooks.retryFirstMs = 100;
        QVERIFY(m_fixture.start(config));
    }

    void cleanup()
    {
        m_fixture.stop();
        m_receiver.reset();
    }

    void leavingMembersCountDownUntilTheWebhookOrARejoin()
    {
        MembersPanel *members = m_fixture.window->members();
        members->setChannel(QStringLiteral("my-app"), QStringLiteral("presence-room"), QStringLiteral("presence"));
        QLabel *leaving = members->leavingLabel();
        QVERIFY(!leaving->isVisible());
        const auto join = [this](WsClient &client, const char *user) {
            QVERIFY(client.open(m_fixture.wsUrl()));
            const QJsonObject answer = client.subscribe(
                QStringLiteral("presence-room"), QStringLiteral("{\"user_id\":\"%1\"}").arg(QLatin1String(user)));
            QVERIFY(answer.value(QLatin1String("event")).toString().endsWith(QStringLiteral("subscription_succeeded")));
        };
        WsClient bob; // keeps the channel occupied
        join(bob, "bob");

        // alice leaves: the row counts down, then goes when member_removed is sent.
        {
            WsClient alice;
            join(alice, "alice");
            alice.socket().close();
        }
        QTRY_VERIFY(leaving->isVisible());
        QVERIFY2(leaving->text().contains(QStringLiteral("alice leaving in ")), qPrintable(leaving->text()));
        const QString first = leaving->text();
        QTRY_VERIFY2(leaving->text() != first && leaving->text().contains(QStringLiteral("alice leaving in ")),
            qPrintable(leaving->text()));
        QTRY_VERIFY_WITH_TIMEOUT(m_receiver->eventNames().contains(QStringLiteral("member_removed")), 10000);
        QTRY_VERIFY(!leaving->isVisible());

        // carol leaves and rejoins within the hold-back: the countdown stops and nothing is sent for her.
        {
            WsClient carol;
            join(carol, "carol");
            carol.socket().close();
        }
        QTRY_VERIFY(leaving->text().contains(QStringLiteral("carol leaving in ")));
        WsClient carolAgain;
        join(carolAgain, "carol");
        QTRY_VERIFY(!leaving->isVisible());
        const qsizetype removals = m_receiver->eventNames().count(QStringLiteral("member_removed"));
        QCOMPARE(removals, 1); // alice's alone
    }

    void attemptsShowWithTheirExactRequest()
    {
        m_receiver->script({ 500, 200 });
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("orders"));
        QTRY_COMPARE(rows()->rowCount(), 2); // a failed attempt, then the retry that got through
        QCOMPARE(rows()->index(0, WebhooksModel::AppColumn).data().toString(), QStringLiteral("my-app"));
        QCOMPARE(rows()->index(0, WebhooksModel::UrlColumn).data().toString(), m_receiver->url());
        QCOMPARE(rows()->index(0, WebhooksModel::EventsColumn).data().toString(), QStringLiteral("channel_occupied"));
        QCOMPARE(rows()->index(0, WebhooksModel::StatusColumn).data().toString(), QStringLiteral("HTTP 500"));
        QCOMPARE(rows()->index(0, WebhooksModel::AttemptColumn).data().toInt(), 1);
        QVERIFY(rows()->index(0, WebhooksModel::NextRetryColumn).data().toString().contains(u':'));
        QVERIFY(rows()->index(0, WebhooksModel::LatencyColumn).data().toString().endsWith(QStringLiteral(" ms")));
        QCOMPARE(rows()->index(1, WebhooksModel::StatusColumn).data().toString(), QStringLiteral("200"));
        QCOMPARE(rows()->index(1, WebhooksModel::AttemptColumn).data().toInt(), 2);
        QCOMPARE(rows()->index(1, WebhooksModel::NextRetryColumn).data().toString(), QString());

        auto *view = child<QTreeView>("webhookAttempts");
        view->setCurrentIndex(view->model()->index(1, 0));
        const QString detail = child<QPlainTextEdit>("webhookDetail")->toPlainText();
        const QByteArray body = m_receiver->requests.last().body;
        QVERIFY2(detail.contains(QStringLiteral("POST /webhooks HTTP/1.1")), qPrintable(detail));
        QVERIFY(detail.contains(QStringLiteral("Content-Type: application/json")));
        QVERIFY(detail.contains(QStringLiteral("X-Pusher-Key: my-key")));
        QVERIFY(detail.contains(
            QStringLiteral("X-Pusher-Signature: ") + QString::fromLatin1(Relay::hmacSha256Hex("my-secret", body))));
        QVERIFY(detail.contains(QString::fromUtf8(body))); // the exact bytes the receiver got

        // The event log shows deliveries as their own kind.
        EventLogModel *log = m_fixture.window->log()->model();
        QTRY_VERIFY([&] {
            int webhooks = 0;
            for (int row = 0; row < log->rowCount(); ++row)
                webhooks += log->eventAt(row).kind == Relay::FeedEvent::Kind::Webhook;
            return webhooks == 2;
        }());
    }

    void resendSendsTheSameBytes()
    {
        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("orders"));
        QTRY_COMPARE(rows()->rowCount(), 1);
        auto *view = child<QTreeView>("webhookAttempts");
        view->setCurrentIndex(view->model()->index(0, 0));
        auto *resend = child<QPushButton>("resendWebhook");
        QVERIFY(resend->isEnabled());
        resend->click();
        QTRY_COMPARE(m_receiver->requests.size(), 2);
        QCOMPARE(m_receiver->requests[1].body, m_receiver->requests[0].body);
        QCOMPARE(
            m_receiver->requests[1].header("X-Pusher-Signature"), m_receiver->requests[0].header("X-Pusher-Signature"));
        QTRY_COMPARE(rows()->rowCount(), 2);
        QTRY_VERIFY(child<QLabel>("webhookAnswer")->text().startsWith(QStringLiteral("Queued")));
    }

    void testEventToAChosenEndpoint()
    {
        WebhookReceiver elsewhere;
        child<QComboBox>("webhookTestUrl")->setCurrentText(elsewhere.url(QStringLiteral("/test")));
        child<QComboBox>("webhookTestType")->setCurrentText(QStringLiteral("member_added"));
        child<QLineEdit>("webhookTestChannel")->setText(QStringLiteral("presence-demo"));
        child<QPushButton>("sendTestWebhook")->click();
        QTRY_COMPARE(elsewhere.requests.size(), 1);
        const WebhookReceiver::Request &request = elsewhere.requests.first();
        QCOMPARE(request.header("X-Pusher-Signature"), Relay::hmacSha256Hex("my-secret", request.body));
        QCOMPARE(elsewhere.eventNames(), QStringList({ "member_added" }));
        QCOMPARE(elsewhere.events().first().value("channel").toString(), QStringLiteral("presence-demo"));
        QTRY_COMPARE(rows()->rowCount(), 1);

        child<QComboBox>("webhookTestUrl")->setCurrentText(QStringLiteral("not a url"));
        child<QPushButton>("sendTestWebhook")->click();
        QTRY_VERIFY(child<QLabel>("webhookAnswer")->text().startsWith(QStringLiteral("Refused: ")));
    }

    void endpointsChangeAtRuntime()
    {
        auto *list = child<QListWidget>("endpointList");
        QCOMPARE(list->count(), 1);
        QVERIFY(list->item(0)->text().startsWith(m_receiver->url()));

        // Change: only member events, only presence- channels.
        list->setCurrentRow(0);
        auto *types = child<QListWidget>("endpointTypes");
        for (int i = 0; i < types->count(); ++i)
            types->item(i)->setCheckState(
                types->item(i)->text().startsWith(QLatin1String("member_")) ? Qt::Checked : Qt::Unchecked);
        child<QLineEdit>("endpointPrefix")->setText(QStringLiteral("presence-"));
        child<QPlainTextEdit>("endpointHeaders")->setPlainText(QStringLiteral("X-Team: blue"));
        child<QPushButton>("saveEndpoint")->click();
        QTRY_VERIFY(child<QLabel>("endpointAnswer")->text().startsWith(QStringLiteral("Applied")));
        const QList<Relay::WebhookTarget> now = m_fixture.host->webhooks(QStringLiteral("my-app"));
        QCOMPARE(now.size(), 1);
        QCOMPARE(now.first().eventTypes, QStringList({ "member_added", "member_removed" }));

        WsClient client;
        QVERIFY(client.open(m_fixture.wsUrl()));
        client.subscribe(QStringLiteral("public-one")); // filtered out now
        client.subscribe(QStringLiteral("presence-room"), RelayTest::member("u1"));
        QTRY_COMPARE(m_receiver->requests.size(), 1);
        QCOMPARE(m_receiver->eventNames(), QStringList({ "member_added" }));
        QCOMPARE(m_receiver->requests.first().header("X-Team"), QByteArray("blue"));

        // Add a second endpoint, then remove the first.
        WebhookReceiver second;
        child<QLineEdit>("endpointUrl")->setText(second.url());
        for (int i = 0; i < types->count(); ++i)
            types->item(i)->setCheckState(Qt::Checked);
        child<QLineEdit>("endpointPrefix")->clear();
        child<QPlainTextEdit>("endpointHeaders")->clear();
        child<QPushButton>("addEndpoint")->click();
        QTRY_COMPARE(list->count(), 2);
        list->setCurrentRow(0);
        child<QPushButton>("removeEndpoint")->click();
        QTRY_COMPARE(list->count(), 1);
        QCOMPARE(m_fixture.host->webhooks(QStringLiteral("my-app")).first().url, second.url());
        client.subscribe(QStringLiteral("public-two"));
        QTRY_COMPARE(second.requests.size(), 1);
        QCOMPARE(second.eventNames(), QStringList({ "channel_occupied" }));
        QCOMPARE(m_receiver->requests.size(), 1);

        // A refused change says why and changes nothing.
        child<QLineEdit>("endpointUrl")->setText(QStringLiteral("ftp://nope"));
        child<QPushButton>("addEndpoint")->click();
        QTRY_VERIFY(child<QLabel>("endpointAnswer")->text().startsWith(QStringLiteral("Refused: ")));
        QVERIFY(child<QLabel>("endpointAnswer")->text().contains(QStringLiteral("ftp://nope")));
        QCOMPARE(list->count(), 1);
        QCOMPARE(m_fixture.host->webhooks(QStringLiteral("my-app")).size(), 1);
    }
};

QTEST_MAIN(TestWebhooksPanel)
#include "tst_webhookspanel.moc"
