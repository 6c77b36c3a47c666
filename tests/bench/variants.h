// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>

// Runs of relaydesk in another set-up than the headless one, compared within the same run.

/// One relay started with --tls serves ws and wss on its port: fan-out and connection rate over both in the
/// same run, reported as wss / ws ratios.
QJsonObject compareTls(
    const QString &binary, const QStringList &flags, const QProcessEnvironment &environment, const Plan &plan);
