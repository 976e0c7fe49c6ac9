#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# MP Workbench set-up in one command. On a fresh Debian 12 machine it installs what is missing, builds,
# and then either starts the workbench or runs the whole test suite.
#
#   ./mpwb.sh start    build just the app (no tests) and start it (no display: a headless demo of exercise 1)
#   ./mpwb.sh test     build everything, run every test suite, then the engine suites under sanitizers
#   ./mpwb.sh build    just install and build everything (app, tests, benchmarks)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${MPWB_BUILD_DIR:-$here/build}"
jobs="$(nproc)"

packages=(build-essential cmake qt6-base-dev qt6-svg-dev libqcustomplot-dev libboost1.81-dev python3
          xvfb xauth libgl-dev)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "== installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() { # dir, extra cmake args...
    local dir="$1"
    shift
    cmake -S "$here" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j"$jobs"
}

have_display() {
    [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]
}

gui_option() {
    if [ -f "$here/gui/CMakeLists.txt" ]; then echo "-DMPWB_BUILD_GUI=ON"; else echo "-DMPWB_BUILD_GUI=OFF"; fi
}

cmd_start() {
    install_missing
    # What the app needs and no more: a newcomer does not wait for the tests and benchmarks to compile.
    configure_and_build "$build" "$(gui_option)" -DMPWB_BUILD_TESTS=OFF -DMPWB_BUILD_BENCH=OFF
    if [ -x "$build/bin/mpwb" ] && have_display; then
        exec "$build/bin/mpwb" "$@"
    fi
    if [ -x "$build/bin/mpwb" ]; then
        echo "No display found (DISPLAY is not set), so the desktop app cannot open a window."
    else
        echo "The desktop app is not part of this build yet; the engine and runner are."
    fi
    echo "Running the headless demo instead: $build/bin/mpwb-run demo"
    echo
    exec "$build/bin/mpwb-run" demo
}

cmd_test() {
    install_missing
    configure_and_build "$build" "$(gui_option)" -DMPWB_BUILD_TESTS=ON -DMPWB_BUILD_BENCH=ON
    echo "== test suite"
    (cd "$build" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$jobs" --timeout 600)

    # Again by CTest label (tests/CMakeLists.txt says what each suite touches): every engine suite, so every
    # one that touches shared memory or processes, under AddressSanitizer + UndefinedBehaviorSanitizer; the
    # suites labelled threads under ThreadSanitizer (it cannot follow a fork: they skip their process rows).
    echo "== engine suites under ASan + UBSan"
    configure_and_build "$build-asan" -DMPWB_BUILD_GUI=OFF -DMPWB_BUILD_BENCH=OFF -DMPWB_SANITIZE=ON
    (cd "$build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        ctest --output-on-failure -j"$jobs" -L engine --timeout 900)
    echo "== suites labelled threads under TSan"
    configure_and_build "$build-tsan" -DMPWB_BUILD_GUI=OFF -DMPWB_BUILD_BENCH=OFF -DMPWB_TSAN=ON
    (cd "$build-tsan" && TSAN_OPTIONS="halt_on_error=1 suppressions=$here/tests/tsan.supp" \
        ctest --output-on-failure -j"$jobs" -L threads --timeout 900)
}

case "${1:-}" in
start) shift; cmd_start "$@" ;;
test) cmd_test ;;
build) install_missing; configure_and_build "$build" "$(gui_option)" -DMPWB_BUILD_TESTS=ON -DMPWB_BUILD_BENCH=ON ;;
*) sed -n '3,9p' "$0"; exit 2 ;;
esac
