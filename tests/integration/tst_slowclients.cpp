// SPDX-License-Identifier: MIT
// Slow and numerous HTTP clients: a request head has a deadline that trickled bytes do not extend, plain HTTP
// connections count towards max_http_connections (503 past it, WebSockets not counted), and the relay answers
// others while its HTTP slots are taken.
#include "relaytestkit.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace RelayTest;

namespace {
QByteArray readUntil(QTcpSocket &socket, const QByteArray &needle, int waitMs = timeoutMs)
{
    QByteArray received;
    (void)QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return received.contains(needle) || socket.state() != QAbstractSocket::ConnectedState;
        },
        waitMs);
    return received + socket.readAll();
}

int statusOf(const QByteArray &response)
{
    return response.startsWith("HTTP/1.1 ") ? response.mid(9, 3).toInt() : 0;
}

std::unique_ptr<QTcpSocket> connected(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    return socket->waitForConnected(timeoutMs) ? std::move(socket) : nullptr;
}

/// A keep-alive connection that has had one request answered, so the relay holds it.
std::unique_ptr<QTcpSocket> heldConnection(quint16 port)
{
    auto socket = connected(port);
    if (!socket)
        return nullptr;
    socket->write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    return statusOf(readUntil(*socket, "{\"status\":\"ok\"}")) == 200 ? std::move(socket) : nullptr;
}

const QByteArray health = "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
} // namespace

class TestSlowClients : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trickledHeadHitsItsDeadline()
    {
        Relay::RelayConfig config = testConfig();
        config.httpHeadTimeoutSeconds = 1;
        config.httpTimeoutSeconds = 30; // the idle timer alone would never fire: a byte arrives every 200 ms
        TestRelay relay(config);
        QVERIFY(relay.started());
        auto socket = connected(relay.port());
        QVERIFY(socket);
        socket->write("GET /health HTTP/1.1\r\nHost: localhost\r\n");
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, socket.get(), [&] { socket->write("X"); });
        trickle.start(200);
        QElapsedTimer timer;
        timer.start();
        const QByteArray response = readUntil(*socket, "}", 8000);
        QCOMPARE(statusOf(response), 408);
        QVERIFY2(response.contains("headers did not arrive completely within 1 s"), response.constData());
        QVERIFY(timer.elapsed() >= 900);
        QVERIFY2(timer.elapsed() < 6000, QByteArray::number(timer.elapsed()).constData());
    }

    void aSlowBodyStillGetsTheIdleTimer()
    {
        Relay::RelayConfig config = testConfig();
        config.httpHeadTimeoutSeconds = 1;
        config.httpTimeoutSeconds = 3;
        TestRelay relay(config);
        QVERIFY(relay.started());
        auto socket = connected(relay.port());
        QVERIFY(socket);
        // The head is complete at once; the body arrives over 1.6 s, longer than the head deadline.
        const QByteArray body = "{\"socket_id\":\"1.2\",\"channel_name\":\"private-x\"}";
        socket->write("POST /apps/my-app/auth HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                      "Content-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n");
        int sent = 0;
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, socket.get(), [&] {
            if (sent < body.size())
                socket->write(body.mid(sent++, 1));
        });
        trickle.start(35);
        QCOMPARE(statusOf(readUntil(*socket, "}", 10000)), 200);
    }

    void httpConnectionsAreCounted()
    {
        Relay::RelayConfig config = testConfig();
        config.maxHttpConnections = 4;
        TestRelay relay(config);
        QVERIFY(relay.started());
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(heldConnection(relay.port()));
            QVERIFY(held.back());
        }
        const QByteArray refused = rawExchange(relay.port(), health);
        QCOMPARE(statusOf(refused), 503);
        QVERIFY2(refused.contains("too many HTTP connections"), refused.constData());
        // Connections already open keep being served.
        held.front()->write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(statusOf(readUntil(*held.front(), "{\"status\":\"ok\"}")), 200);
        held.pop_back();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rawExchange(relay.port(), health)), 200, timeoutMs);
    }

    void webSocketsDoNotTakeHttpSlots()
    {
        Relay::RelayConfig config = testConfig();
        config.maxHttpConnections = 2;
        TestRelay relay(config);
        QVERIFY(relay.started());
        std::vector<std::unique_ptr<WsClient>> clients;
        for (int i = 0; i < 5; ++i) {
            clients.push_back(std::make_unique<WsClient>());
            QVERIFY(clients.back()->open(relay.ws()));
        }
        QCOMPARE(statusOf(rawExchange(relay.port(), health)), 200);
    }

    void slowlorisDoesNotLockOthersOut()
    {
        Relay::RelayConfig config = testConfig();
        config.httpHeadTimeoutSeconds = 1;
        config.maxHttpConnections = 20;
        TestRelay relay(config);
        QVERIFY(relay.started());
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 20; ++i) {
            slow.push_back(connected(relay.port()));
            QVERIFY(slow.back());
            slow.back()->write("GET /health HTTP/1.1\r\n");
        }
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, this, [&] {
            for (auto &socket : slow) {
                if (socket->state() == QAbstractSocket::ConnectedState)
                    socket->write("X");
            }
        });
        trickle.start(200);
        // Every slot taken: refused at once rather than left waiting; once the deadline passes, served again.
        QElapsedTimer timer;
        timer.start();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rawExchange(relay.port(), health, 2000)), 200, 8000);
        QVERIFY2(timer.elapsed() < 8000, QByteArray::number(timer.elapsed()).constData());
    }
};

QTEST_MAIN(TestSlowClients)
#include "tst_slowclients.moc"
