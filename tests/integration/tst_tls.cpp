// SPDX-License-Identifier: MIT
// TLS on the relay's one port: https and wss with the local CA or the user's files, plain and TLS clients
// side by side, --tls-only, and connections that stall or garble their handshake.
#include "relaytestkit.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace RelayTest;

namespace {
QUrl withScheme(QUrl url, const QString &scheme)
{
    url.setScheme(scheme);
    return url;
}

/// Publishes one event over `url`'s scheme and checks the relay accepted it.
bool publish(Http &http, const QUrl &url, const QString &channel, const QString &data)
{
    const HttpResult result = http.postJson(url, { { "channel", channel }, { "event", "message" }, { "data", data } });
    return result.status == 200;
}

/// A TCP connection with nothing more to say; true once the server has closed it.
bool waitServerClose(QTcpSocket &socket, int waitMs)
{
    return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, waitMs);
}
} // namespace

class TestTls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void httpsAndWss();
    void plainAndTlsClientsAtOnce();
    void broadcastFramesReachEveryWssClientIntact();
    void aBacklogOfFramesDrainsOverTls();
    void stalledWssReaderIsClosedByTheSendBudget();
    void tlsOnlyRefusesPlainWithAnAnswer();
    void silentConnectionIsClosedByTheHttpTimeout();
    void unfinishedHandshakeIsClosedByTheHttpTimeout();
    void garbledHandshakeAffectsNoOneElse();
    void servesTheUsersFiles();
    void badFilesStopTheStartWithOneLine_data();
    void badFilesStopTheStartWithOneLine();

private:
    Relay::RelayConfig tlsConfig() const;
    QTemporaryDir m_dir;
};

Relay::RelayConfig TestTls::tlsConfig() const
{
    Relay::RelayConfig config = testConfig();
    config.tls.enabled = true;
    config.tls.dir = m_dir.filePath("tls");
    return config;
}

void TestTls::initTestCase()
{
    // One relay creates the CA; every client in this process trusts it, as NODE_EXTRA_CA_CERTS would.
    TestRelay relay(tlsConfig());
    QVERIFY(relay.started());
    QVERIFY(relay.server().tlsInfo().enabled);
    QCOMPARE(relay.server().tlsInfo().caCertPath, m_dir.filePath("tls/ca.crt"));
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.addCaCertificates(m_dir.filePath("tls/ca.crt"));
    QSslConfiguration::setDefaultConfiguration(trusting);
}

void TestTls::httpsAndWss()
{
    TestRelay relay(tlsConfig());
    QVERIFY(relay.started());
    QCOMPARE(relay.server().tlsInfo().outcome, Relay::Tls::LocalCertificates::Outcome::Reused);
    Http http;
    const HttpResult health = http.get(withScheme(relay.http("/health"), "https"), {});
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value("status").toString(), "ok");

    WsClient client;
    QVERIFY(client.open(withScheme(relay.ws(), "wss")));
    QVERIFY(client.socket().sslConfiguration().sessionProtocol() >= QSsl::TlsV1_2);
    QCOMPARE(client.subscribe("private-room").value("event").toString(), "relay:subscription_succeeded");
    QVERIFY(publish(http, withScheme(relay.http("/apps/my-app/events"), "https"), "private-room", "over tls"));
    const QJsonObject event = client.waitFor("message");
    QCOMPARE(event.value("data").toString(), "over tls");

    // The Pusher dialect and a raw QSslSocket see the same certificate, for 127.0.0.1 and localhost.
    WsClient pusher;
    QVERIFY(pusher.open(QUrl(QString("wss://localhost:%1/app/my-key?protocol=7").arg(relay.port()))));
    QSslSocket raw; // the relay runs in this thread: wait with the event loop running, never waitForEncrypted()
    QSignalSpy encrypted(&raw, &QSslSocket::encrypted);
    raw.connectToHostEncrypted("localhost", relay.port());
    QVERIFY2(encrypted.wait(timeoutMs), qPrintable(raw.errorString()));
    QVERIFY(raw.peerCertificate().subjectAlternativeNames().values(QSsl::DnsEntry).contains("localhost"));
    raw.write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return raw.state() == QAbstractSocket::UnconnectedState; }, timeoutMs));
    QVERIFY(raw.readAll().startsWith("HTTP/1.1 200"));
}

