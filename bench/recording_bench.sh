#!/usr/bin/env bash
# Whole-process recording (issue 6), two figures, each next to a reference measured in the same run:
#  (a) signed PDF documents per second for a two-page 行政处罚决定书 (draft untimed; sign timed:
#      发文字号, Pango/Cairo render, SHA-256, blob fsync, ledger event, commit), and the render
#      alone; reference: `pango-view` rendering the same text to PDF, one process per document
#      (its fixed start-up cost measured with a one-character text and shown beside it).
#  (b) p50/p99 of the officer's case list — GET /api/v1/cases (JSON) and GET /workspace/cases
#      (HTML) as 王强 with an API token — with 100,000 cases in the database (SQLite), with wrk;
#      reference: nginx serving the same bytes as a static file.
# Prints a Markdown section (bench/RESULTS.md keeps it above the Notes). Everything started here
# is stopped. Timings are figures, never assertions.
# Knobs: BUILD (build), BENCH_DURATION (10s), BENCH_CASES (100000), BENCH_PDF_DOCS (50).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD BUILD=${BUILD:-build} DURATION=${BENCH_DURATION:-10s} CASES=${BENCH_CASES:-100000} DOCS=${BENCH_PDF_DOCS:-50}
ZHIFA=$ROOT/$BUILD/zhifa
[[ -x $ZHIFA ]] || { echo "bench: $ZHIFA not found" >&2; exit 1; }
for t in wrk nginx curl g++ pango-view; do command -v "$t" >/dev/null || { echo "bench: $t is not installed (scripts/setup.sh --test)" >&2; exit 1; }; done
T=$(mktemp -d /tmp/zhifa-recb.XXXXXX); chmod 755 "$T"
PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$T"; }
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ok() { for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.1; done; return 1; }
to_ms() { awk -v v="$1" 'BEGIN{ n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }
now_s() { date +%s.%N; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# The bench program: the CMake target when bench/ is built (-DZHIFA_BENCH=ON), else compiled here
# against the build's static libraries.
BIN=$ROOT/$BUILD/bench/recording_bench
if [[ ! -x $BIN ]]; then
  BIN=$T/recording_bench
  L=$ROOT/$BUILD
  log "compiling bench/recording_bench.cc against $BUILD/*.a"
  g++ -std=c++20 -O2 -I"$ROOT/src" $(pkg-config --cflags pangocairo) bench/recording_bench.cc -o "$BIN" \
    -Wl,--start-group "$L"/libzhifa_{recording,review,publicity,sheet,org,http,render,law,ledger,store,blob,core,assets}.a -Wl,--end-group \
    $(pkg-config --libs pangocairo libqrencode libgvc xlsxwriter libzip libxml-2.0 sqlite3 libpq libsodium) -lcrypto -lz -lfmt -lpthread
fi

# ---- (a) signed PDF documents/s ----------------------------------------------------------------
log "PDF: $DOCS signed 行政处罚决定书"
mkdir -p "$T/pdf"
PDF_OUT=$("$BIN" pdf "sqlite:$T/pdf/zhifa.db" "$T/pdf/blobs" "$DOCS" "$T/pdf/decision")
SIGN_RATE=$(awk '/^sign:/{print $(NF-1)}' <<<"$PDF_OUT")
RENDER_RATE=$(awk '/^render:/{print $(NF-1)}' <<<"$PDF_OUT")
PAGES=$(awk '/^pages:/{print $2}' <<<"$PDF_OUT")
command -v pdfinfo >/dev/null && PAGES=$(pdfinfo "$T/pdf/decision.pdf" | awk '/^Pages:/{print $2}')
PDF_BYTES=$(stat -c %s "$T/pdf/decision.pdf")
TEXT_CHARS=$(python3 -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read()))' "$T/pdf/decision.txt")
# pango-view: A4 width at 96 dpi minus GB/T 9704 margins (28 mm left, 26 mm right), 16 px Noto Serif CJK SC.
PV=(pango-view -q --no-display --font="Noto Serif CJK SC 16" --width=590 --margin=100 --wrap=char)
log "pango-view: $DOCS documents (and $DOCS one-character ones, interleaved, for its start-up cost)"
printf 'x' >"$T/pdf/one.txt"
us() { echo "${EPOCHREALTIME/./}"; }
PV_US=0 PV1_US=0
for i in $(seq 1 "$DOCS"); do
  a=$(us); "${PV[@]}" --output="$T/pdf/pv-$i.pdf" "$T/pdf/decision.txt"; b=$(us)
  "${PV[@]}" --output="$T/pdf/one-$i.pdf" "$T/pdf/one.txt"; c=$(us)
  PV_US=$((PV_US + b - a)) PV1_US=$((PV1_US + c - b))
done
PV_S=$(awk -v u="$PV_US" 'BEGIN{printf "%.3f", u/1e6}')
PV1_S=$(awk -v u="$PV1_US" 'BEGIN{printf "%.3f", u/1e6}')
PV_RATE=$(awk -v n="$DOCS" -v s="$PV_S" 'BEGIN{printf "%.1f", n/s}')
PV_NET=$(awk -v n="$DOCS" -v s="$PV_S" -v s1="$PV1_S" 'BEGIN{ d = s - s1; if (d > 0) printf "%.1f", n/d; else print "n/a" }')
PV_PAGES=$(command -v pdfinfo >/dev/null && pdfinfo "$T/pdf/pv-1.pdf" | awk '/^Pages:/{print $2}' || echo "?")
PV_BYTES=$(stat -c %s "$T/pdf/pv-1.pdf")
# The Chinese text survives the round trip (pdftotext), when poppler-utils is installed.
ROUNDTRIP="not checked (no pdftotext)"
if command -v pdftotext >/dev/null; then
  pdftotext "$T/pdf/decision.pdf" - | tr -d ' \n' | grep -q "行政处罚决定书" && ROUNDTRIP="yes" || ROUNDTRIP="**no**"
fi

# ---- (b) the officer's case list with $CASES cases -----------------------------------------------
log "seeding $CASES cases"
mkdir -p "$T/data"
t0=$(now_s)
TOKEN=$("$BIN" cases "sqlite:$T/data/zhifa.db" "$CASES" | tail -1)
SEED_S=$(awk -v a="$t0" -v b="$(now_s)" 'BEGIN{printf "%.1f", b-a}')
PORT=$(free_port)
"$ZHIFA" serve --data-dir "$T/data" --listen "127.0.0.1:$PORT" >"$T/access.log" 2>"$T/stderr.log" &
PIDS+=($!)
wait_ok "$PORT" /healthz || { cat "$T/stderr.log" >&2; exit 1; }
AUTH="Authorization: Bearer $TOKEN"
mkdir -p "$T/www/api/v1" "$T/www/workspace"
curl -sf -H "$AUTH" -o "$T/www/api/v1/cases" "http://127.0.0.1:$PORT/api/v1/cases" || { echo "bench: GET /api/v1/cases failed" >&2; exit 1; }
curl -sf -H "$AUTH" -o "$T/www/workspace/cases" "http://127.0.0.1:$PORT/workspace/cases" || { echo "bench: GET /workspace/cases failed" >&2; exit 1; }
chmod -R a+rX "$T/www"
LISTED=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$T/www/api/v1/cases")
JBYTES=$(stat -c %s "$T/www/api/v1/cases") HBYTES=$(stat -c %s "$T/www/workspace/cases")
IN_DB=$(python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("select count(*) from rec_cases").fetchone()[0], c.execute("select count(*) from rec_cases where status=\"open\" and (lead_officer_id=(select id from people where login=\"wangqiang\") or co_officer_id=(select id from people where login=\"wangqiang\"))").fetchone()[0])' "$T/data/zhifa.db")

NPORT=$(free_port)
mkdir -p "$T/nginx"
cat >"$T/nginx/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $T/nginx/access.log;
  client_body_temp_path $T/nginx; proxy_temp_path $T/nginx; fastcgi_temp_path $T/nginx; uwsgi_temp_path $T/nginx; scgi_temp_path $T/nginx;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NPORT;
    root $T/www;
    location = /api/v1/cases { default_type "application/json"; add_header X-Content-Type-Options nosniff; }
    location = /workspace/cases { default_type "text/html; charset=utf-8"; add_header X-Content-Type-Options nosniff; }
  }
}
NGINX
nginx -c "$T/nginx/nginx.conf" -p "$T/nginx" &
PIDS+=($!)
wait_ok "$NPORT" /api/v1/cases || { cat "$T/nginx/error.log" >&2; exit 1; }
cmp -s "$T/www/api/v1/cases" <(curl -sf "http://127.0.0.1:$NPORT/api/v1/cases") || { echo "bench: nginx does not serve the same bytes" >&2; exit 1; }

