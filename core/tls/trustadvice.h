// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Relay {

struct TlsInfo;

/// How to make clients trust what the port serves: for the local CA, the commands for the Debian system
/// store, Node (NODE_EXTRA_CA_CERTS) and Chromium/Firefox (the NSS database via certutil); for user files,
/// one line naming them. Empty without TLS. Lines end with '\n'.
QString trustAdvice(const TlsInfo &info);

} // namespace Relay
