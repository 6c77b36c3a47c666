// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QStringList>

/// What one relaybench run measures and with which sizes (the defaults, or --smoke's small ones).
struct Plan {
    QStringList only; ///< scenario names to run; empty runs all
    bool wants(const char *name) const { return only.isEmpty() || only.contains(QLatin1String(name)); }
    int durationMs = 5000;
    QList<int> fanoutSizes { 1000, 5000 };
    int inFlight = 10;
    int latencySubscribers = 1000;
    int latencyRate = 50;
    int idleConnections = 10000;
    int ceilingSockets = 1000;
    int slowReaderEvents = 3000;
    int tlsConnections = 2000;
    int presenceMembers = 1000;
    int presenceInFlight = 20;
    int rounds = 1;
    int soakMinutes = 30; ///< the soak runs only when named in --only
};
