// SPDX-License-Identifier: MIT
#include "brokermessage.h"

#include <QDataStream>
#include <QIODevice>

namespace Relay {

namespace {
    constexpr quint8 wireVersion = 2; // 2: origin
}

QByteArray BrokerMessage::serialize() const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << wireVersion << quint8(kind) << node << appId << channel << event << data << userIdJson << socketId << userId
        << count << origin;
    return bytes;
}

std::optional<BrokerMessage> BrokerMessage::parse(const QByteArray &bytes)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint8 version = 0;
    quint8 kind = 0;
    in >> version;
    if (version != wireVersion)
        return std::nullopt;
    BrokerMessage message;
    in >> kind >> message.node >> message.appId >> message.channel >> message.event >> message.data
        >> message.userIdJson >> message.socketId >> message.userId >> message.count >> message.origin;
    if (in.status() != QDataStream::Ok || kind < 1 || kind > quint8(Kind::Snapshot))
        return std::nullopt;
    message.kind = Kind(kind);
    return message;
}

} // namespace Relay
