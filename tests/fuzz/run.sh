#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the libFuzzer targets of tests/fuzz (see tests/fuzz/README.md).
#
#   tests/fuzz/run.sh [-b BUILD_DIR] [-t SECONDS] [--merge] [--keep-going] [TARGET...]
#
# For each target (default: all of them) it
#   1. replays every saved regression in tests/fuzz/regressions/TARGET/,
#   2. fuzzes for SECONDS (default 20, for CI), starting from the seed
#      corpus tests/fuzz/corpus/TARGET/ and from BUILD_DIR/fuzz-corpus/TARGET/,
#      where the inputs it finds are kept from one run to the next,
#   3. keeps any input that crashes, leaks, hangs (over 10 s) or runs out of
#      memory (over 2 GiB) as tests/fuzz/regressions/TARGET/crash-SHA1 (or
#      leak-, timeout-, oom-), which step 1 and the unit suite then replay.
#      Until the bug is fixed, list it in regressions/TARGET/OPEN (step 1 and
#      the unit suite then check that it still fails).
#
# BUILD_DIR (default _build-fuzz) is set up with clang if it does not exist:
#   CC=clang-14 meson setup _build-fuzz -Dfuzzing=true
# and the targets are compiled before they run.
#
# --merge       afterwards, add to the seed corpus the inputs that reach new
#               code (libFuzzer's -merge=1), to commit with a long run.
# --keep-going  do not stop at the first crash (libFuzzer's fork mode with
#               -ignore_crashes, -ignore_timeouts, -ignore_ooms).
#
# A long run, e.g. an hour for each target, both cores, keeping everything:
#   tests/fuzz/run.sh -t 3600 --keep-going --merge
#
# Exits 1 if a regression still fails or fuzzing found a new failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)

build="$top/_build-fuzz"
seconds=20
merge=0
keep_going=0
targets=()

while [ $# -gt 0 ]; do
  case "$1" in
    -b|--build) build=$(realpath -m "$2"); shift 2 ;;
    -t|--time) seconds="$2"; shift 2 ;;
    --merge) merge=1; shift ;;
    --keep-going) keep_going=1; shift ;;
    -h|--help) sed -n '3,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if [ ${#targets[@]} -eq 0 ]; then
  targets=(record-json lrs-xml learner events-page responses view-render evidence sd-jwt)
fi

if [ ! -f "$build/build.ninja" ]; then
  CC="${CC:-clang-14}" meson setup "$build" "$top" -Dfuzzing=true || exit 2
fi
meson compile -C "$build" "${targets[@]/#/fuzz-}" >/dev/null || {
  echo "run.sh: the fuzz targets did not build in $build" >&2
  exit 2
}

# Leaks are failures; a UBSan report stops the run like a crash.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:fast_unwind_on_malloc=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp}"
export G_DEBUG=fatal-criticals
export G_SLICE=always-malloc
# Open findings that fuzzing steps around until they are fixed, so that it
# can find the others (tests/fuzz/README.md). Empty it to fuzz them too.
export PLR_FUZZ_KNOWN_OPEN="${PLR_FUZZ_KNOWN_OPEN-}"

failed=0

for target in "${targets[@]}"; do
  fuzzer="$build/tests/fuzz/fuzz-$target"
  seeds="$here/corpus/$target"
  regressions="$here/regressions/$target"
  work="$build/fuzz-corpus/$target"

  if [ ! -x "$fuzzer" ]; then
    echo "run.sh: no such target: $target" >&2
    failed=1
    continue
  fi
  mkdir -p "$work" "$regressions"

  # 1. Every saved regression, once. Those named in OPEN are findings not
  #    fixed yet: they must still fail, with nothing stepped around.
  mapfile -t saved < <(find "$regressions" -maxdepth 1 -type f ! -name '.*' ! -name OPEN \
                         ! -name README | sort)
  if [ ${#saved[@]} -gt 0 ]; then
    echo "== $target: replaying ${#saved[@]} regressions"
    for input in "${saved[@]}"; do
      name=$(basename "$input")
      log="$build/fuzz-$target-replay-$name.log"
      if [ -f "$regressions/OPEN" ] && grep -q "^$name[[:space:]]" "$regressions/OPEN"; then
        if env -u PLR_FUZZ_KNOWN_OPEN "$fuzzer" "$input" >"$log" 2>&1; then
          echo "FAIL $target: $name no longer fails: take it off ${regressions#$top/}/OPEN"
          failed=1
        else
          echo "   open: $name still fails ($(grep -m1 -oE 'ERROR: [A-Za-z]+: [a-z-]+|invariant broken: .*|deadly signal' "$log" || echo "see $log"))"
        fi
      elif ! "$fuzzer" "$input" >"$log" 2>&1; then
        echo "FAIL $target: ${input#$top/} fails again; see $log"
        grep -E -A3 '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*invariant broken)' "$log" \
          | head -12 | sed 's/^/   /'
        failed=1
      else
        rm -f "$log"
      fi
    done
  fi

  # 2. Fuzz
  echo "== $target: fuzzing for $seconds s"
  before=$(find "$regressions" -maxdepth 1 -type f ! -name '.*' | wc -l)
  options=(
    -max_total_time="$seconds"
    -timeout=10
    -rss_limit_mb=2048
    -max_len=65536
    -print_final_stats=1
    -artifact_prefix="$regressions/"
  )
  if [ "$keep_going" = 1 ]; then
    options+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  # To draw a PDF, pango allocates for every run of text; unwinding each of
  # those stacks the slow way takes seconds an input. view-render unwinds
  # the fast way (tests/lsan.supp then knows fontconfig's leak by its library).
  unwind=()
  if [ "$target" = view-render ]; then
    unwind=(ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=1")
  fi
  env "${unwind[@]}" "$fuzzer" "${options[@]}" "$work" "$seeds" >"$build/fuzz-$target.log" 2>&1
  status=$?
  grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' \
    "$build/fuzz-$target.log" | sed 's/^/   /'
  after=$(find "$regressions" -maxdepth 1 -type f ! -name '.*' | wc -l)
  if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
    echo "FAIL $target: fuzzing found $((after - before)) failing input(s), kept in" \
         "${regressions#$top/}/; the log is $build/fuzz-$target.log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*invariant broken)' \
      "$build/fuzz-$target.log" | head -5 | sed 's/^/   /'
    failed=1
  else
    echo "   ok"
  fi

  # 3. Keep what reaches new code in the seed corpus
  if [ "$merge" = 1 ]; then
    # Without stepping around the open findings: an input that still
    # trips one fails here and is left out, so the unit suite stays green.
    env -u PLR_FUZZ_KNOWN_OPEN ASAN_OPTIONS=detect_leaks=0 \
      "$fuzzer" -merge=1 -max_len=65536 "$seeds" "$work" >"$build/fuzz-$target-merge.log" 2>&1 \
      && echo "   merged: $(ls "$seeds" | wc -l) seeds"
  fi
done

exit $failed
