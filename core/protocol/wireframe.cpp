// SPDX-License-Identifier: MIT
#include "wireframe.h"

#include <QtEndian>

namespace Relay {

QByteArray webSocketTextFrame(QByteArrayView utf8Payload)
{
    const qsizetype size = utf8Payload.size();
    QByteArray frame;
    frame.reserve(size + 10);
    frame.append(char(0x81));
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xffff) {
        uchar length[2];
        qToBigEndian(quint16(size), length);
        frame.append(char(126)).append(reinterpret_cast<const char *>(length), 2);
    } else {
        uchar length[8];
        qToBigEndian(quint64(size), length);
        frame.append(char(127)).append(reinterpret_cast<const char *>(length), 8);
    }
    frame.append(utf8Payload);
    return frame;
}

} // namespace Relay
