// SPDX-License-Identifier: MIT
// The wire as clients see it: close codes that always arrive (a lingering close), a send budget that counts
// the frame being queued and ends with a close frame rather than a cut one, frames that ride in with the
// handshake, and a server destroyed while finished sessions await deletion.
#include "relaytestkit.h"
#include "transport/transport.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

#include <memory>
#include <vector>

using namespace RelayTest;

namespace {
const QByteArray upgradeRequest = "GET /app/my-key HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

QByteArray maskedTextFrame(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x81));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        uchar length[2];
        qToBigEndian(quint16(payload.size()), length);
        frame.append(reinterpret_cast<const char *>(length), 2);
    }
    const QByteArray mask("\x0a\x0b\x0c\x0d", 4);
    frame.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}

struct ServerFrame {
    quint8 opcode;
    QByteArray payload;
};

/// Splits what a raw client received after the 101 head into whole server frames; `cut` says the bytes
/// ended inside a frame.
std::vector<ServerFrame> serverFrames(const QByteArray &stream, bool *cut)
{
    std::vector<ServerFrame> frames;
    qsizetype pos = stream.indexOf("\r\n\r\n");
    pos = pos < 0 ? stream.size() : pos + 4;
    *cut = false;
    while (pos < stream.size()) {
        if (stream.size() - pos < 2) {
            *cut = true;
            break;
        }
        const quint8 opcode = quint8(stream[pos]) & 0x0f;
        quint64 length = quint8(stream[pos + 1]) & 0x7f;
        qsizetype header = 2;
        if (length == 126 && stream.size() - pos >= 4) {
            length = qFromBigEndian<quint16>(stream.constData() + pos + 2);
            header = 4;
        } else if (length == 127 && stream.size() - pos >= 10) {
            length = qFromBigEndian<quint64>(stream.constData() + pos + 2);
            header = 10;
        } else if (length >= 126) {
            *cut = true;
            break;
        }
        if (stream.size() - pos < header + qsizetype(length)) {
            *cut = true;
            break;
        }
        frames.push_back(ServerFrame { opcode, stream.mid(pos + header, qsizetype(length)) });
        pos += header + qsizetype(length);
    }
    return frames;
}

/// Connects `socket` as a raw WebSocket client of `relay`'s only connection, subscribed to "hose", which Qt
/// reads from the kernel no more than 4 KiB of until its read buffer size is set back to 0.
bool subscribeWithoutReading(QTcpSocket &socket, TestRelay &relay)
{
    socket.setReadBufferSize(4096);
    socket.connectToHost(QHostAddress::LocalHost, relay.port());
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(upgradeRequest);
    if (!QTest::qWaitFor([&] { return relay.hub().connectionCount() == 1; }, timeoutMs))
        return false;
    socket.write(maskedTextFrame("{\"event\":\"relay:subscribe\",\"data\":{\"channel\":\"hose\"}}"));
    return QTest::qWaitFor(
        [&] { return relay.hub().appById(u"my-app")->channels.find(QStringLiteral("hose")) != nullptr; }, timeoutMs);
}

int closeCodeOf(const ServerFrame &frame)
{
    return frame.payload.size() >= 2 ? qFromBigEndian<quint16>(frame.payload.constData()) : -1;
}
} // namespace

class TransportTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oversizedMessageAlwaysGets1009_data()
    {
        QTest::addColumn<int>("kb");
        QTest::newRow("600 KB") << 600;
        QTest::newRow("1 MB") << 1024;
        QTest::newRow("2 MB") << 2048;
    }
    void oversizedMessageAlwaysGets1009()
    {
        QFETCH(int, kb);
        TestRelay relay; // max_frame_kb: 512
        QVERIFY(relay.started());
        const QString message = "{\"event\":\"relay:ping\",\"data\":\"" + QString(kb * 1024, 'x') + "\"}";
        // 100 tries, 10 clients at a time: the client is still sending when the server refuses the message.
        int got1009 = 0;
        for (int round = 0; round < 10; ++round) {
            std::vector<std::unique_ptr<WsClient>> clients;
            for (int i = 0; i < 10; ++i) {
                clients.push_back(std::make_unique<WsClient>());
                QVERIFY(clients.back()->open(relay.ws()));
            }
            for (auto &client : clients)
                client->sendText(message);
            for (auto &client : clients) {
                QVERIFY(client->waitClosed());
                if (client->closeCode() == 1009)
                    ++got1009;
                else
                    qWarning("close code %d", client->closeCode());
            }
        }
        QCOMPARE(got1009, 100);
    }

    void shutdownAlwaysGets4200()
    {
        TestRelay relay;
        std::vector<std::unique_ptr<WsClient>> clients;
        for (int i = 0; i < 100; ++i) {
            clients.push_back(std::make_unique<WsClient>());
            QVERIFY(clients.back()->open(relay.ws()));
            clients.back()->subscribe("news");
        }
        // Traffic in flight while the relay shuts down.
        Http http;
        QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                         { { "channel", "news" }, { "event", "busy" }, { "data", QString(20000, 'y') } })
                     .status,
            200);
        relay.server().shutdown();
        for (auto &client : clients) {
            QVERIFY(client->waitClosed());
            QCOMPARE(client->closeCode(), 4200);
        }
    }

    void silentClientsAlwaysGet4201()
    {
        Relay::RelayConfig config = testConfig();
        config.activityTimeoutSeconds = 1;
        config.pongTimeoutSeconds = 1;
        TestRelay relay(config);
        std::vector<std::unique_ptr<WsClient>> clients;
        for (int i = 0; i < 100; ++i) {
            clients.push_back(std::make_unique<WsClient>());
            QVERIFY(clients.back()->open(relay.ws()));
        }
        for (auto &client : clients) {
            QVERIFY(client->waitClosed(6000));
            QCOMPARE(client->closeCode(), 4201);
        }
    }

    void terminatedUsersAlwaysGet4009()
    {
        TestRelay relay;
        std::vector<std::unique_ptr<WsClient>> clients;
        for (int i = 0; i < 100; ++i) {
            clients.push_back(std::make_unique<WsClient>());
            QVERIFY(clients.back()->open(relay.ws("my-key", "protocol=7")));
            // A sign-in with a wrong signature ends the connection with 4009.
            clients.back()->send({ { "event", "pusher:signin" },
                { "data", QJsonObject { { "auth", "my-key:0000" }, { "user_data", "{\"id\":\"u\"}" } } } });
        }
        for (auto &client : clients) {
            QVERIFY(client->waitClosed());
            QCOMPARE(client->closeCode(), 4009);
        }
    }

    void budgetCountsTheFrameBeingQueued()
    {
        Relay::RelayConfig config = testConfig();
        config.sendBudgetKb = 16;
        TestRelay relay(config);
        WsClient reader;
        QVERIFY(reader.open(relay.ws()));
        reader.subscribe("big");
        Http http;
        // Nothing is unsent, but this one frame alone is over the budget.
        QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                         { { "channel", "big" }, { "event", "huge" }, { "data", QString(20 * 1024, 'z') } })
                     .status,
            200);
        QVERIFY(reader.waitClosed());
        QCOMPARE(reader.closeCode(), 4100);
        QCOMPARE(reader.count("huge"), 0);
    }

    void stalledReaderGetsWholeFramesThenTheCloseCode()
    {
        Relay::RelayConfig config = testConfig();
        config.sendBudgetKb = 256;
        TestRelay relay(config);
        QTcpSocket stalled;
        QVERIFY(subscribeWithoutReading(stalled, relay));

        Http http;
        const QString data(80 * 1024, 'x');
        int published = 0;
        for (; published < 500 && relay.hub().connectionCount() == 1; ++published) {
            QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                             { { "channel", "hose" }, { "event", "big" }, { "data", data } })
                         .status,
                200);
        }
        QTRY_COMPARE_WITH_TIMEOUT(relay.hub().connectionCount(), 0, timeoutMs);
        QVERIFY2(published < 500, "the stalled client was never closed");

        // The client keeps not reading for 3 s (the scenario, not a wait for the server), then reads it all.
        QTest::qWait(3000);
        stalled.setReadBufferSize(0);
        QByteArray stream;
        bool cut = false;
        std::vector<ServerFrame> frames;
        const auto endsWithClose = [&] {
            stream += stalled.readAll();
            frames = serverFrames(stream, &cut);
            return (!frames.empty() && frames.back().opcode == 0x8)
                || stalled.state() == QAbstractSocket::UnconnectedState;
        };
        QTRY_VERIFY_WITH_TIMEOUT(endsWithClose(), timeoutMs);
        QVERIFY2(!cut, "the stream ends inside a frame");
        QVERIFY(!frames.empty());
        QCOMPARE(frames.back().opcode, quint8(0x8));
        QCOMPARE(closeCodeOf(frames.back()), 4100);
        for (size_t i = 0; i + 1 < frames.size(); ++i)
            QCOMPARE(frames[i].opcode, quint8(0x1));
    }

    void backloggedReaderGetsEveryFrameIntactAndInOrder()
    {
        // About 6 MB, more than the kernel buffers of a loopback pair hold by default (tcp_wmem 4 MB): the kernel
        // takes frames in part once the reader's buffers fill, and every byte must still arrive once,
        // in order, whether the kernel or the socket's own buffer took it.
        Relay::RelayConfig config = testConfig();
        config.sendBudgetKb = 64 * 1024;
        TestRelay relay(config);
        QTcpSocket reader;
        QVERIFY(subscribeWithoutReading(reader, relay));

        Http http;
        constexpr int events = 150;
        const auto dataOf = [](int n) {
            return QString::number(n) + QLatin1Char(':') + QString(40000 + n, QLatin1Char(char('a' + n % 26)));
        };
        for (int n = 0; n < events; ++n) {
            QCOMPARE(http.postJson(relay.http("/apps/my-app/events"),
                             { { "channel", "hose" }, { "event", "seq" }, { "data", dataOf(n) } })
                         .status,
                200);
        }
        reader.setReadBufferSize(0);
        QByteArray stream;
        bool cut = false;
        QList<QJsonObject> received; // the "seq" events, after connection_established and the subscription
        const auto allArrived = [&] {
            stream += reader.readAll();
            if (stream.size() < qsizetype(events) * 40000 && reader.state() == QAbstractSocket::ConnectedState)
                return false; // too short to hold them all: not worth splitting yet
            received.clear();
            for (const ServerFrame &frame : serverFrames(stream, &cut)) {
                const QJsonObject object = QJsonDocument::fromJson(frame.payload).object();
                if (object.value("event").toString() == QStringLiteral("seq"))
                    received.append(object);
            }
            return received.size() >= events || reader.state() == QAbstractSocket::UnconnectedState;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allArrived(), 4 * timeoutMs);
        QVERIFY(!cut);
        QCOMPARE(received.size(), events);
        for (int n = 0; n < events; ++n)
            QCOMPARE(received.at(n).value("data").toString(), dataOf(n));
    }

    void frameInTheHandshakeSegmentIsDelivered()
    {
        TestRelay relay;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay.port());
        QVERIFY(socket.waitForConnected(timeoutMs));
        socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        // One write, so one segment: the upgrade request and a subscribe frame right behind it.
        socket.write(
            upgradeRequest + maskedTextFrame("{\"event\":\"relay:subscribe\",\"data\":{\"channel\":\"early\"}}"));
        QByteArray stream;
        // Qt 6.4's QWebSocket decodes frames already buffered while it is being constructed
        // (QWebSocketPrivate::makeConnections), before anyone can listen to it; the transport takes them first.
        QTRY_VERIFY_WITH_TIMEOUT((stream += socket.readAll()).contains("relay:subscription_succeeded"), timeoutMs);
        QVERIFY(stream.contains("\"channel\":\"early\""));
    }

    void serverDestroyedWithFinishedSessionsPending()
    {
        // A session that finished is deleted on a later event-loop pass; destroying the server first must
        // free it without touching anything already gone (run under AddressSanitizer in CI).
        auto relay = std::make_unique<TestRelay>();
        auto *transport = relay->server().findChild<Relay::Transport *>();
        QVERIFY(transport);
        QSignalSpy finished(transport, &Relay::Transport::sessionFinished);
        {
            WsClient client;
            QVERIFY(client.open(relay->ws()));
            client.subscribe("gone");
        }
        QVERIFY(finished.wait(timeoutMs)); // returns at the signal, before the queued deletion runs
        relay.reset();
    }
};

QTEST_GUILESS_MAIN(TransportTest)
#include "tst_transport.moc"
