// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"
#include "target.h"

#include <QJsonObject>

/// Runs every scenario `plan` wants against `target`, prints a row per figure and returns the figures as JSON;
/// idle connections only `withIdle`.
QJsonObject runScenarioTable(const Target &target, const Plan &plan, bool withIdle);
