#!/usr/bin/env bash
# The end-to-end tests with LeakSanitizer (issue 8): runs UI journeys
# against the app from a -Db_sanitize=address,undefined build, collects
# LeakSanitizer's reports when the app quits (SIGTERM quits it cleanly),
# and fails on any leak whose stack passes through the project's code
# (src/core, src/ui, src/service) near where it was allocated: in the first
# frames above the allocator, that is, where the project's code allocated
# it or called what did. Every stack reaches main() far down, so deeper
# frames do not count; leaks inside GTK, Mesa, fontconfig and the other
# libraries are counted, not judged.
#
#   build-aux/e2e-leak-check.sh ASAN_BUILD_DIR [TEST.py ...]
#
# The sanitized app starts and runs several times slower, so every wait of
# the UI tests is made PLRUI_TIMEOUT_SCALE (default 4) times longer.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:?usage: e2e-leak-check.sh ASAN_BUILD_DIR [TEST.py ...]}" && pwd)
shift
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
    tests=(test_journey.py test_offline.py test_privacy.py)
fi

# E2E_LEAK_REPORTS=DIR keeps the reports there.
if [ -n "${E2E_LEAK_REPORTS:-}" ]; then
    reports=$E2E_LEAK_REPORTS
    mkdir -p "$reports"
else
    reports=$(mktemp -d)
    trap 'rm -rf "$reports"' EXIT
fi

status=0
for test in "${tests[@]}"; do
    name=${test%.py}
    echo "== $name under LeakSanitizer"
    if ! env APP="$build/src/ui/learning-record" \
            SERVICE="$build/src/service/learning-record-service" \
            PLR_BUILD_SCHEMA_DIR="$build/data" \
            PYTHONPATH="$top/tests/ui" PYTHONDONTWRITEBYTECODE=1 \
            PLRUI_TIMEOUT_SCALE="${PLRUI_TIMEOUT_SCALE:-4}" \
            ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:log_path=$reports/$name" \
            LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0" \
            UBSAN_OPTIONS="print_stacktrace=1" \
            "$top/tests/ui/run-ui-test.sh" "$top/tests/ui/$test"; then
        echo "FAIL: $name did not pass under the sanitizers"
        status=1
    fi
done

python3 - "$reports" <<'PY' || status=1
import glob, os, re, sys

folder = sys.argv[1]
ours = re.compile(r"/src/(core|ui|service)/[\w-]+\.c")
NEAR = 8   # frames above the allocator that count as "near"


def frames(block):
    return [line for line in block.splitlines() if re.match(r"\s+#\d+ ", line)]
total = project = 0
for path in sorted(glob.glob(os.path.join(folder, "*"))):
    text = open(path, errors="replace").read()
    if "ERROR: AddressSanitizer" in text or "runtime error:" in text:
        print(f"FAIL: {os.path.basename(path)}: a memory error, not a leak:")
        print(text[:4000])
        project += 1
    for block in re.split(r"\n(?=(?:Direct|Indirect) leak of )", text):
        if not block.startswith("Direct leak of"):
            continue
        total += 1
        if any(ours.search(frame) for frame in frames(block)[1:NEAR + 1]):
            project += 1
            print(f"FAIL: a definite leak through the project's code ({os.path.basename(path)}):")
            print("\n".join(block.splitlines()[:25]))
print(f"{total} definite leaks reported, {project} through the project's code")
sys.exit(1 if project else 0)
PY
exit $status
