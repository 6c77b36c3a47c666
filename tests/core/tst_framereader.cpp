// SPDX-License-Identifier: MIT
// The transport's pure wire code: the client frame reader (fed whole and split at every byte), the server
// frame encoder and the UTF-8 check.
#include "transport/framereader.h"
#include "transport/wireframe.h"

#include <QTest>
#include <QtEndian>

using namespace Relay;

namespace {
QByteArray clientFrame(quint8 firstByte, const QByteArray &payload, bool masked = true)
{
    QByteArray frame;
    frame.append(char(firstByte));
    const char maskBit = masked ? char(0x80) : char(0);
    if (payload.size() < 126) {
        frame.append(char(maskBit | payload.size()));
    } else if (payload.size() <= 0xffff) {
        frame.append(char(maskBit | 126));
        uchar length[2];
        qToBigEndian(quint16(payload.size()), length);
        frame.append(reinterpret_cast<const char *>(length), 2);
    } else {
        frame.append(char(maskBit | 127));
        uchar length[8];
        qToBigEndian(quint64(payload.size()), length);
        frame.append(reinterpret_cast<const char *>(length), 8);
    }
    const QByteArray mask("\x37\xfa\x21\x3d", 4);
    if (masked)
        frame.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(masked ? char(payload[i] ^ mask[i % 4]) : payload[i]);
    return frame;
}

/// Every message the reader yields, as "kind:payload" lines, and its fault code (0 for none).
struct Outcome {
    QStringList messages;
    int fault = 0;
};

Outcome readAll(const QList<QByteArrayView> &pieces, qint64 limit)
{
    FrameReader reader(limit);
    Outcome outcome;
    for (QByteArrayView piece : pieces) {
        reader.append(piece);
        while (auto message = reader.next()) {
            static const char *const names[] = { "text", "binary", "ping", "pong", "close" };
            outcome.messages.append(
                QString::fromLatin1(names[int(message->kind)]) + u':' + QString::fromLatin1(message->payload.toHex()));
        }
    }
    outcome.fault = reader.fault() ? reader.fault()->closeCode : 0;
    return outcome;
}
} // namespace

class FrameReaderTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void streams_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QStringList>("messages");
        QTest::addColumn<int>("fault");
        const auto hex = [](const QByteArray &bytes) { return QString::fromLatin1(bytes.toHex()); };
        const QByteArray big(70000, 'b');
        QTest::newRow("text") << clientFrame(0x81, "hello") << QStringList { "text:" + hex("hello") } << 0;
        QTest::newRow("empty text") << clientFrame(0x81, "") << QStringList { "text:" } << 0;
        QTest::newRow("16-bit length") << clientFrame(0x81, QByteArray(300, 'a'))
                                       << QStringList { "text:" + hex(QByteArray(300, 'a')) } << 0;
        QTest::newRow("64-bit length") << clientFrame(0x82, big) << QStringList { "binary:" + hex(big) } << 0;
        QTest::newRow("fragments around a ping")
            << clientFrame(0x01, "hel") + clientFrame(0x89, "p") + clientFrame(0x80, "lo")
            << QStringList { "ping:" + hex("p"), "text:" + hex("hello") } << 0;
        QTest::newRow("close") << clientFrame(0x88, QByteArray("\x03\xe8", 2) + "bye")
                               << QStringList { "close:03e8" + hex("bye") } << 0;
        QTest::newRow("unmasked") << clientFrame(0x81, "x", false) << QStringList {} << 1002;
        QTest::newRow("reserved bit") << clientFrame(0xc1, "x") << QStringList {} << 1002;
        QTest::newRow("unknown opcode") << clientFrame(0x83, "x") << QStringList {} << 1002;
        QTest::newRow("long ping") << clientFrame(0x89, QByteArray(126, 'p')) << QStringList {} << 1002;
        QTest::newRow("fragmented ping") << clientFrame(0x09, "p") << QStringList {} << 1002;
        QTest::newRow("stray continuation") << clientFrame(0x80, "x") << QStringList {} << 1002;
        QTest::newRow("text inside a message")
            << clientFrame(0x01, "a") + clientFrame(0x81, "b") << QStringList {} << 1002;
        QTest::newRow("invalid utf-8") << clientFrame(0x81, "\xc3\x28") << QStringList {} << 1007;
        QTest::newRow("overlong utf-8") << clientFrame(0x81, "\xc0\xaf") << QStringList {} << 1007;
        QTest::newRow("surrogate") << clientFrame(0x81, "\xed\xa0\x80") << QStringList {} << 1007;
        QTest::newRow("4-byte utf-8") << clientFrame(0x81, "\xf0\x9f\x98\x80") << QStringList { "text:f09f9880" } << 0;
        // Over the 1 KB limit: refused from the header, skipped, and the close frame after it still read.
        QTest::newRow("over the limit, then close")
            << clientFrame(0x81, QByteArray(2000, 'o')) + clientFrame(0x88, "\x03\xe8") << QStringList { "close:03e8" }
            << 1009;
        QTest::newRow("fragments over the limit") << clientFrame(0x01, QByteArray(600, 'o'))
                + clientFrame(0x00, QByteArray(600, 'o')) + clientFrame(0x80, "o") + clientFrame(0x81, "after")
                                                  << QStringList {} << 1009;
    }
    void streams()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QStringList, messages);
        QFETCH(int, fault);
        const qint64 limit = QByteArray(QTest::currentDataTag()).contains("64-bit") ? 100000 : 1024;
        const Outcome whole = readAll({ QByteArrayView(stream) }, limit);
        QCOMPARE(whole.messages, messages);
        QCOMPARE(whole.fault, fault);
        if (stream.size() > 3000)
            return; // the split below is quadratic
        for (qsizetype split = 1; split < stream.size(); ++split) {
            const Outcome parts
                = readAll({ QByteArrayView(stream).first(split), QByteArrayView(stream).sliced(split) }, limit);
            QVERIFY2(parts.messages == messages && parts.fault == fault, qPrintable(QString::number(split)));
        }
        QList<QByteArrayView> bytes;
        for (qsizetype i = 0; i < stream.size(); ++i)
            bytes.append(QByteArrayView(stream).sliced(i, 1));
        const Outcome byByte = readAll(bytes, limit);
        QCOMPARE(byByte.messages, messages);
        QCOMPARE(byByte.fault, fault);
    }

    void serverFrames()
    {
        QCOMPARE(WireFrame::text(QByteArrayView("hi")), QByteArray("\x81\x02hi", 4));
        const QByteArray medium = WireFrame::text(QByteArrayView(QByteArray(200, 'm')));
        QCOMPARE(medium.left(4), QByteArray("\x81\x7e\x00\xc8", 4));
        QCOMPARE(medium.size(), 204);
        const QByteArray large = WireFrame::text(QByteArrayView(QByteArray(70000, 'l')));
        QCOMPARE(large.left(2), QByteArray("\x81\x7f", 2));
        QCOMPARE(qFromBigEndian<quint64>(large.constData() + 2), quint64(70000));
        QCOMPARE(WireFrame::close(4100, QStringLiteral("slow")), QByteArray("\x88\x06\x10\x04slow", 8));
        const QByteArray longReason = WireFrame::close(1000, QString(200, QChar(0xe9))); // 2 bytes each in UTF-8
        QVERIFY(longReason.size() <= 127);
        QVERIFY(isValidUtf8(longReason.mid(4)));
        QCOMPARE(WireFrame::pong("abc"),
            QByteArray("\x8a\x03"
                       "abc",
                5));
    }
};

QTEST_GUILESS_MAIN(FrameReaderTest)
#include "tst_framereader.moc"
