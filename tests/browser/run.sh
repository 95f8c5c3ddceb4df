#!/usr/bin/env bash
# Browser test: starts `zhifa serve --demo` on a free loopback port with a temporary data dir,
# waits for /healthz, runs the node:test files here in headless Debian Chromium (playwright-core,
# never a downloaded browser), then stops the server and removes the data dir.
# Usage: ZHIFA_BIN=/abs/path/build/zhifa tests/browser/run.sh   (from anywhere)
# Screenshots and the server's log land in tests/browser/out/ (gitignored).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ZHIFA_BIN=${ZHIFA_BIN:-$ROOT/build/zhifa}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

[[ -x "$ZHIFA_BIN" ]] || { echo "browser test: ZHIFA_BIN=$ZHIFA_BIN is not an executable" >&2; exit 2; }
[[ -x "$CHROMIUM" ]] || { echo "browser test: no Chromium at $CHROMIUM (scripts/setup.sh --test installs it)" >&2; exit 2; }
command -v node >/dev/null || { echo "browser test: node is missing (scripts/setup.sh --test installs it)" >&2; exit 2; }
if ! (cd "$HERE" && npm ls --silent >/dev/null 2>&1); then
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi

TMP=$(mktemp -d /tmp/zhifa-browser.XXXXXX)
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free loopback port: the kernel picks one for a throwaway listener.
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
URL="http://127.0.0.1:$PORT"

"$ZHIFA_BIN" serve --demo --data-dir "$TMP/data" --listen "127.0.0.1:$PORT" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

# Wait (up to about 2 minutes: the demo seed on a loaded machine) for GET /healthz to answer 200.
ready=0
for _ in $(seq 600); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "browser test: zhifa serve exited before it was ready:" >&2; cat "$TMP/server.log" >&2; exit 1
  fi
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' "$URL/healthz"; then
    ready=1; break
  fi
  sleep 0.2
done
if ((!ready)); then
  echo "browser test: $URL/healthz did not answer 200 within 2 minutes:" >&2; cat "$TMP/server.log" >&2; exit 1
fi
echo "browser test: zhifa serve --demo on $URL (Chromium: $CHROMIUM); screenshots go to $HERE/out/"

# node's test summary stays the last thing printed: the server's log is only shown when tests fail,
# and before the summary would be impossible, so it is copied to out/server.log instead.
status=0
ZHIFA_URL="$URL" node --test "$HERE"/*.test.mjs || status=$?
mkdir -p "$HERE/out" && cp "$TMP/server.log" "$HERE/out/server.log" 2>/dev/null || true
exit $status
