#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Debian package and checks it:
#   1. lintian (no errors), appstreamcli validate, desktop-file-validate, man --warnings;
#   2. installs it with apt into a fresh minimal Debian 12 root (debootstrap) and checks there that
#      `relaydesk --version` runs and `relaydesk --no-gui` answers GET /health: a missing runtime dependency
#      fails here.
# A check whose tools are missing (or, for 2, that needs root) is skipped with a line saying so.
#
#   packaging/check-package.sh [--lint-only] [--require-all]
#     --lint-only     stop after 1 (about a minute once the package is built)
#     --require-all   a skipped check is a failure
# Environment:
#   RELAYDESK_PACKAGE_BUILD_DIR  build directory (default build, as packaging/setup.sh uses)
#   RELAYDESK_CACHE_DIR          outside the clone, kept between runs (default /var/cache/relaydesk-ci): the
#                                debootstrap root as a tarball and apt's downloaded .debs
#   RELAYDESK_DEBIAN_MIRROR      Debian mirror (default: the first .../debian URL in /etc/apt/sources.list*)
set -euo pipefail
cd "$(dirname "$0")/.."

lint_only=0
require_all=0
for argument in "$@"; do
    case "$argument" in
    --lint-only) lint_only=1 ;;
    --require-all) require_all=1 ;;
    *) echo "usage: $0 [--lint-only] [--require-all]" >&2; exit 2 ;;
    esac
done

build_dir=${RELAYDESK_PACKAGE_BUILD_DIR:-build}
cache_dir=${RELAYDESK_CACHE_DIR:-/var/cache/relaydesk-ci}
failures=0
skips=0

