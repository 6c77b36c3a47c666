// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Relay {

/// The libraries this process runs with, as loaded (not as compiled against).
struct RuntimeVersions {
    QString qt; ///< e.g. "6.4.2"
    QString openssl; ///< e.g. "OpenSSL 3.0.17 1 Jul 2025"
};

RuntimeVersions runtimeVersions();

} // namespace Relay
