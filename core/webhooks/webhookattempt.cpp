// SPDX-License-Identifier: MIT
#include "webhookattempt.h"

namespace Relay {

QString WebhookAttempt::statusText() const
{
    switch (outcome) {
    case Outcome::Delivered:
        return QString::number(httpStatus);
    case Outcome::Overflow:
        return QStringLiteral("dropped: the queue for this URL was full");
    case Outcome::Shutdown:
        return QStringLiteral("dropped: still pending at shutdown");
    case Outcome::WillRetry:
        return error;
    case Outcome::GaveUp:
        break;
    }
    return error + QStringLiteral("; dropped after %1 attempts").arg(attempt);
}

} // namespace Relay
