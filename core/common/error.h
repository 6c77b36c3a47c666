// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Relay {

/// Protocol error codes (Pusher's ranges). The WebSocket layer sends them in error frames or close frames;
/// httpStatus() maps them onto HTTP in one place.
enum class ErrorCode : int {
    MalformedFrame = 4000, ///< not JSON, not an object, or a field of the wrong type
    AppNotFound = 4001, ///< unknown app key at connect
    UnknownEvent = 4002, ///< an event name the relay does not handle
    OverConnectionQuota = 4004,
    UnsupportedProtocol = 4007,
    Unauthorized = 4009, ///< subscription auth missing or wrong; client event not allowed
    InvalidChannel = 4010, ///< channel name empty, too long or with characters outside Pusher's set
    PayloadTooLarge = 4011, ///< event data over the app's payload limit
    BinaryFrame = 4012, ///< the protocol is text JSON
    NotSubscribed = 4013, ///< unsubscribe or client event for a channel the socket is not in
    InvalidSocketId = 4014,
    ChannelFull = 4015, ///< presence channel at its member limit
    TooManySubscriptions = 4016, ///< the socket holds its limit of subscriptions
    SlowConsumer = 4100, ///< unsent bytes over the send budget
    ShuttingDown = 4200,
    PongTimeout = 4201,
    RateLimited = 4301,
    // HTTP-only conditions; never sent on a WebSocket.
    BadRequest = 400,
    Unauthenticated = 401,
    Forbidden = 403,
    NotFound = 404,
    MethodNotAllowed = 405,
    RequestTimeout = 408,
    BodyTooLarge = 413,
    HeadersTooLarge = 431,
};

/// An error as a value: a code and a message a person can act on.
struct Error {
    ErrorCode code;
    QString message;
};

/// One-line factories for the codes most errors carry.
inline Error badRequest(QString message)
{
    return Error { ErrorCode::BadRequest, std::move(message) };
}
inline Error malformedFrame(QString message)
{
    return Error { ErrorCode::MalformedFrame, std::move(message) };
}
inline Error unauthenticated(QString message)
{
    return Error { ErrorCode::Unauthenticated, std::move(message) };
}

/// The HTTP status for an error raised while handling an HTTP request.
int httpStatus(ErrorCode code);

} // namespace Relay
