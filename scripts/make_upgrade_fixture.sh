#!/usr/bin/env bash
# Makes the upgrade fixtures of one earlier commit (issue 23: a database made by an earlier
# version migrates at start and verifies): builds COMMIT in a temporary git worktree, runs its
# `zhifa serve --demo` once on SQLite and once on PostgreSQL, and keeps what it wrote:
#   tests/fixtures/upgrade/COMMIT-sqlite.tar.xz   the data directory (zhifa.db, blobs, ledger.key)
#   tests/fixtures/upgrade/COMMIT-pg.sql.xz       pg_dump of the PostgreSQL database (plain SQL)
#   tests/fixtures/upgrade/COMMIT-pg-data.tar.xz  its data directory (blobs, ledger.key)
# Usage: scripts/make_upgrade_fixture.sh COMMIT   (run at each release; Upgrade.* tests read them)
#        FIXTURE_BIN=path/to/zhifa scripts/make_upgrade_fixture.sh COMMIT   (a binary of COMMIT already built)
set -euo pipefail
commit=$(git rev-parse --short "${1:?usage: $0 COMMIT}")
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/tests/fixtures/upgrade"
work=$(mktemp -d /tmp/zhifa-fixture-XXXX)
chmod 755 "$work"  # the PostgreSQL server runs as postgres and must reach its directory
mkdir -p "$out"
cleanup() {
  [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null || true
  "$root/scripts/pg.sh" stop "$work/pg" || true
  git -C "$root" worktree remove --force "$work/src" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [[ -n "${FIXTURE_BIN:-}" ]]; then  # a zhifa already built from COMMIT
  bin=$FIXTURE_BIN
else
  git -C "$root" worktree add --detach "$work/src" "$commit" >/dev/null
  (cd "$work/src" && scripts/setup.sh --test && cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build build --target zhifa)
  bin="$work/src/build/zhifa"
fi
port=$((20000 + RANDOM % 20000))

serve_once() {  # serve_once DATA_DIR [--db URL]: start with the demo, wait until healthy, stop
  "$bin" serve --demo --data-dir "$1" "${@:2}" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log"; exit 1; }
  kill -TERM "$pid" && wait "$pid" || true
  pid=
}

serve_once "$work/sqlite"
tar -C "$work/sqlite" -cJf "$out/$commit-sqlite.tar.xz" zhifa.db blobs ledger.key

url=$("$root/scripts/pg.sh" start "$work/pg" $((port + 1)))
serve_once "$work/pgdata" --db "$url"
pg_dump --format=plain --no-owner --no-privileges "$url" | xz -9 >"$out/$commit-pg.sql.xz"
tar -C "$work/pgdata" -cJf "$out/$commit-pg-data.tar.xz" blobs ledger.key
ls -l "$out"/"$commit"-*
