// SPDX-License-Identifier: MIT
#pragma once

#include "config/relayconfig.h"

#include <QStringList>

/// What the command line asked for, merged with the environment and the config file.
struct Options {
    Relay::RelayConfig config;
    bool gui = true;
    bool exitNow = false; ///< --help or --version was answered
    int exitCode = 0;
    QString recordPath; ///< --record FILE: what flows through the relay, as JSON Lines
    qint64 recordMaxBytes = qint64(100) << 20; ///< --record-limit-mb
    QString replayPath; ///< --replay FILE (headless only)
    double replaySpeed = 1.0; ///< --speed X; 0 plays as fast as possible
};

/// Precedence: flag > environment > config file > default. Errors are one line for stderr.
Relay::Result<Options> parseOptions(const QStringList &arguments);

/// True when the arguments ask for the headless relay; read before any QCoreApplication exists.
bool wantsHeadless(int argc, char **argv);
