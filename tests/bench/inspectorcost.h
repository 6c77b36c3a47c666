// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>

/// The window's cost to the relay: the same relaydesk binary headless and with the window open (offscreen
/// platform, a fresh layout with Connections and Presence members shown), measured in one round in alternating
/// order. Two figures per relay: server CPU per delivery of a fan-out, and CPU at rest while idle connections
/// are held and nothing is sent.
namespace InspectorCost {
struct Settings {
    QString binary;
    QStringList flags; ///< relay flags shared by both runs (the config file)
    QProcessEnvironment environment;
    int subscribers = 1000;
    int durationMs = 5000;
    int inFlight = 10;
    int idleConnections = 10000;
    int idleMs = 10000; ///< the window over which CPU at rest is read
};

/// Measures both relays once (headless first in even rounds, the window first in odd ones) and prints a row
/// per figure with the window / headless ratio and the load average.
QJsonObject measureRound(const Settings &settings, int round);
/// True when every scenario of the round completed (CPU figures may still be unknown).
bool succeeded(const QJsonObject &round);
/// Prints and returns the median of each figure and ratio over the rounds.
QJsonObject summarize(const QJsonArray &rounds);
} // namespace InspectorCost