void TestTls::plainAndTlsClientsAtOnce()
{
    TestRelay relay(tlsConfig());
    QVERIFY(relay.started());
    WsClient plain;
    WsClient secure;
    QVERIFY(plain.open(relay.ws()));
    QVERIFY(secure.open(withScheme(relay.ws(), "wss")));
    QCOMPARE(plain.subscribe("chat").value("event").toString(), "relay:subscription_succeeded");
    QCOMPARE(secure.subscribe("chat").value("event").toString(), "relay:subscription_succeeded");
    Http http;
    QVERIFY(publish(http, relay.http("/apps/my-app/events"), "chat", "sent over http"));
    QVERIFY(publish(http, withScheme(relay.http("/apps/my-app/events"), "https"), "chat", "sent over https"));
    for (WsClient *client : { &plain, &secure }) {
        QCOMPARE(client->waitFor("message").value("data").toString(), "sent over http");
        QCOMPARE(client->waitFor("message").value("data").toString(), "sent over https");
    }
    // Client events cross between the two kinds of socket.
    QCOMPARE(plain.subscribe("private-mixed").value("event").toString(), "relay:subscription_succeeded");
    QCOMPARE(secure.subscribe("private-mixed").value("event").toString(), "relay:subscription_succeeded");
    secure.send({ { "event", "client-typing" }, { "channel", "private-mixed" }, { "data", "{}" } });
    QVERIFY(!plain.waitFor("client-typing").isEmpty());
}

void TestTls::broadcastFramesReachEveryWssClientIntact()
{
    // Broadcasts are written as pre-built frames to the socket under each QWebSocket: with TLS that socket
    // must encrypt them, or the clients would see garbage and close.
    TestRelay relay(tlsConfig());
    QVERIFY(relay.started());
    constexpr int clients = 8;
    std::vector<std::unique_ptr<WsClient>> subscribers;
    for (int i = 0; i < clients; ++i) {
        subscribers.push_back(std::make_unique<WsClient>());
        QVERIFY(subscribers.back()->open(withScheme(relay.ws(), "wss")));
        QCOMPARE(subscribers.back()->subscribe("fanout").value("event").toString(), "relay:subscription_succeeded");
    }
    Http http;
    const QList<int> sizes { 10, 125, 126, 4000, 65535, 65536, 90000 }; // each frame-length encoding
    for (int size : sizes)
        QVERIFY(publish(http, withScheme(relay.http("/apps/my-app/events"), "https"), "fanout", QString(size, u'x')));
    for (const auto &subscriber : subscribers) {
        for (int size : sizes)
            QCOMPARE(subscriber->waitFor("message").value("data").toString().size(), size);
        QVERIFY(subscriber->isConnected());
    }
}

void TestTls::aBacklogOfFramesDrainsOverTls()
{
    // More than any single write window: queued frames keep leaving as the encrypted socket reports progress.
    TestRelay relay(tlsConfig());
    QVERIFY(relay.started());
    WsClient secure;
    WsClient plain;
    QVERIFY(secure.open(withScheme(relay.ws(), "wss")));
    QVERIFY(plain.open(relay.ws()));
    QCOMPARE(secure.subscribe("bulk").value("event").toString(), "relay:subscription_succeeded");
    QCOMPARE(plain.subscribe("bulk").value("event").toString(), "relay:subscription_succeeded");
    constexpr int events = 40;
    const QJsonObject batchEvent { { "channel", "bulk" }, { "event", "message" }, { "data", QString(60000, u'b') } };
    Http http;
    for (int i = 0; i < events / 10; ++i) {
        QJsonArray batch;
        for (int j = 0; j < 10; ++j)
            batch.append(batchEvent);
        QCOMPARE(http.postJson(relay.http("/apps/my-app/events/batch"), { { "batch", batch } }).status, 200);
    }
    for (WsClient *client : { &secure, &plain }) {
        for (int i = 0; i < events; ++i)
            QCOMPARE(client->waitFor("message").value("data").toString().size(), 60000);
    }
    QVERIFY(secure.isConnected());
}

