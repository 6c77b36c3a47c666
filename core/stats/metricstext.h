// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

namespace Relay {

class Hub;
class Session;

/// GET /metrics: the hub's counters, its RelayMetrics, the live sessions' traffic and the process figures in
/// the Prometheus text format. Per-app families carry `app_id`, one sample per configured app. Names follow
/// soketi's where the meaning is the same. Call in the relay's thread.
QByteArray metricsText(Hub &hub, const QList<Session *> &sessions);

inline constexpr QByteArrayView metricsContentType = "text/plain; version=0.0.4; charset=utf-8";

} // namespace Relay
