// SPDX-License-Identifier: MIT
#include "wireframe.h"

#include <QtEndian>

namespace Relay::WireFrame {

namespace {
    QByteArray frame(quint8 opcode, QByteArrayView payload)
    {
        const qsizetype size = payload.size();
        QByteArray out;
        out.reserve(size + 10);
        out.append(char(0x80 | opcode));
        if (size < 126) {
            out.append(char(size));
        } else if (size <= 0xffff) {
            uchar length[2];
            qToBigEndian(quint16(size), length);
            out.append(char(126)).append(reinterpret_cast<const char *>(length), 2);
        } else {
            uchar length[8];
            qToBigEndian(quint64(size), length);
            out.append(char(127)).append(reinterpret_cast<const char *>(length), 8);
        }
        out.append(payload);
        return out;
    }
} // namespace

QByteArray text(QByteArrayView utf8Payload)
{
    return frame(0x1, utf8Payload);
}

QByteArray close(int code, const QString &reason)
{
    QByteArray utf8 = reason.toUtf8();
    if (utf8.size() > 123) {
        utf8.truncate(123);
        while (!utf8.isEmpty() && (quint8(utf8.back()) & 0xc0) == 0x80) // never cut a character in two
            utf8.chop(1);
        if (!utf8.isEmpty() && quint8(utf8.back()) >= 0xc0)
            utf8.chop(1);
    }
    uchar payload[125];
    qToBigEndian(quint16(code), payload);
    memcpy(payload + 2, utf8.constData(), size_t(utf8.size()));
    return frame(0x8, QByteArrayView(reinterpret_cast<const char *>(payload), 2 + utf8.size()));
}

QByteArray pong(QByteArrayView payload)
{
    return frame(0xA, payload.first(qMin<qsizetype>(payload.size(), 125)));
}

} // namespace Relay::WireFrame