void TestTls::stalledWssReaderIsClosedByTheSendBudget()
{
    // Under TLS the backlog waits as encrypted bytes, which the send budget counts as it counts plain ones.
    Relay::RelayConfig config = tlsConfig();
    config.sendBudgetKb = 256;
    TestRelay relay(config);
    QVERIFY(relay.started());
    QSslSocket stalled;
    stalled.setPeerVerifyMode(QSslSocket::VerifyNone); // this test is about the backlog, not about trust
    stalled.connectToHostEncrypted(QStringLiteral("127.0.0.1"), relay.port());
    QTRY_VERIFY_WITH_TIMEOUT(stalled.isEncrypted(), timeoutMs); // the relay runs in this thread: no waitFor*()
    stalled.setReadBufferSize(4096); // from now on neither the TLS layer nor Qt reads from the kernel past this
    stalled.write("GET /app/my-key HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(relay.hub().connectionCount(), 1, timeoutMs);
    const QByteArray subscribe = "{\"event\":\"relay:subscribe\",\"data\":{\"channel\":\"firehose\"}}";
    QByteArray frame;
    frame.append(char(0x81)).append(char(0x80 | subscribe.size())).append("\0\0\0\0", 4).append(subscribe);
    stalled.write(frame);
    const auto subscribers = [&relay] {
        const Relay::Channel *channel = relay.hub().appById(u"my-app")->channels.find(QStringLiteral("firehose"));
        return channel ? int(channel->subscribers.size()) : 0;
    };
    QTRY_COMPARE_WITH_TIMEOUT(subscribers(), 1, timeoutMs);

    // 40 MB in 500 events: far more than the kernel's socket buffers and the budget together.
    Http http;
    const QString data(80 * 1024, u'x');
    int published = 0;
    for (; published < 500 && relay.hub().connectionCount() == 1; ++published)
        QVERIFY(publish(http, relay.http("/apps/my-app/events"), "firehose", data));
    QTRY_COMPARE_WITH_TIMEOUT(relay.hub().connectionCount(), 0, timeoutMs);
    QVERIFY2(published < 500, "the stalled wss client was never closed");
}

void TestTls::tlsOnlyRefusesPlainWithAnAnswer()
{
    Relay::RelayConfig config = tlsConfig();
    config.tls.only = true;
    TestRelay relay(config);
    QVERIFY(relay.started());
    const QByteArray answer = rawExchange(relay.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer.constData());
    QVERIFY2(answer.contains("{\"error\":\"this port accepts TLS only: use https:// and wss://"), answer.constData());

    WsClient plain;
    QSignalSpy refused(&plain.socket(), &QWebSocket::disconnected);
    plain.openRaw(relay.ws());
    QVERIFY(refused.wait(timeoutMs));
    QVERIFY(plain.frames.isEmpty());

    WsClient secure;
    QVERIFY(secure.open(withScheme(relay.ws(), "wss")));
    Http http;
    QCOMPARE(http.get(withScheme(relay.http("/health"), "https"), {}).status, 200);
}

void TestTls::silentConnectionIsClosedByTheHttpTimeout()
{
    Relay::RelayConfig config = tlsConfig();
    config.httpTimeoutSeconds = 1;
    TestRelay relay(config);
    QVERIFY(relay.started());
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, relay.port());
    QVERIFY(silent.waitForConnected(timeoutMs));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(waitServerClose(silent, timeoutMs));
    QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));
}

void TestTls::unfinishedHandshakeIsClosedByTheHttpTimeout()
{
    Relay::RelayConfig config = tlsConfig();
    config.httpTimeoutSeconds = 1;
    TestRelay relay(config);
    QVERIFY(relay.started());
    QTcpSocket stalled;
    stalled.connectToHost(QHostAddress::LocalHost, relay.port());
    QVERIFY(stalled.waitForConnected(timeoutMs));
    stalled.write(QByteArray::fromHex("160301")); // the start of a ClientHello record, then nothing
    QElapsedTimer timer;
    timer.start();
    QVERIFY(waitServerClose(stalled, timeoutMs));
    QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));
    // The port still serves.
    WsClient client;
    QVERIFY(client.open(withScheme(relay.ws(), "wss")));
}