run() { timeout 120 wrk -t2 -c16 -d"$DURATION" --latency -H "$AUTH" "$1"; }
row() {  # label, url path
  local z n
  log "wrk zhifa $2"; z=$(run "http://127.0.0.1:$PORT$2")
  log "wrk nginx $2"; n=$(run "http://127.0.0.1:$NPORT$2")
  local zr nr zp50 zp99 np50 np99 zerr
  zr=$(awk '/Requests\/sec/{printf "%.0f", $2}' <<<"$z"); nr=$(awk '/Requests\/sec/{printf "%.0f", $2}' <<<"$n")
  zp50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$z")"); zp99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$z")")
  np50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$n")"); np99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$n")")
  zerr=$(awk '/Non-2xx|Socket errors/{print}' <<<"$z" | tr '\n' ' ')
  echo "| $1 | $zp50 / $zp99 ms, $zr req/s${zerr:+ ($zerr)} | $np50 / $np99 ms, $nr req/s |"
}
ROW_API=$(row "\`GET /api/v1/cases\` (JSON, $JBYTES bytes)" /api/v1/cases)
ROW_HTML=$(row "\`GET /workspace/cases\` (HTML, $HBYTES bytes)" /workspace/cases)

cat <<MD

## Whole-process recording: signed PDF documents, the officer's case list (issue 6)

