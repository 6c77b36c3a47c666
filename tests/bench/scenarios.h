// SPDX-License-Identifier: MIT
#pragma once

#include "target.h"

#include <QJsonObject>

/// The benchmark's measurements. Each drives `target` from this process and returns its figures as JSON.
namespace Scenarios {
/// N subscribers on one channel; HTTP publishes with `inFlight` outstanding for `durationMs`.
QJsonObject fanout(const Target &target, int subscribers, int durationMs, int inFlight);
/// A fixed publish rate to N subscribers; publish-to-delivery latency percentiles in ms.
QJsonObject latency(const Target &target, int subscribers, int ratePerSecond, int durationMs);
/// HTTP requests per second (publish with no subscribers, or GET health) over `connections` keep-alive sockets.
QJsonObject httpRate(const Target &target, bool publish, int connections, int durationMs);
/// Opens N idle WebSocket connections: connections per second and relay memory per connection.
QJsonObject idleConnections(const Target &target, int count);
/// One subscriber stops reading while 20 others read on under 300 events/s of 16 KB: the relay's memory
/// over time, and whether the stalled reader was cut off (close 4100) while the others got everything.
QJsonObject slowReader(const Target &target, int events);
/// The load generator's own ceiling: frames per second it can receive from an in-process blaster.
QJsonObject loadGeneratorCeiling(int sockets, int durationMs);
} // namespace Scenarios
