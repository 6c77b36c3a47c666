#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Developer set-up on Debian 12: installs the Debian packages that are missing, builds, then runs or tests.
#   packaging/setup.sh run [relaydesk flags...]   build and start the app (add --no-gui for the headless relay)
#   packaging/setup.sh test                       build and run every test suite
#   packaging/setup.sh package                    build the .deb and check it (packaging/check-package.sh)
#   packaging/setup.sh fuzz [SECONDS]             run the libFuzzer targets with clang (tests/fuzz/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build ccache g++ pkg-config qt6-base-dev qt6-websockets-dev qt6-httpserver-dev libssl-dev libgl-dev
    libhiredis-dev  # the Redis client of --redis (several relays as one)
    redis-server  # the cluster suite (tst_cluster) starts its own throw-away redis-server
    qt6-qpa-plugins libqt6svg6  # the window: platform plugins (xcb, offscreen) and the SVG icon
    openssl)  # the TLS suites check the generated certificates with the openssl tool
missing=()
# The Pusher compatibility suite (tests/node) needs Node >= 18 and npm; Debian 12's nodejs is 18.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
# The package checks: lintian, appstreamcli, desktop-file-validate, man, a Debian 12 root, promtool (the metrics
# suite), rsvg-convert (packaging/icons.sh).
[ "${1:-}" = package ] && packages+=(lintian appstream desktop-file-utils man-db debootstrap prometheus librsvg2-bin)
[ "${1:-}" = fuzz ] && packages+=(clang libclang-rt-14-dev)
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_dir=${RELAYDESK_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir"

case "${1:-run}" in
run)
    shift || true
    exec "$build_dir/app/relaydesk" "$@"
    ;;
test)
    ctest --test-dir "$build_dir" --output-on-failure -j2
    ;;
package)
    RELAYDESK_PACKAGE_BUILD_DIR="$build_dir" bash packaging/check-package.sh
    ;;
fuzz)
    shift || true
    exec bash tests/fuzz/run.sh "$@"
    ;;
*)
    echo "usage: $0 run [relaydesk flags...] | test | package | fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
