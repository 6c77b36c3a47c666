#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) in build-fuzz and runs each of them for
# an equal share of SECONDS (default 96), starting from its seed corpus in tests/fuzz/corpus/<name>.
#   tests/fuzz/run.sh [SECONDS] [name...]      e.g. tests/fuzz/run.sh 3600 requestparser framereader
# New coverage goes to build-fuzz/corpus/<name> (kept between runs, never into the repo). A crash, leak or
# hang (over 5 s on one input) stops with a non-zero status and the input saved as
# build-fuzz/artifacts/<name>/crash-*; copy it into tests/fuzz/regressions/<name>/ with the fix, and ctest
# replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-96}
shift || true
all=(requestparser router framereader clientframe channelname presence pushersignature config)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

if ! command -v clang++ >/dev/null 2>&1; then
    echo "fuzz: clang++ is not installed (apt-get install clang libclang-rt-14-dev); skipping the fuzz targets"
    exit 0
fi

build=${RELAY_FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELAY_FUZZ=ON >/dev/null
cmake --build "$build" --target "${targets[@]/#/fuzz_}" -- -j"${RELAY_FUZZ_JOBS:-2}"

share=$((seconds / ${#targets[@]}))
[ "$share" -ge 1 ] || share=1
status=0
for name in "${targets[@]}"; do
    corpus="$build/corpus/$name"
    artifacts="$build/artifacts/$name"
    mkdir -p "$corpus" "$artifacts"
    echo "fuzz: $name for ${share}s"
    if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        LSAN_OPTIONS=suppressions="$PWD/.ci/lsan.supp" \
        "$build/tests/fuzz/fuzz_$name" -max_total_time="$share" -timeout=5 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "tests/fuzz/corpus/$name" \
        >"$build/fuzz-$name.log" 2>&1; then
        echo "fuzz: $name FAILED; the input is in $artifacts, the log in $build/fuzz-$name.log"
        grep -E "ERROR|runtime error|SUMMARY|Test unit written" "$build/fuzz-$name.log" | head -20 || true
        status=1
    else
        grep -E "stat::number_of_executed_units|cov:" "$build/fuzz-$name.log" | tail -2 | tr '\n' ' '
        echo
    fi
done
exit $status
