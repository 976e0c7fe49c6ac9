#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# MP Workbench set-up in one command. On a fresh Debian 12 machine it installs what is missing, builds,
# and then either starts the workbench or runs the whole test suite.
#
#   ./mpwb.sh start    build just the app (no tests) and start it (no display: a headless demo of exercise 1)
#   ./mpwb.sh test     build everything, run every test suite, then the engine suites under sanitizers
#   ./mpwb.sh build    just install and build everything (app, tests, benchmarks)
#   ./mpwb.sh package  build the app's .deb, install it into a moved temporary prefix, run it from there
#                      with the build hidden, and check the package (desktop file, metainfo, lintian)
#   ./mpwb.sh lint     clang-tidy over the engine, exercises and GUI, then a clang-format check of every file
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

cmd_package() {
    packages+=(desktop-file-utils appstream lintian help2man)
    install_missing
    configure_and_build "$build" -DMPWB_BUILD_GUI=ON -DMPWB_BUILD_TESTS=OFF -DMPWB_BUILD_BENCH=OFF
    echo "== the .deb"
    rm -f "$build"/mpwb_*.deb
    (cd "$build" && cpack -G DEB >/dev/null)
    local deb tmp size failed=0
    deb="$(ls "$build"/mpwb_*.deb)"
    size="$(du -h "$deb" | cut -f1)"
    tmp="$(mktemp -d)"
    trap "rm -rf $(printf %q "$tmp")" EXIT
    check() { # what, command...: runs it, says ok or FAIL with its output
        local what="$1"
        shift
        if "$@" >"$tmp/out" 2>&1; then echo "ok    $what"; else echo "FAIL  $what:"; cat "$tmp/out"; failed=1; fi
    }
    echo "== lintian (errors fail the package; warnings are for reading)"
    lintian "$deb" | tee "$tmp/lintian" || true
    echo "lintian: $(grep -c '^E:' "$tmp/lintian" || true) errors, $(grep -c '^W:' "$tmp/lintian" || true) warnings"
    if grep -q '^E:' "$tmp/lintian"; then failed=1; fi

    # Installed, moved elsewhere, and run with the build folder out of sight: whatever it needs must have
    # been installed, and it must find its worker relative to where it now is.
    echo "== the installed tree, moved, with the build hidden"
    cmake --install "$build" --prefix "$tmp/installed" >/dev/null
    mv "$tmp/installed" "$tmp/moved"
    trap "mv $(printf %q "$build.hidden") $(printf %q "$build"); rm -rf $(printf %q "$tmp")" EXIT
    mv "$build" "$build.hidden"
    local app="$tmp/moved/bin"
    check "mpwb-run demo" env -u MPWB_WORKER "$app/mpwb-run" demo
    check "a spawned pool finds mpwb-worker in libexec" env -u MPWB_WORKER \
        "$app/mpwb-run" run sum-squares --backend processes --start spawn --workers 2
    check "mpwb-run python finds its tracer in share" env -u MPWB_TRACER \
        "$app/mpwb-run" python --start forkserver "$tmp/moved/share/mpwb/examples/sum_squares.py" 100000 1000 2 10
    check "the app draws its window" env -u MPWB_RUN QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$tmp/config" \
        "$app/mpwb" --size 1280x720 --screenshot "$tmp/window.png"
    check "the window's picture was written" test -s "$tmp/window.png"
    check "desktop-file-validate" desktop-file-validate "$tmp"/moved/share/applications/*.desktop
    check "appstreamcli validate" appstreamcli validate --no-net "$tmp"/moved/share/metainfo/*.xml
    echo "== $deb ($size)"
    return $failed
}

cmd_lint() { # fails on any clang-tidy finding (.clang-tidy) or any file clang-format would change
    packages+=(clang-tidy-14 clang-format-14)
    install_missing
    local dir="$build-lint" failed=0
    cmake -S "$here" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$(gui_option)" -DMPWB_BUILD_TESTS=OFF \
        -DMPWB_BUILD_BENCH=OFF >/dev/null
    # clang-tidy reads compile_commands.json and needs moc's headers, not a build: run each target's moc
    # step alone (building the *_autogen targets would first compile the libraries they depend on).
    find "$dir" -path '*_autogen.dir/AutogenInfo.json' -exec cmake -E cmake_autogen {} RelWithDebInfo \;
    echo "== clang-tidy (engine, exercises, gui)"
    run-clang-tidy-14 -p "$dir" -j"$jobs" -quiet "^$here/(engine|exercises|gui)/" 2>&1 |
        sed 's/\x1b\[[0-9;]*m//g' >"$dir/clang-tidy.log" || failed=1
    local findings
    findings="$(grep -E '^/.*: (error|warning): ' "$dir/clang-tidy.log" | sort -u || true)"
    if [ -n "$findings" ]; then
        echo "$findings"
        echo "clang-tidy: $(wc -l <<<"$findings") finding(s), by check:"
        grep -oE '\[[a-z0-9.-]+(,-warnings-as-errors)?\]$' <<<"$findings" | sed 's/^\[//; s/[],].*//' |
            sort | uniq -c | sort -rn
        failed=1
    elif [ "$failed" -ne 0 ]; then
        grep -iE 'error' "$dir/clang-tidy.log" | head -20
        echo "clang-tidy failed without a finding (full log: $dir/clang-tidy.log)"
    fi
    echo "== clang-format (every tracked C++ file)"
    (cd "$here" && git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format-14 --dry-run --Werror) || {
        echo "clang-format: the files above differ from .clang-format; fix them with clang-format-14 -i"
        failed=1
    }
    [ "$failed" -eq 0 ] && echo "lint: clean"
    return "$failed"
}

case "${1:-}" in
start) shift; cmd_start "$@" ;;
test) cmd_test ;;
build) install_missing; configure_and_build "$build" "$(gui_option)" -DMPWB_BUILD_TESTS=ON -DMPWB_BUILD_BENCH=ON ;;
package) cmd_package ;;
lint) cmd_lint ;;
*) sed -n '3,11p' "$0"; exit 2 ;;
esac

