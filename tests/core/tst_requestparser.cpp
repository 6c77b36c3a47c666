// SPDX-License-Identifier: MIT
// RequestParser: every request, valid or not, gives the same result however its bytes are split.
#include "http/requestparser.h"

#include <QTest>

using namespace Relay;

namespace {
const HttpLimits limits { 1024, 4096, 30000 };

/// What the parser reported, one entry per step, in order: "head" when a body follows, one line per request,
/// "error <status>: <message start>" when it failed, "incomplete" when bytes of a request are still missing.
QStringList outcome(const QList<QByteArrayView> &pieces)
{
    RequestParser parser(limits);
    QStringList steps;
    for (QByteArrayView rest : pieces) {
        while (!rest.isEmpty() && !parser.upgraded()) {
            const RequestParser::Progress progress = parser.feed(rest);
            rest = rest.sliced(progress.consumed);
            if (progress.step == RequestParser::Step::Failed) {
                steps << QStringLiteral("error %1: %2")
                             .arg(httpStatus(parser.error().code))
                             .arg(parser.error().message.left(21));
                return steps;
            }
            if (progress.step == RequestParser::Step::HeadComplete)
                steps << QStringLiteral("head");
            if (progress.step == RequestParser::Step::RequestComplete) {
                const HttpRequest request = parser.takeRequest();
                steps << QString::fromLatin1(request.method + ' ' + request.target + " body=" + request.body
                    + " close=" + QByteArray::number(request.closeAfterResponse)
                    + " upgrade=" + QByteArray::number(request.webSocketUpgrade)
                    + " auth=" + request.header("authorization"));
            }
        }
    }
    if (!parser.betweenRequests() && !parser.upgraded())
        steps << QStringLiteral("incomplete");
    return steps;
}

QByteArray manyHeaders(int count)
{
    QByteArray out = "GET /apps/my-app/channels HTTP/1.1\r\n";
    for (int i = 0; i < count; ++i)
        out += "X-" + QByteArray::number(i) + ": 1\r\n";
    return out + "Authorization: Bearer s\r\n\r\n";
}
} // namespace

class RequestParserTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everySplitGivesTheSameResult_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("GET") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                             << QStringList { "GET /health body= close=0 upgrade=0 auth=" };
        QTest::newRow("POST with Content-Length")
            << QByteArray("POST /apps/a/events HTTP/1.1\r\nAuthorization: Bearer s\r\nContent-Length: 5\r\n\r\nhello")
            << QStringList { "head", "POST /apps/a/events body=hello close=0 upgrade=0 auth=Bearer s" };
        QTest::newRow("chunked with extensions and trailers")
            << QByteArray("POST /e HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5;name=value\r\nhello\r\n6 ; x=\"y\"\r\n world\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n")
            << QStringList { "head", "POST /e body=hello world close=0 upgrade=0 auth=" };
        QTest::newRow("chunked without trailers, uppercase hex")
            << QByteArray("POST /e HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n")
            << QStringList { "head", "POST /e body=0123456789 close=0 upgrade=0 auth=" };
        QTest::newRow("a trailer that looks like the end of a body")
            << QByteArray("POST /e HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n0\r\n\r\n0\r\nX: 0\r\n\r\n"
                          "GET /next HTTP/1.1\r\n\r\n")
            << QStringList { "head", "POST /e body=0\r\n close=0 upgrade=0 auth=", "GET /next body= close=0 upgrade=0 auth=" };
        QTest::newRow("pipelined and keep-alive")
            << QByteArray("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"
                          "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nT: 1\r\n\r\n"
                          "GET /d HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /e HTTP/1.1\r\nConnection: close\r\n\r\n")
            << QStringList { "GET /a body= close=0 upgrade=0 auth=", "head", "POST /b body=hi close=0 upgrade=0 auth=",
                   "head", "POST /c body=ok close=0 upgrade=0 auth=", "GET /d body= close=0 upgrade=0 auth=",
                   "GET /e body= close=1 upgrade=0 auth=" };
        QTest::newRow("empty lines between requests")
            << QByteArray("GET /a HTTP/1.1\r\n\r\n\r\n\r\nGET /b HTTP/1.0\r\n\r\n")
            << QStringList { "GET /a body= close=0 upgrade=0 auth=", "GET /b body= close=1 upgrade=0 auth=" };
        QTest::newRow("upgrade, then WebSocket bytes")
            << QByteArray("GET /app/k HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x85garbage")
            << QStringList { "GET /app/k body= close=0 upgrade=1 auth=" };
        QTest::newRow("more than 100 header lines within the limit")
            << manyHeaders(120).replace("X-", "") // 120 short lines, under 1 KB
            << QStringList { "GET /apps/my-app/channels body= close=0 upgrade=0 auth=Bearer s" };
        QTest::newRow("body split from head, nothing after")
            << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nab")
            << QStringList { "head", "incomplete" };

        QTest::newRow("bare LF ends the head")
            << QByteArray("GET /health HTTP/1.1\nHost: x\n\nGET /health HTTP/1.1\n\n")
            << QStringList { "error 400: request line or heade" };
        QTest::newRow("bare LF on a later header")
            << QByteArray("GET /health HTTP/1.1\r\nHost: x\n\r\n") << QStringList { "error 400: request line or heade" };
        QTest::newRow("NUL in a header value")
            << QByteArray("GET / HTTP/1.1\r\nAuthorization: Bearer a\0b\r\n\r\n", 45)
            << QStringList { "error 400: header value contains" };
        QTest::newRow("head over the limit") << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(1100, 'a') + "\r\n\r\n")
                                             << QStringList { "error 431: request headers are o" };
        QTest::newRow("many header lines over the limit")
            << manyHeaders(200) << QStringList { "error 431: request headers are o" };
        QTest::newRow("Content-Length over the limit")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + QByteArray(5000, 'x'))
            << QStringList { "error 413: request body of 5000 " };
        QTest::newRow("chunked body over the limit")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + QByteArray(2048, 'x')
                + "\r\n801\r\n")
            << QStringList { "head", "error 413: request body is over " };
        QTest::newRow("chunk size not hex")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
            << QStringList { "head", "error 400: malformed chunk size" };
        QTest::newRow("chunk size overflow")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n")
            << QStringList { "head", "error 400: malformed chunk size" };
        QTest::newRow("chunk data without CRLF")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX0\r\n\r\n")
            << QStringList { "head", "error 400: chunk data is not fol" };
        QTest::newRow("malformed trailer")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a trailer\r\n\r\n")
            << QStringList { "head", "error 400: malformed trailer lin" };
        QTest::newRow("trailers over the limit")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + QByteArray(1100, 'a')
                + "\r\n\r\n")
            << QStringList { "head", "error 431: request trailers are " };
        QTest::newRow("bad request after a good one")
            << QByteArray("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/9.9\r\n\r\n")
            << QStringList { "GET /a body= close=0 upgrade=0 auth=", "error 400: unsupported HTTP vers" };
    }
    void everySplitGivesTheSameResult()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        const QByteArrayView all(bytes);
        QCOMPARE(outcome({ all }), expected);
        for (qsizetype split = 1; split < all.size(); ++split) {
            const QStringList steps = outcome({ all.first(split), all.sliced(split) });
            if (steps != expected)
                QFAIL(qPrintable(QStringLiteral("split at %1: %2").arg(split).arg(steps.join(QLatin1String(" | ")))));
        }
        QList<QByteArrayView> bytewise;
        for (qsizetype i = 0; i < all.size(); ++i)
            bytewise.append(all.sliced(i, 1));
        QCOMPARE(outcome(bytewise), expected);
    }

    void headIsReportedBeforeTheBody()
    {
        RequestParser parser(limits);
        const QByteArray head = "POST /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
        const RequestParser::Progress progress = parser.feed(head);
        QCOMPARE(progress.step, RequestParser::Step::HeadComplete);
        QCOMPARE(progress.consumed, head.size());
        QVERIFY(parser.head().expectContinue);
        QCOMPARE(parser.feed("ab").step, RequestParser::Step::NeedMore);
        QCOMPARE(parser.feed("cdGET").step, RequestParser::Step::RequestComplete);
        QCOMPARE(parser.takeRequest().body, QByteArray("abcd"));
    }

    void failedParserStaysFailed()
    {
        RequestParser parser(limits);
        QCOMPARE(parser.feed("GET / HTTP/1.1\n").step, RequestParser::Step::Failed);
        QCOMPARE(parser.feed("GET / HTTP/1.1\r\n\r\n").step, RequestParser::Step::Failed);
    }
};

QTEST_GUILESS_MAIN(RequestParserTest)
#include "tst_requestparser.moc"
