// SPDX-License-Identifier: MIT
#include "error.h"

namespace Relay {

int httpStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Unauthenticated:
    case ErrorCode::Unauthorized:
        return 401;
    case ErrorCode::Forbidden:
        return 403;
    case ErrorCode::AppNotFound:
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::MethodNotAllowed:
        return 405;
    case ErrorCode::RequestTimeout:
        return 408;
    case ErrorCode::PayloadTooLarge:
    case ErrorCode::BodyTooLarge:
        return 413;
    case ErrorCode::HeadersTooLarge:
        return 431;
    case ErrorCode::RateLimited:
        return 429;
    case ErrorCode::OverConnectionQuota:
    case ErrorCode::ShuttingDown:
        return 503;
    default:
        return 400;
    }
}

} // namespace Relay