\`BUILD=$BUILD bench/recording_bench.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before: $LOAD_BEFORE; \`bench/recording_bench.cc\` drives the real recording service on SQLite).

**Signed PDF documents.** A 行政处罚决定书 of $TEXT_CHARS characters, $PAGES A4 pages ($PDF_BYTES bytes, Noto Serif CJK SC embedded; Chinese text round-trips through \`pdftotext\`: $ROUNDTRIP), $DOCS documents.

| figure | documents/s |
|---|---|
| zhifa: sign (发文字号, render, SHA-256, blob written with fsync, ledger event, commit) | $SIGN_RATE |
| zhifa: render alone (Pango/Cairo, in process) | $RENDER_RATE |
| reference: \`pango-view\` the same text to PDF (page count: $PV_PAGES — it lays the text out on one long page; $PV_BYTES bytes, the same font embedded), one process per document | $PV_RATE |
| reference without its start-up (minus $DOCS runs on a one-character text: $PV1_S s) | $PV_NET |

Both sides render with Pango/Cairo and embed a subset of the same CJK font, so the reference is the
library's own cost for the same glyphs; zhifa's render adds the GB/T 9704 layout (pagination,
number line, footer), signing adds the 发文字号, SHA-256, an fsynced blob and the ledger event.

**The officer's case list** with $(awk '{print $1}' <<<"$IN_DB") cases in the database ($(awk '{print $2}' <<<"$IN_DB") of them open with 王强 as lead or co-officer; the list shows the newest $LISTED open ones with their nearest deadline); seeded in $SEED_S s. As 王强 with an API token, wrk -t2 -c16, $DURATION per run; nginx serves the bytes zhifa answered as static files.

| request | zhifa p50 / p99 | nginx (same bytes) p50 / p99 |
|---|---|---|
$ROW_API
$ROW_HTML
MD
