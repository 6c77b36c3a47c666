// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QString>

/// Prints each figure per round for Relay Desk and the peer (fan-out figures of the run with `fanoutSize`
/// subscribers), their medians and the ratio of the medians; returns them as JSON.
QJsonArray printComparison(const QJsonArray &rounds, int fanoutSize, const QString &peerName);
