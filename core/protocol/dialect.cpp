// SPDX-License-Identifier: MIT
#include "dialect.h"

namespace Relay {

QString eventName(Dialect dialect, ServerEvent event)
{
    const bool pusher = dialect == Dialect::Pusher;
    switch (event) {
    case ServerEvent::ConnectionEstablished:
        return pusher ? QStringLiteral("pusher:connection_established") : QStringLiteral("relay:connection_established");
    case ServerEvent::SubscriptionSucceeded:
        return pusher ? QStringLiteral("pusher_internal:subscription_succeeded")
                      : QStringLiteral("relay:subscription_succeeded");
    case ServerEvent::SubscriptionError:
        return pusher ? QStringLiteral("pusher:subscription_error") : QStringLiteral("relay:error");
    case ServerEvent::MemberAdded:
        return pusher ? QStringLiteral("pusher_internal:member_added") : QStringLiteral("relay:member_added");
    case ServerEvent::MemberRemoved:
        return pusher ? QStringLiteral("pusher_internal:member_removed") : QStringLiteral("relay:member_removed");
    case ServerEvent::Ping:
        return pusher ? QStringLiteral("pusher:ping") : QStringLiteral("relay:ping");
    case ServerEvent::Pong:
        return pusher ? QStringLiteral("pusher:pong") : QStringLiteral("relay:pong");
    case ServerEvent::Error:
        return pusher ? QStringLiteral("pusher:error") : QStringLiteral("relay:error");
    case ServerEvent::SigninSuccess:
        return pusher ? QStringLiteral("pusher:signin_success") : QStringLiteral("relay:signin_success");
    case ServerEvent::CacheMiss:
        return pusher ? QStringLiteral("pusher:cache_miss") : QStringLiteral("relay:cache_miss");
    case ServerEvent::SubscriptionCount:
        return pusher ? QStringLiteral("pusher_internal:subscription_count") : QStringLiteral("relay:subscription_count");
    }
    return {};
}

ClientAction clientActionOf(QStringView name)
{
    if (name.startsWith(u"client-"))
        return ClientAction::ClientEvent;
    QStringView action;
    if (name.startsWith(u"relay:"))
        action = name.mid(6);
    else if (name.startsWith(u"pusher:"))
        action = name.mid(7);
    else
        return ClientAction::Unknown;
    if (action == u"subscribe")
        return ClientAction::Subscribe;
    if (action == u"unsubscribe")
        return ClientAction::Unsubscribe;
    if (action == u"ping")
        return ClientAction::Ping;
    if (action == u"pong")
        return ClientAction::Pong;
    if (action == u"signin")
        return ClientAction::Signin;
    return ClientAction::Unknown;
}

QString dialectName(Dialect dialect)
{
    return dialect == Dialect::Pusher ? QStringLiteral("pusher") : QStringLiteral("relay");
}

} // namespace Relay
