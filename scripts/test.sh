#!/usr/bin/env bash
# Builds and runs every test: the unit and integration suites once on SQLite and once on a real
# PostgreSQL server started here in a temporary directory, then the browser test in headless
# Chromium against a real `zhifa serve`, then a short run of each fuzz target (scripts/fuzz.sh,
# a separate clang build; FUZZ_TIME=0 skips it); scripts/check_shape.py keeps the code's shape
# (file and function sizes, no SQL in route files). Stops what it started, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
WERROR=${CI:+ON}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZHIFA_WERROR=${WERROR:-OFF} >/dev/null
cmake --build "$BUILD" -j "$(nproc)"

PGDIR=$(mktemp -d /tmp/zhifa-pg.XXXXXX)
PGPORT=$((20000 + RANDOM % 20000))
cleanup() { scripts/pg.sh stop "$PGDIR" 2>/dev/null || true; }
trap cleanup EXIT

status=0
echo "== the shape of the code (issue 13: files ≤ 600 lines, functions ≤ 150, no SQL in route files)"
python3 scripts/check_shape.py || status=1

echo "== tests on SQLite"
(cd "$BUILD" && ctest --output-on-failure -j 2) || status=1

echo "== tests on PostgreSQL"
PGURL=$(scripts/pg.sh start "$PGDIR" "$PGPORT")
(cd "$BUILD" && ZHIFA_TEST_PG="$PGURL" ctest --output-on-failure -j 2) || status=1

echo "== browser test (headless Chromium)"
if [[ -f tests/browser/run.sh ]]; then
  ZHIFA_BIN="$PWD/$BUILD/zhifa" tests/browser/run.sh || status=1
fi
echo "== deployment files (systemd units, nginx TLS front)"
ZHIFA_BIN="$PWD/$BUILD/zhifa" tests/deploy/run.sh || status=1

if [[ "${FUZZ_TIME:-30}" != 0 ]]; then
  echo "== fuzz targets (${FUZZ_TIME:-30} s each)"
  scripts/fuzz.sh || status=1
fi
exit $status
