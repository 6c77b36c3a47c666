// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace Relay {

/// This process's resource figures, read from /proc/self (Linux). A figure that cannot be read is -1.
struct ProcessStats {
    double cpuSeconds = -1; ///< user + system
    qint64 residentBytes = -1;
    qint64 virtualBytes = -1;
    qint64 openFds = -1;
    qint64 maxFds = -1; ///< the soft limit
    double startTimeSeconds = -1; ///< since the Unix epoch
};

ProcessStats readProcessStats();

} // namespace Relay
