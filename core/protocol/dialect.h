// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

namespace Relay {

/// The names a connection is spoken to in: the spec's `relay:` events, or Pusher protocol 7.
enum class Dialect { Relay, Pusher };

enum class ServerEvent {
    ConnectionEstablished,
    SubscriptionSucceeded,
    SubscriptionError,
    MemberAdded,
    MemberRemoved,
    Ping,
    Pong,
    Error,
    SigninSuccess,
    CacheMiss,
    SubscriptionCount,
};

/// What a client asked for; both `relay:` and `pusher:` prefixes are accepted on every connection.
enum class ClientAction { Subscribe, Unsubscribe, Ping, Pong, Signin, ClientEvent, Unknown };

QString eventName(Dialect dialect, ServerEvent event);
ClientAction clientActionOf(QStringView eventName);
QString dialectName(Dialect dialect);

} // namespace Relay
