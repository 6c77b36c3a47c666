// SPDX-License-Identifier: MIT
// The relaydesk process out of file descriptors: connections over what it can hold are refused at once (closed,
// never left waiting in the backlog) with a log line, a keep-alive connection already open keeps being served,
// and accepting resumes once descriptors are free again.
#include "relaytestkit.h"
#include "runningrelay.h"

#include <QDir>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <sys/resource.h>

#include <memory>
#include <vector>

using namespace RelayTest;

namespace {
constexpr rlim_t relayDescriptorLimit = 64;
/// Generous: the machine running the suites is often busy. A refusal that works takes milliseconds.
constexpr int settleMs = 30000;

const QByteArray healthRequest = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
const QByteArray upgradeRequest = "GET /app/my-key HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                  "Sec-WebSocket-Version: 13\r\n\r\n";

/// How many of the descriptor numbers the limit allows are open in process `pid` (it may also hold descriptors
/// with higher numbers, inherited from the test's own parent).
int openDescriptors(qint64 pid)
{
    int open = 0;
    const QDir table(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QString &entry : table.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot))
        open += entry.toULongLong() < relayDescriptorLimit ? 1 : 0;
    return open;
}

/// One whole HTTP answer (head and Content-Length body) at the front of `bytes`, or empty.
QByteArray wholeAnswer(const QByteArray &bytes)
{
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return {};
    const QRegularExpressionMatch length = QRegularExpression(QStringLiteral("(?i)\r\ncontent-length: *(\\d+)"))
                                               .match(QString::fromLatin1(bytes.left(headEnd)));
    const qsizetype size = headEnd + 4 + (length.hasMatch() ? length.captured(1).toLongLong() : 0);
    return bytes.size() >= size ? bytes.left(size) : QByteArray();
}

/// Asks /health on an open keep-alive connection; the status line of the answer, or empty on timeout.
QByteArray askHealth(QTcpSocket &socket, QByteArray &buffer)
{
    buffer.clear();
    socket.write(healthRequest);
    QTest::qWaitFor(
        [&] {
            buffer += socket.readAll();
            return !wholeAnswer(buffer).isEmpty() || socket.state() != QAbstractSocket::ConnectedState;
        },
        settleMs);
    const QByteArray answer = wholeAnswer(buffer);
    return answer.left(answer.indexOf("\r\n"));
}

/// The sum of N over the relay's "refused N new connection(s): the process is out of file descriptors" lines.
int refusalsLogged(const QByteArray &errors)
{
    int sum = 0;
    const QRegularExpression line(
        QStringLiteral("refused (\\d+) new connection\\(s\\): the process is out of file descriptors"));
    for (QRegularExpressionMatchIterator it = line.globalMatch(QString::fromUtf8(errors)); it.hasNext();)
        sum += it.next().captured(1).toInt();
    return sum;
}
} // namespace

class DescriptorsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refusedWhenOutOfDescriptors_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("accepted");
        QTest::addColumn<int>("clients");
        // A 64-descriptor relay holds about 55 connections; 80 to 100 is where a helper saw it stall.
        QTest::newRow("HTTP, 90") << healthRequest << QByteArray("HTTP/1.1 200") << 90;
        QTest::newRow("WebSocket, 90") << upgradeRequest << QByteArray("HTTP/1.1 101") << 90;
        QTest::newRow("HTTP, 300") << healthRequest << QByteArray("HTTP/1.1 200") << 300;
    }

    void refusedWhenOutOfDescriptors()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, accepted);
        QFETCH(int, clients);
        RunningRelay relay;
        relay.inChild = [] {
            const rlimit limit { relayDescriptorLimit, relayDescriptorLimit };
            setrlimit(RLIMIT_NOFILE, &limit);
        };
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("RELAY_HTTP_TIMEOUT", "120"); // the keeper idles while the crowd gathers
        QVERIFY(relay.start({}, environment));
        const qint64 pid = relay.process.processId();
        QByteArray errors;
        const auto readErrors = [&] {
            errors += relay.process.readAllStandardError();
            return errors;
        };

        // Accepted before the crowd: it must keep being answered throughout.
        QTcpSocket keeper;
        QByteArray keeperBuffer;
        keeper.connectToHost(QHostAddress::LocalHost, relay.port);
        QVERIFY(keeper.waitForConnected(timeoutMs));
        QCOMPARE(askHealth(keeper, keeperBuffer), QByteArray("HTTP/1.1 200 OK"));

        std::vector<std::unique_ptr<QTcpSocket>> crowd;
        for (int i = 0; i < clients; ++i) {
            auto client = std::make_unique<QTcpSocket>();
            client->connectToHost(QHostAddress::LocalHost, relay.port);
            client->write(request); // buffered until connected
            crowd.push_back(std::move(client));
        }
        int answered = 0;
        int refused = 0;
        int waiting = 0;
        const auto tally = [&] {
            answered = refused = waiting = 0;
            for (const auto &client : crowd) {
                if (client->bytesAvailable() > 0)
                    answered += client->peek(accepted.size()) == accepted ? 1 : 0;
                else if (client->state() == QAbstractSocket::UnconnectedState)
                    ++refused;
                else
                    ++waiting;
            }
            return answered + refused == clients;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(tally(),
            qPrintable(QStringLiteral("%1 answered, %2 refused, %3 left waiting; the relay holds %4 descriptors")
                           .arg(answered)
                           .arg(refused)
                           .arg(waiting)
                           .arg(openDescriptors(pid))),
            settleMs);
        QVERIFY2(refused > 0, "the relay was never out of descriptors: raise the number of clients");
        QVERIFY2(answered > int(relayDescriptorLimit) / 2, qPrintable(QString::number(answered)));
        QCOMPARE(openDescriptors(pid), int(relayDescriptorLimit));
        QCOMPARE(askHealth(keeper, keeperBuffer), QByteArray("HTTP/1.1 200 OK"));
        // At most one line a second, counting every refusal.
        QTRY_COMPARE_WITH_TIMEOUT(refusalsLogged(readErrors()), refused, settleMs);

        crowd.clear();
        QTcpSocket late;
        QByteArray lateBuffer;
        const auto lateAnswered = [&] {
            late.abort();
            late.connectToHost(QHostAddress::LocalHost, relay.port);
            return late.waitForConnected(timeoutMs) && askHealth(late, lateBuffer) == "HTTP/1.1 200 OK";
        };
        QTRY_VERIFY_WITH_TIMEOUT(lateAnswered(), settleMs);
        QCOMPARE(askHealth(keeper, keeperBuffer), QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(refusalsLogged(readErrors()), refused); // nothing refused once descriptors were free
        relay.process.terminate();
        QVERIFY(relay.process.waitForFinished(timeoutMs));
        QCOMPARE(relay.process.exitStatus(), QProcess::NormalExit);
    }
};

QTEST_GUILESS_MAIN(DescriptorsTest)
#include "tst_descriptors.moc"
