// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Relay {

/// What the inspector shows for a rejected signature: the exact string that was signed and both HMACs.
/// The expected HMAC goes to the local feed only, never to a client.
struct SignatureFailure {
    QString signedString;
    QString expectedHmac;
    QString receivedHmac;
};

} // namespace Relay
