#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders resources/icons/relaydesk.svg to the hicolor PNG sizes committed under resources/icons/hicolor/.
# Run it after changing the SVG; the build only installs the results. Needs rsvg-convert (librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "icons.sh: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }
for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "resources/icons/hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" resources/icons/relaydesk.svg \
        -o "resources/icons/hicolor/${size}x${size}/apps/relaydesk.png"
done
echo "icons.sh: rendered $(find resources/icons/hicolor -name '*.png' | wc -l) PNGs"