step() { printf '\n== %s\n' "$*"; }
pass() { printf 'PASS: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
skip() { printf 'SKIP: %s\n' "$*"; skips=$((skips + 1)); }
have() { command -v "$1" >/dev/null 2>&1; }

finish() {
    printf '\ncheck-package: %d failed, %d skipped\n' "$failures" "$skips"
    if ((failures > 0)) || ((require_all && skips > 0)); then exit 1; fi
    exit 0
}

# --- build --------------------------------------------------------------------------------------------------
step "build the package in $build_dir"
# An existing build directory keeps its options (CI's RelWithDebInfo build: only cpack is new work);
# CPack strips the binary.
[ -f "$build_dir/CMakeCache.txt" ] || cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" --target relaydesk relaydesk_docs -- -j"${RELAYDESK_JOBS:-2}"
rm -f "$build_dir"/relaydesk_*.deb
(cd "$build_dir" && cpack -G DEB >/dev/null)
deb=$(ls "$build_dir"/relaydesk_*_*.deb)
pass "built $deb"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends | sed 's/^/  /'

# --- static checks ------------------------------------------------------------------------------------------
step "lintian"
if have lintian; then
    # Root is fine here: lintian only unpacks into a temporary directory.
    if lintian --allow-root --fail-on error --info "$deb"; then pass "lintian: no errors"; else fail "lintian reported errors"; fi
else
    skip "lintian is not installed (apt-get install lintian)"
fi

step "appstreamcli validate"
metainfo=$(ls "$build_dir"/packaging/*.metainfo.xml)
if have appstreamcli; then
    if appstreamcli validate --no-net --explain "$metainfo"; then pass "metainfo valid"; else fail "metainfo invalid"; fi
else
    skip "appstreamcli is not installed (apt-get install appstream)"
fi

step "desktop-file-validate"
if have desktop-file-validate; then
    if output=$(desktop-file-validate packaging/relaydesk.desktop 2>&1) && [ -z "$output" ]; then
        pass "desktop entry valid"
    else
        fail "desktop entry: $output"
    fi
else
    skip "desktop-file-validate is not installed (apt-get install desktop-file-utils)"
fi

step "man --warnings"
if have man; then
    if warnings=$(MANWIDTH=80 man --warnings -l packaging/relaydesk.1 2>&1 >/dev/null) && [ -z "$warnings" ]; then
        pass "man page renders without warnings"
    else
        fail "man page warnings: $warnings"
    fi
else
    skip "man is not installed (apt-get install man-db)"
fi

step "the man page covers every flag, variable, config key and close code in the code"
if have man && have col; then
    page=$(MANWIDTH=1000 man -l packaging/relaydesk.1 2>/dev/null | col -b)
    names=$("$build_dir/app/relaydesk" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u)
    names+=" $(grep -rhoE '"RELAY_[A-Z_]+"' core app | tr -d '"' | sort -u)"
    names+=" $(grep -hoE '(Field \{|read(String|Bool|Int)\((root|object), ) *"[a-z_0-9]+"' core/config/*.cpp |
        grep -oE '"[a-z_0-9]+"' | tr -d '"' | sort -u)"
    names+=" $(grep -oE '= 4[0-9]{3}' core/common/error.h | grep -oE '[0-9]+')"
    missing=()
    for name in $names; do
        grep -qF -- "$name" <<<"$page" || missing+=("$name")
    done
    if ((${#missing[@]} == 0)); then pass "man page names all $(wc -w <<<"$names") of them"; else fail "not in packaging/relaydesk.1: ${missing[*]}"; fi
else
    skip "man or col is missing"
fi

((lint_only)) && finish

# --- install into a fresh Debian 12 root ----------------------------------------------------------------------
step "install into a fresh Debian 12 root"
if [ "$(id -u)" -ne 0 ]; then
    skip "installing into a debootstrap root needs root (chroot, mount)"
    finish
fi
for tool in debootstrap chroot mount tar; do
    if ! have "$tool"; then
        skip "$tool is not installed (apt-get install debootstrap)"
        finish
    fi
done

mirror=${RELAYDESK_DEBIAN_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n1 | tr -d ' ' || true)}
mirror=${mirror:-http://deb.debian.org/debian}
mkdir -p "$cache_dir/apt-archives/partial"
root_tar="$cache_dir/debian12-minbase.tar"
if [ ! -s "$root_tar" ]; then
    echo "creating the minimal Debian 12 root from $mirror (once; cached in $root_tar)"
    seed=$(mktemp -d /var/tmp/relaydesk-seed.XXXXXX)
    if ! debootstrap --variant=minbase --cache-dir="$cache_dir/apt-archives" bookworm "$seed" "$mirror" \
        >"$cache_dir/debootstrap.log" 2>&1; then
        tail -n 20 "$cache_dir/debootstrap.log"
        rm -rf "$seed"
        fail "debootstrap failed (log: $cache_dir/debootstrap.log)"
        finish
    fi
    tar -C "$seed" -cf "$root_tar.partial" . && mv "$root_tar.partial" "$root_tar"
    rm -rf "$seed"
fi

root=$(mktemp -d /var/tmp/relaydesk-root.XXXXXX)
relay_pid=""
cleanup() {
    [ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null
    # Nothing started in the root may outlive it.
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && kill -9 "$pid" 2>/dev/null
    done
    for mounted in var/cache/apt/archives dev proc; do
        mountpoint -q "$root/$mounted" && umount -l "$root/$mounted"
    done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$root_tar"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind "$cache_dir/apt-archives" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

if in_root apt-get update -qq && in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "/tmp/$(basename "$deb")" >"$root/tmp/apt.log" 2>&1; then
    pass "apt installed $(basename "$deb") and its dependencies ($(grep -c '^Setting up' "$root/tmp/apt.log") packages)"
else
    tail -n 20 "$root/tmp/apt.log"
    fail "apt could not install the package"
    finish
fi

if version=$(in_root relaydesk --version 2>&1); then
    pass "relaydesk --version: $version"
else
    fail "relaydesk --version failed: $version"
fi

# exec: the background job's pid is relaydesk's own, so the signal below reaches it.
(exec chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root relaydesk --no-gui --port 0 \
    >"$root/tmp/relay.log" 2>&1) &
relay_pid=$!
port=""
for _ in $(seq 100); do
    port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$root/tmp/relay.log" | grep -oE '[0-9]+$' || true)
    [ -n "$port" ] || ! kill -0 "$relay_pid" 2>/dev/null && break
    sleep 0.1
done
if [ -z "$port" ]; then
    fail "relaydesk --no-gui did not start: $(cat "$root/tmp/relay.log")"
    finish
fi
# bash's /dev/tcp inside the root: the minimal system has no curl.
health=$(in_root bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 && cat <&3" 2>&1 || true)
if [[ $health == "HTTP/1.1 200"* && $health == *'{"status":"ok"}'* ]]; then
    pass "relaydesk --no-gui answers GET /health on port $port"
else
    fail "GET /health: $health"
fi
kill -TERM "$relay_pid"
if wait "$relay_pid"; then pass "SIGTERM: clean exit"; else fail "relaydesk exited with $? on SIGTERM"; fi
relay_pid=""
finish
