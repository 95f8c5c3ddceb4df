#!/usr/bin/env bash
# Portal page of a 1,000-row 行政执法事项清单 (issue 5): zhifa vs nginx serving the same bytes as
# a static file, in the same run, with wrk (2 threads, 64 connections). Goal: zhifa ≥ 0.5× nginx.
# Prints a Markdown section (append it to bench/RESULTS.md). Everything started here is stopped.
# Knobs: BUILD (build), BENCH_DURATION (10s), BENCH_ROWS (1000).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD BUILD=${BUILD:-build} DURATION=${BENCH_DURATION:-10s} ROWS=${BENCH_ROWS:-1000}
ZHIFA=$ROOT/$BUILD/zhifa
[[ -x $ZHIFA ]] || { echo "bench: $ZHIFA not found" >&2; exit 1; }
T=$(mktemp -d /tmp/zhifa-plb.XXXXXX); chmod 755 "$T"
PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$T"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ok() { for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.1; done; return 1; }
to_ms() { awk -v v="$1" 'BEGIN{ n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }

# The seeder: the CMake target when bench/ is built (-DZHIFA_BENCH=ON), else compiled here
# against the build's static libraries.
SEED=$ROOT/$BUILD/portal_list_bench
if [[ ! -x $SEED ]]; then
  SEED=$T/portal_list_bench
  L=$ROOT/$BUILD
  g++ -std=c++20 -O2 -I"$ROOT/src" $(pkg-config --cflags pangocairo) bench/portal_list_bench.cc -o "$SEED" \
    "$L/libzhifa_publicity.a" "$L/libzhifa_org.a" "$L/libzhifa_http.a" "$L/libzhifa_render.a" "$L/libzhifa_law.a" \
    "$L/libzhifa_ledger.a" "$L/libzhifa_store.a" "$L/libzhifa_blob.a" "$L/libzhifa_core.a" "$L/libzhifa_assets.a" \
    $(pkg-config --libs pangocairo libqrencode libgvc xlsxwriter sqlite3 libpq libsodium) -lcrypto -lz -lfmt -lpthread
fi
mkdir -p "$T/data"
"$SEED" "sqlite:$T/data/zhifa.db" "$ROWS" >/dev/null

PORT=$(free_port)
"$ZHIFA" serve --data-dir "$T/data" --listen "127.0.0.1:$PORT" >"$T/access.log" 2>"$T/stderr.log" &
PIDS+=($!)
wait_ok "$PORT" /healthz || { cat "$T/stderr.log" >&2; exit 1; }
URL_PATH=/agencies/jnwqb/publicity/matters
mkdir -p "$T/www"
curl -sf -o "$T/www/list.html" "http://127.0.0.1:$PORT$URL_PATH"
chmod 644 "$T/www/list.html"
BYTES=$(stat -c %s "$T/www/list.html")

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
    location = $URL_PATH { default_type "text/html; charset=utf-8"; alias $T/www/list.html;
      add_header Content-Security-Policy "default-src 'self'"; add_header X-Content-Type-Options nosniff; }
  }
}
NGINX
nginx -c "$T/nginx/nginx.conf" -p "$T/nginx" &
PIDS+=($!)
wait_ok "$NPORT" "$URL_PATH" || { cat "$T/nginx/error.log" >&2; exit 1; }

run() { wrk -t2 -c64 -d"$DURATION" --latency "$1"; }
Z=$(run "http://127.0.0.1:$PORT$URL_PATH")
N=$(run "http://127.0.0.1:$NPORT$URL_PATH")
zr=$(awk '/Requests\/sec/{print $2}' <<<"$Z"); nr=$(awk '/Requests\/sec/{print $2}' <<<"$N")
zp=$(to_ms "$(awk '/ 99%/{print $2}' <<<"$Z")"); np=$(to_ms "$(awk '/ 99%/{print $2}' <<<"$N")")
ratio=$(awk -v a="$zr" -v b="$nr" 'BEGIN{printf "%.2f", a/b}')
cat <<MD

## Portal list page: 1,000-row 行政执法事项清单 (issue 5)

\`bench/portal_list_bench.sh\` (BUILD=$BUILD, $DURATION per run, wrk -t2 -c64, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)).
GET $URL_PATH, $ROWS rows, $BYTES bytes uncompressed; nginx serves the same bytes as a static file.

| server | req/s | p99 ms |
|---|---|---|
| zhifa | $zr | $zp |
| nginx (same bytes) | $nr | $np |
| ratio zhifa/nginx | $ratio (goal ≥ 0.5) | |
MD
