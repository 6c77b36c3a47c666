// SPDX-License-Identifier: MIT
#pragma once

#include "target.h"

#include <QJsonObject>

/// A long run with churn, for leaks and for lost, duplicated or reordered deliveries.
namespace Soak {
struct Settings {
    int minutes = 30;
    int subscribers = 600; ///< on `channels` public channels, spread evenly
    int channels = 6;
    int publishesPerSecond = 60; ///< in all, over one keep-alive HTTP connection per channel
    int presenceSockets = 60; ///< joining and leaving one presence channel, `presenceChangesPerSecond` at a time
    int presenceChangesPerSecond = 4;
    int clientEventSockets = 20; ///< on one private channel, each sending a client event a second
    int reconnectPercent = 10; ///< of every kind of socket, every `reconnectEverySeconds`
    int reconnectEverySeconds = 10;
    int rssEverySeconds = 10;
};

/// Runs the soak against `target` and prints as it goes: RSS every `rssEverySeconds`, latency percentiles
/// every minute. Deliveries are checked per continuously connected socket: each channel's publishes carry a
/// sequence number, and each connection must see them in order without gaps or repeats from its first one
/// to the last publish the relay accepted (or until it is closed for the churn).
QJsonObject run(const Target &target, const Settings &settings);
} // namespace Soak
