// SPDX-License-Identifier: MIT
#pragma once

#include "target.h"

#include <QJsonObject>

/// The benchmark's measurements. Each drives `target` from this process and returns its figures as JSON.
namespace Scenarios {
/// N subscribers on one channel; HTTP publishes with `inFlight` outstanding for `durationMs`.
QJsonObject fanout(const Target &target, int subscribers, int durationMs, int inFlight);
/// A fixed publish rate to N subscribers; publish-to-delivery latency percentiles in ms.
/// With `publisher`, publishes go to that relay (another node of target's cluster) and CPU is both processes'.
QJsonObject latency(
    const Target &target, int subscribers, int ratePerSecond, int durationMs, const Target *publisher = nullptr);
enum class HttpRequestKind { PublishSigned, PublishBearer, Health };
/// HTTP requests per second (publish with no subscribers, or GET health) over `connections` keep-alive sockets,
/// and the relay's CPU per request.
QJsonObject httpRate(const Target &target, HttpRequestKind kind, int connections, int durationMs);
/// `members` sockets join one presence channel, each as its own user, `inFlight` joins outstanding at a time:
/// the relay's CPU and the wall time until every roster and member_added frame arrived.
QJsonObject presenceStorm(const Target &target, int members, int inFlight);
/// Opens N idle WebSocket connections: connections per second and relay memory per connection.
QJsonObject idleConnections(const Target &target, int count);
/// One subscriber stops reading while 20 others read on under 300 events/s of 16 KB: the relay's memory
/// over time, and whether the stalled reader was cut off (close 4100) while the others got everything.
QJsonObject slowReader(const Target &target, int events);
/// The load generator's own ceiling: frames per second it can receive from an in-process blaster.
QJsonObject loadGeneratorCeiling(int sockets, int durationMs);
} // namespace Scenarios
