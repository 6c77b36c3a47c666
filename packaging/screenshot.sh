#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Starts relaydesk under Xvfb with live demo traffic and saves a screenshot of the screen.
#   packaging/screenshot.sh [build/app/relaydesk] [resources/screenshot.png]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/app/relaydesk}
output=${2:-resources/screenshot.png}
port=${RELAY_SCREENSHOT_PORT:-6071}
size=${RELAY_SCREENSHOT_SIZE:-1600x1000}

missing=()
for tool in xvfb-run:xvfb xauth:xauth import:imagemagick node:nodejs xdotool:xdotool; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get install -y "${missing[@]}"
fi
node_flags=()
node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' || node_flags=(--experimental-websocket)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_RUNTIME_DIR="$scratch/run" # a fresh layout, no user settings
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
    "$1" --port "$2" -geometry "$3+0+0" >"$6/relay.log" 2>&1 & relay=$!
    for _ in $(seq 50); do curl -fs "http://127.0.0.1:$2/health" >/dev/null && break; sleep 0.1; done
    node "${@:7}" packaging/traffic.mjs "127.0.0.1:$2" 12 & traffic=$!
    sleep 6
    if command -v xdotool >/dev/null; then # focus the presence channel and pick an event, as a user would
        xdotool mousemove 140 543 click 1; sleep 1.5
        xdotool mousemove 60 821 click 1; sleep 0.3
        xdotool mousemove 900 200 click 1; sleep 0.5
    fi
    import -window root "$4"
    kill "$traffic" 2>/dev/null || true
    kill -TERM "$relay"; wait "$relay" || true
' screenshot "$binary" "$port" "$size" "$output" unused "$scratch" "${node_flags[@]}"
echo "saved $output"
