// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>

/// The two-node mode: two relays behind one throw-away redis-server, publish-to-delivery latency and CPU per
/// delivery with the subscribers on the publishing node (same node) and on the other node (cross node),
/// alternating within one run so that both see the same machine.
namespace ClusterBench {
struct Settings {
    int subscribers = 1000;
    int ratePerSecond = 50;
    int durationMs = 5000;
    int rounds = 1; ///< same-node and cross-node measurements each, alternating
};
/// Reports each line through `row(what, value)`; the JSON holds every round and the medians.
QJsonObject run(const QString &binary,
    const QStringList &flags,
    const QProcessEnvironment &environment,
    const Settings &settings,
    const std::function<void(const QString &, const QString &)> &row);
} // namespace ClusterBench
