// SPDX-License-Identifier: MIT
// parseRequestHead: request line, versions and keep-alive, body framing headers, WebSocket upgrade detection.
#include "http/requesthead.h"

#include <QTest>

using namespace Relay;

namespace {
/// A head as the connection guard passes it: CRLF-separated lines without the final empty line.
QByteArray head(const QByteArray &requestLine, const QByteArrayList &headers = {})
{
    QByteArray out = requestLine;
    for (const QByteArray &header : headers)
        out += "\r\n" + header;
    return out;
}
} // namespace

class RequestHeadTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void valid_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("minorVersion");
        QTest::addColumn<bool>("close");

        QTest::newRow("GET") << head("GET /health HTTP/1.1", { "Host: localhost" }) << QByteArray("GET")
                             << QByteArray("/health") << 1 << false;
        QTest::newRow("POST with query") << head("POST /apps/my-app/events?x=1 HTTP/1.1", { "Content-Length: 2" })
                                         << QByteArray("POST") << QByteArray("/apps/my-app/events?x=1") << 1 << false;
        QTest::newRow("no headers at all")
            << head("GET / HTTP/1.1") << QByteArray("GET") << QByteArray("/") << 1 << false;
        QTest::newRow("lowercase method is a token")
            << head("get /health HTTP/1.1") << QByteArray("get") << QByteArray("/health") << 1 << false;
        QTest::newRow("extension method")
            << head("PURGE /x HTTP/1.1") << QByteArray("PURGE") << QByteArray("/x") << 1 << false;
        QTest::newRow("asterisk target") << head("OPTIONS * HTTP/1.1") << QByteArray("OPTIONS") << QByteArray("*") << 1
                                         << false;
        QTest::newRow("absolute target") << head("GET http://localhost:6001/health HTTP/1.1") << QByteArray("GET")
                                         << QByteArray("http://localhost:6001/health") << 1 << false;
        QTest::newRow("percent-encoded target") << head("GET /apps/a/channels/a%2Fb HTTP/1.1") << QByteArray("GET")
                                                << QByteArray("/apps/a/channels/a%2Fb") << 1 << false;

        QTest::newRow("HTTP/1.0 closes") << head("GET /health HTTP/1.0") << QByteArray("GET") << QByteArray("/health")
                                         << 0 << true;
        QTest::newRow("HTTP/1.0 keep-alive stays") << head("GET /health HTTP/1.0", { "Connection: keep-alive" })
                                                   << QByteArray("GET") << QByteArray("/health") << 0 << false;
        QTest::newRow("HTTP/1.0 Keep-Alive any case") << head("GET /health HTTP/1.0", { "connection: Keep-Alive" })
                                                      << QByteArray("GET") << QByteArray("/health") << 0 << false;
        QTest::newRow("HTTP/1.0 keep-alive and close")
            << head("GET /health HTTP/1.0", { "Connection: keep-alive, close" }) << QByteArray("GET")
            << QByteArray("/health") << 0 << true;
        QTest::newRow("HTTP/1.1 Connection: close") << head("GET /health HTTP/1.1", { "Connection: close" })
                                                    << QByteArray("GET") << QByteArray("/health") << 1 << true;
        QTest::newRow("HTTP/1.1 CLOSE any case") << head("GET /health HTTP/1.1", { "CONNECTION:CLOSE" })
                                                 << QByteArray("GET") << QByteArray("/health") << 1 << true;
        QTest::newRow("close among tokens") << head("GET /health HTTP/1.1", { "Connection: foo, close , bar" })
                                            << QByteArray("GET") << QByteArray("/health") << 1 << true;
        QTest::newRow("close in a second header")
            << head("GET /health HTTP/1.1", { "Connection: keep-alive", "Connection: close" }) << QByteArray("GET")
            << QByteArray("/health") << 1 << true;
        QTest::newRow("closed is not close") << head("GET /health HTTP/1.1", { "Connection: closed" })
                                             << QByteArray("GET") << QByteArray("/health") << 1 << false;
        QTest::newRow("header value whitespace") << head("GET /health HTTP/1.1", { "Connection: \t close \t" })
                                                 << QByteArray("GET") << QByteArray("/health") << 1 << true;
    }
    void valid()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(int, minorVersion);
        QFETCH(bool, close);
        const Result<HttpRequest> parsed = parseRequestHead(text);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
        QCOMPARE(parsed->method, method);
        QCOMPARE(parsed->target, target);
        QCOMPARE(parsed->minorVersion, minorVersion);
        QCOMPARE(parsed->closeAfterResponse, close);
        QCOMPARE(parsed->contentLength, qint64(text.contains("Content-Length: 2") ? 2 : 0));
        QVERIFY(!parsed->chunked);
        QVERIFY(!parsed->expectContinue);
        QVERIFY(!parsed->webSocketUpgrade);
    }

    void body_data()
    {
        QTest::addColumn<QByteArrayList>("headers");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("length");
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<bool>("expectContinue");

        QTest::newRow("no body") << QByteArrayList {} << true << qint64(0) << false << false;
        QTest::newRow("length") << QByteArrayList { "Content-Length: 42" } << true << qint64(42) << false << false;
        QTest::newRow("length zero") << QByteArrayList { "Content-Length: 0" } << true << qint64(0) << false << false;
        QTest::newRow("lowercase name") << QByteArrayList { "content-length:7" } << true << qint64(7) << false << false;
        QTest::newRow("large length") << QByteArrayList { "Content-Length: 10000000000" } << true << qint64(10000000000)
                                      << false << false;
        QTest::newRow("equal duplicates")
            << QByteArrayList { "Content-Length: 5", "Content-Length: 5" } << true << qint64(5) << false << false;
        QTest::newRow("chunked") << QByteArrayList { "Transfer-Encoding: chunked" } << true << qint64(0) << true
                                 << false;
        QTest::newRow("gzip, chunked") << QByteArrayList { "Transfer-Encoding: gzip, Chunked" } << true << qint64(0)
                                       << true << false;
        QTest::newRow("length with spaces around")
            << QByteArrayList { "Content-Length:   9  " } << true << qint64(9) << false << false;
        QTest::newRow("gzip header then chunked header")
            << QByteArrayList { "Transfer-Encoding: gzip", "Transfer-Encoding: chunked" } << true << qint64(0) << true
            << false;
        QTest::newRow("expect 100-continue")
            << QByteArrayList { "Content-Length: 3", "Expect: 100-continue" } << true << qint64(3) << false << true;
        QTest::newRow("expect any case") << QByteArrayList { "expect: 100-Continue" } << true << qint64(0) << false
                                         << true;
        QTest::newRow("other expectation")
            << QByteArrayList { "Expect: something" } << true << qint64(0) << false << false;

        QTest::newRow("length not a number")
            << QByteArrayList { "Content-Length: abc" } << false << qint64(0) << false << false;
        QTest::newRow("length empty") << QByteArrayList { "Content-Length:" } << false << qint64(0) << false << false;
        QTest::newRow("length negative") << QByteArrayList { "Content-Length: -1" } << false << qint64(0) << false
                                         << false;
        QTest::newRow("length with junk")
            << QByteArrayList { "Content-Length: 12abc" } << false << qint64(0) << false << false;
        QTest::newRow("length list") << QByteArrayList { "Content-Length: 5, 5" } << false << qint64(0) << false
                                     << false;
        QTest::newRow("length overflow") << QByteArrayList { "Content-Length: 99999999999999999999" } << false
                                         << qint64(0) << false << false;
        QTest::newRow("length with plus sign")
            << QByteArrayList { "Content-Length: +5" } << false << qint64(0) << false << false;
        QTest::newRow("length in hex") << QByteArrayList { "Content-Length: 0x10" } << false << qint64(0) << false
                                       << false;
        QTest::newRow("length with inner space")
            << QByteArrayList { "Content-Length: 1 2" } << false << qint64(0) << false << false;
        QTest::newRow("gzip only") << QByteArrayList { "Transfer-Encoding: gzip" } << false << qint64(0) << false
                                   << false;
        QTest::newRow("chunked not last")
            << QByteArrayList { "Transfer-Encoding: chunked, gzip" } << false << qint64(0) << false << false;
        QTest::newRow("chunked then gzip header")
            << QByteArrayList { "Transfer-Encoding: chunked", "Transfer-Encoding: gzip" } << false << qint64(0) << false
            << false;
        QTest::newRow("empty transfer-encoding")
            << QByteArrayList { "Transfer-Encoding:" } << false << qint64(0) << false << false;
        QTest::newRow("conflicting duplicates")
            << QByteArrayList { "Content-Length: 5", "Content-Length: 6" } << false << qint64(0) << false << false;
        QTest::newRow("length and chunked") << QByteArrayList { "Content-Length: 5", "Transfer-Encoding: chunked" }
                                            << false << qint64(0) << false << false;
        QTest::newRow("chunked and length") << QByteArrayList { "Transfer-Encoding: chunked", "Content-Length: 0" }
                                            << false << qint64(0) << false << false;
    }
    void body()
    {
        QFETCH(QByteArrayList, headers);
        QFETCH(bool, ok);
        QFETCH(qint64, length);
        QFETCH(bool, chunked);
        QFETCH(bool, expectContinue);
        const Result<HttpRequest> parsed = parseRequestHead(head("POST /apps/my-app/events HTTP/1.1", headers));
        QCOMPARE(parsed.ok(), ok);
        if (!ok) {
            QCOMPARE(parsed.error().code, ErrorCode::BadRequest);
            QVERIFY(!parsed.error().message.isEmpty());
            return;
        }
        QCOMPARE(parsed->contentLength, length);
        QCOMPARE(parsed->chunked, chunked);
        QCOMPARE(parsed->expectContinue, expectContinue);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("empty") << QByteArray() << "request line";
        QTest::newRow("two parts") << head("GET /health") << "request line";
        QTest::newRow("one part") << head("GET") << "request line";
        QTest::newRow("four parts") << head("GET /a b HTTP/1.1") << "request line";
        QTest::newRow("double space") << head("GET  /health HTTP/1.1") << "request line";
        QTest::newRow("leading space") << head(" GET /health HTTP/1.1") << "request line";
        QTest::newRow("trailing space") << head("GET /health HTTP/1.1 ") << "request line";
        QTest::newRow("missing version") << head("GET /health ") << "version";
        QTest::newRow("method with slash") << head("GE/T /health HTTP/1.1") << "request line";
        QTest::newRow("method with colon") << head("GET: /health HTTP/1.1") << "request line";
        QTest::newRow("HTTP/2.0") << head("GET /health HTTP/2.0") << "version";
        QTest::newRow("HTTP/0.9") << head("GET /health HTTP/0.9") << "version";
        QTest::newRow("HTTP/1.2") << head("GET /health HTTP/1.2") << "version";
        QTest::newRow("lowercase version") << head("GET /health http/1.1") << "version";
        QTest::newRow("not http") << head("GET /health FTP/1.1") << "version";
        QTest::newRow("relative target") << head("GET health HTTP/1.1") << "target";
        QTest::newRow("https target") << head("GET https://x/health HTTP/1.1") << "target";
        QTest::newRow("control char in target") << head(QByteArray("GET /a\x01"
                                                                   "b HTTP/1.1"))
                                                << "control";
        QTest::newRow("DEL in target") << head(QByteArray("GET /a\x7f"
                                                          "b HTTP/1.1"))
                                       << "control";
        QTest::newRow("header without colon") << head("GET / HTTP/1.1", { "Host localhost" }) << "header";
        QTest::newRow("header with empty name") << head("GET / HTTP/1.1", { ": value" }) << "header";
        QTest::newRow("space before colon") << head("GET / HTTP/1.1", { "Host : localhost" }) << "header";
        QTest::newRow("obsolete line folding") << head("GET / HTTP/1.1", { "X-A: 1", " continued" }) << "header";
        QTest::newRow("bad header after good") << head("GET / HTTP/1.1", { "Host: x", "Bad Header: y" }) << "header";
        QTest::newRow("bare LF line ends") << QByteArray("GET /stats HTTP/1.1\nHost: x\nConnection: close") << "bare LF";
        QTest::newRow("bare LF after a header") << QByteArray("GET /stats HTTP/1.1\r\nHost: x\nConnection: close")
                                                << "bare LF";
        QTest::newRow("NUL in a header value") << head("GET / HTTP/1.1", { QByteArray("Authorization: Bearer a\0b", 25) })
                                               << "control characters";
        QTest::newRow("CR inside a header value") << head("GET / HTTP/1.1", { "X-A: a\rb" }) << "control characters";
    }
    void malformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, messagePart);
        const Result<HttpRequest> parsed = parseRequestHead(text);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, ErrorCode::BadRequest);
        QVERIFY2(parsed.error().message.contains(messagePart), qPrintable(parsed.error().message));
    }

    void upgrade_data()
    {
        QTest::addColumn<QByteArrayList>("headers");
        QTest::addColumn<bool>("upgrade");
        QTest::newRow("standard") << QByteArrayList { "Connection: Upgrade", "Upgrade: websocket" } << true;
        QTest::newRow("reverse order") << QByteArrayList { "Upgrade: websocket", "Connection: Upgrade" } << true;
        QTest::newRow("any case") << QByteArrayList { "connection: upgrade", "upgrade: WebSocket" } << true;
        QTest::newRow("firefox token list")
            << QByteArrayList { "Connection: keep-alive, Upgrade", "Upgrade: websocket" } << true;
        QTest::newRow("other headers between")
            << QByteArrayList { "Upgrade: websocket", "Host: x", "Sec-WebSocket-Version: 13", "Connection: Upgrade" }
            << true;
        QTest::newRow("no Connection") << QByteArrayList { "Upgrade: websocket" } << false;
        QTest::newRow("no Upgrade") << QByteArrayList { "Connection: Upgrade" } << false;
        QTest::newRow("upgrade to h2c") << QByteArrayList { "Connection: Upgrade", "Upgrade: h2c" } << false;
        QTest::newRow("Connection without upgrade token")
            << QByteArrayList { "Connection: keep-alive", "Upgrade: websocket" } << false;
        QTest::newRow("neither") << QByteArrayList { "Host: x" } << false;
    }
    void upgrade()
    {
        QFETCH(QByteArrayList, headers);
        QFETCH(bool, upgrade);
        const Result<HttpRequest> parsed = parseRequestHead(head("GET /app/my-key HTTP/1.1", headers));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->webSocketUpgrade, upgrade);
        QVERIFY(!parsed->closeAfterResponse);
    }
};

QTEST_GUILESS_MAIN(RequestHeadTest)
#include "tst_requesthead.moc"