void TestTls::garbledHandshakeAffectsNoOneElse()
{
    TestRelay relay(tlsConfig()); // the default 30 s HTTP timeout: a close within the wait below is the fault's
    QVERIFY(relay.started());
    WsClient bystander;
    QVERIFY(bystander.open(withScheme(relay.ws(), "wss")));
    QCOMPARE(bystander.subscribe("chat").value("event").toString(), "relay:subscription_succeeded");
    WsClient plainBystander;
    QVERIFY(plainBystander.open(relay.ws()));
    QCOMPARE(plainBystander.subscribe("chat").value("event").toString(), "relay:subscription_succeeded");

    std::vector<std::unique_ptr<QTcpSocket>> garbled;
    for (const QByteArray &bytes : { QByteArray::fromHex("16030100ff") + QByteArray(255, '\xab'),
             QByteArray::fromHex("1603030005") + QByteArray("hello"),
             QByteArray(1, '\x16') + QByteArray(4000, '\0') }) {
        garbled.push_back(std::make_unique<QTcpSocket>());
        garbled.back()->connectToHost(QHostAddress::LocalHost, relay.port());
        QVERIFY(garbled.back()->waitForConnected(timeoutMs));
        garbled.back()->write(bytes);
    }
    for (const auto &socket : garbled)
        QVERIFY(waitServerClose(*socket, timeoutMs));

    Http http;
    QVERIFY(publish(http, withScheme(relay.http("/apps/my-app/events"), "https"), "chat", "still here"));
    QCOMPARE(bystander.waitFor("message").value("data").toString(), "still here");
    QCOMPARE(plainBystander.waitFor("message").value("data").toString(), "still here");
    QVERIFY(bystander.sync());
    WsClient newcomer;
    QVERIFY(newcomer.open(withScheme(relay.ws(), "wss")));
}

void TestTls::servesTheUsersFiles()
{
    QTemporaryDir dir;
    const QString cert = dir.filePath("dev.crt");
    const QString key = dir.filePath("dev.key");
    QProcess openssl;
    openssl.start("openssl",
        { "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=Company dev",
            "-days",
            "5",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            key,
            "-out",
            cert });
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);

    Relay::RelayConfig config = testConfig();
    config.tls.certFile = cert;
    config.tls.keyFile = key;
    config.tls.dir = dir.filePath("unused"); // files given: no local CA is made
    TestRelay relay(config);
    QVERIFY(relay.started());
    const Relay::TlsInfo &info = relay.server().tlsInfo();
    QVERIFY(!info.localAuthority);
    QCOMPARE(info.hosts, QStringList { "127.0.0.1" });
    QCOMPARE(info.subject, "Company dev");
    QVERIFY(info.expiry < QDateTime::currentDateTimeUtc().addDays(6));
    QCOMPARE(info.fingerprintSha256.size(), 32 * 3 - 1);
    QVERIFY(!QFileInfo::exists(dir.filePath("unused")));

    WsClient client;
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(QSslCertificate::fromPath(cert));
    client.socket().setSslConfiguration(trusting);
    QVERIFY(client.open(withScheme(relay.ws(), "wss")));
    QCOMPARE(client.socket().sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256),
        QSslCertificate::fromPath(cert).first().digest(QCryptographicHash::Sha256));
}

void TestTls::badFilesStopTheStartWithOneLine_data()
{
    QTest::addColumn<QString>("certFile");
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("expected");
    const QString ca = m_dir.filePath("tls/ca.crt");
    const QString leaf = m_dir.filePath("tls/localhost.crt");
    const QString leafKey = m_dir.filePath("tls/localhost.key");
    const QString caKey = m_dir.filePath("tls/ca.key");
    const QString missing = m_dir.filePath("missing.pem");
    QTest::newRow("missing certificate") << missing << leafKey << "TLS certificate file " + missing + " does not exist";
    QTest::newRow("missing key") << leaf << missing << "TLS key file " + missing + " does not exist";
    QTest::newRow("key of another certificate")
        << leaf << caKey << "TLS key file " + caKey + " does not match the certificate in " + leaf;
    QTest::newRow("directory") << m_dir.path() << leafKey << "TLS certificate file " + m_dir.path() + " is a directory";
    QTest::newRow("certificate without key") << ca << QString() << "a TLS certificate needs its key";
}

void TestTls::badFilesStopTheStartWithOneLine()
{
    QFETCH(QString, certFile);
    QFETCH(QString, keyFile);
    QFETCH(QString, expected);
    Relay::RelayConfig config = testConfig();
    config.tls.certFile = certFile;
    config.tls.keyFile = keyFile;
    Relay::Status valid = config.validate();
    Relay::RelayServer server(config);
    const Relay::Status started = valid ? server.start() : valid;
    QVERIFY(!started.ok());
    QVERIFY2(started.error().message.startsWith(expected), qPrintable(started.error().message));
    QVERIFY(!started.error().message.contains('\n'));
    QCOMPARE(server.port(), quint16(0));
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
