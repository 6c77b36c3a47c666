#!/bin/sh
# SPDX-License-Identifier: MIT
# CTest entry: installs the locked npm packages once (npm ci, nothing global), then runs every Node suite
# against the relaydesk binary named in RELAYDESK_BINARY.
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test test/*.test.cjs
