// SPDX-License-Identifier: MIT
#pragma once

/// Raises this process's soft limit on open file descriptors to its hard limit (the usual desktop session
/// starts programs with 1024 under a hard limit of 524288, far below the default max_connections). Qt and
/// the relay watch descriptors with poll(), never select(), so descriptors past 1024 are safe. Leaves the
/// limit as it was when it cannot be raised.
void raiseDescriptorLimit();
