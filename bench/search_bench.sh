#!/usr/bin/env bash
# Decision search over N published decisions (issue 8; default 1,000,000): GET /decisions.json
# with a query mix, wrk -t2 -c32 on the 2 cores, on SQLite and on PostgreSQL. Goal: p99 ≤ 50 ms
# and ≥ 500 requests/s on each. Reference in the same run: nginx serving a static JSON file of
# the same size as the typical answer (GET /decisions.json?q=罚款).
# Prints a Markdown section on stdout (bench/run.sh puts it into bench/RESULTS.md); progress on stderr.
# Knobs: BUILD (build), BENCH_SEARCH_DECISIONS (1000000), BENCH_DURATION (15s), BENCH_SEARCH_CONNS (32), BENCH_SEARCH_PG (1; 0 skips
#   PostgreSQL), BENCH_SEARCH_DIR (unset: a temporary directory removed at the end; set: the seeded
#   databases are kept there and reused by the next run with the same N — delete it when done).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD BUILD=${BUILD:-build}
N=${BENCH_SEARCH_DECISIONS:-1000000} DURATION=${BENCH_DURATION:-15s} WITH_PG=${BENCH_SEARCH_PG:-1} CONNS=${BENCH_SEARCH_CONNS:-32}
ZHIFA=$ROOT/$BUILD/zhifa
die() { echo "search_bench: $*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
[[ -x $ZHIFA ]] || die "$ZHIFA not found — build it first"
for t in wrk nginx curl g++ pkg-config; do command -v "$t" >/dev/null || die "$t is not installed"; done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

T=$(mktemp -d /tmp/zhifa-search.XXXXXX); chmod 755 "$T"
KEEP=${BENCH_SEARCH_DIR:-}
D=${KEEP:-$T}; mkdir -p "$D"; chmod 755 "$D"
PIDS=() PGDIR=""
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [[ -n $PGDIR ]] && as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ok() { for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.1; done; return 1; }
to_ms() { awk -v v="$1" 'BEGIN{ n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.1f", n }'; }
stop_pid() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; local keep=() q; for q in "${PIDS[@]}"; do [[ $q == "$1" ]] || keep+=("$q"); done; PIDS=("${keep[@]}"); }

# The seeder: compiled here against the build's static libraries (rebuilt when older than its inputs).
SEED=$ROOT/$BUILD/bench/search_bench
L=$ROOT/$BUILD
LIBS=("$L/libzhifa_publicity.a" "$L/libzhifa_org.a" "$L/libzhifa_http.a" "$L/libzhifa_render.a" "$L/libzhifa_law.a"
      "$L/libzhifa_ledger.a" "$L/libzhifa_store.a" "$L/libzhifa_blob.a" "$L/libzhifa_sheet.a" "$L/libzhifa_core.a" "$L/libzhifa_assets.a")
SEED_BUILD="g++ -std=c++20 -O2 -Isrc \$(pkg-config --cflags pangocairo libpq) bench/search_bench.cc -o $BUILD/bench/search_bench <the build's libzhifa_*.a> \$(pkg-config --libs pangocairo libqrencode libgvc xlsxwriter sqlite3 libpq libsodium libxml-2.0 libzip) -lcrypto -lz -lfmt -lpthread"
stale=0; [[ -x $SEED ]] || stale=1
for f in bench/search_bench.cc "${LIBS[@]}"; do [[ $f -nt $SEED ]] && stale=1; done
if (( stale )); then
  log "building the seeder"
  mkdir -p "$L/bench"
  g++ -std=c++20 -O2 -I"$ROOT/src" $(pkg-config --cflags pangocairo libpq) bench/search_bench.cc -o "$SEED" "${LIBS[@]}" \
    $(pkg-config --libs pangocairo libqrencode libgvc xlsxwriter sqlite3 libpq libsodium) \
    $(pkg-config --libs libxml-2.0 libzip 2>/dev/null || true) -lcrypto -lz -lfmt -lpthread
fi

# seed URL LABEL: seeds unless DIR/LABEL.seeded says this N is already there; keeps the seeder's report.
seed() {
  local url=$1 label=$2
  if [[ -f $D/$label.seeded && $(head -1 "$D/$label.seeded") == "$N" ]]; then log "$label: reusing the seeded database ($D)"; return 0; fi
  log "$label: seeding $N decisions"
  [[ $label == sqlite ]] && rm -rf "$D/sqlite" && mkdir -p "$D/sqlite"
  local t0=$SECONDS
  "$SEED" "$url" "$N" >"$D/$label.report" 2>"$D/$label.seed.log" || { cat "$D/$label.seed.log" "$D/$label.report" >&2; die "$label: seeding failed"; }
  { echo "$N"; echo "$((SECONDS - t0))"; } >"$D/$label.seeded"
}
seed_secs() { sed -n 2p "$D/$1.seeded"; }

# The query mix: common 2-character words, rarer words, phrases, a company name, filters, an empty
# query, a symbol-only one, a 10 KB one (refused by the server's 8 KiB URL limit) and a 7 KB one.
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
make_mix() {  # $1 = company name
  local q=() long7 long10
  long7=$(python3 -c 'print("罚款许可警告" * 134)')       # 804 characters, ≈ 7.2 KB URL-encoded (cut to 100 by search)
  long10=$(python3 -c 'print("a" * 10240)')                # 10 KB: over the 8 KiB URL limit
  for w in 罚款 罚款 罚款 许可 许可 许可 警告 警告 侨眷 电线电缆 挥发性有机物 洸府 核电站 行政复议 超过保质期 虚假广告 食品经营 \
           外国人来华 准予许可 "$1"; do
    q+=("q=$(urlenc "$w")")
  done
  q+=("q=$(urlenc 罚款)&category=$(urlenc 行政处罚)" "q=$(urlenc 许可)&from=2025-01-01&to=2025-03-31"
      "q=$(urlenc 警告)&agency=qufu" "category=$(urlenc 行政确认)" "from=2026-01-01&to=2026-01-31"
      "q=$(urlenc 罚款)&page=5" "q=$(urlenc 许可)&sort=relevance" "q=$(urlenc 侨眷)&sort=relevance" "" "q=$(urlenc '！！@#￥%')"
      "q=$(urlenc "$long7")" "q=$long10")
  {
    echo "-- generated by bench/search_bench.sh: one path per request, cycling, each thread from its own offset"
    echo "local paths = {"
    local x; for x in "${q[@]}"; do echo "  \"/decisions.json?$x\","; done
    echo "}"
    echo 'local i = 0'
    echo 'function setup(thread) thread:set("offset", math.random(#paths)) end'
    echo 'function init(args) i = (offset or 0) end'
    echo 'function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
  } >"$T/mix.lua"
  printf '%s\n' "${q[@]}" >"$T/mix.txt"
}

run_wrk() { timeout 120 wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s --latency "$@"; }
rps() { awk '/^Requests\/sec:/{printf "%.0f", $2}' <<<"$1"; }
pct() { to_ms "$(awk -v q="$2" '$1 == q {print $2}' <<<"$1")"; }
non2xx() { awk '/Non-2xx/{print $NF}' <<<"$1"; }
sockerr() { awk '/Socket errors/{print}' <<<"$1"; }
met() { awk -v p="$1" -v r="$2" 'BEGIN{ print (p+0 <= 50 && r+0 >= 500) ? "yes" : "**no**" }'; }

ROWS=() RAW=""
# bench_backend LABEL ZHIFA-ARGS…: serve, warm up, per-query timings, the mix under wrk.
bench_backend() {
  local label=$1; shift
  local port; port=$(free_port)
  "$ZHIFA" serve "$@" --listen "127.0.0.1:$port" >"$T/$label-access.log" 2>"$T/$label-stderr.log" &
  local zpid=$!; PIDS+=("$zpid")
  wait_ok "$port" /healthz || { cat "$T/$label-stderr.log" >&2; die "$label: zhifa did not start"; }
  [[ -f $T/mix.lua ]] || make_mix "$(sed -n 's/^query-company: //p' "$D/$label.report")"
  if [[ ! -f $T/www/decisions.json ]]; then  # the reference body: the typical answer, same size
    mkdir -p "$T/www"; curl -sf -o "$T/www/decisions.json" "http://127.0.0.1:$port/decisions.json?q=$(urlenc 罚款)"; chmod 644 "$T/www/decisions.json"
  fi
  # Each query once, cold then warm (curl's total time), for the table of slow queries.
  local line t1 t2 code
  while IFS= read -r line; do
    t1=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/decisions.json?$line")
    read -r code t2 < <(curl -s -o "$T/body.json" -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$port/decisions.json?$line")
    local tot; tot=$(python3 -c 'import json,sys
try: d=json.load(open(sys.argv[1])); print(str(d.get("total","?")) + ("+" if d.get("total_capped") else ""))
except Exception: print("-")' "$T/body.json")
    printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$(python3 -c 'import sys,urllib.parse; s=urllib.parse.unquote(sys.argv[1]); print(s if len(s) < 40 else s[:12] + "…(" + str(len(s)) + " chars)")' "$line")" "$code" "$tot" "$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f / %.1f", a*1000, b*1000}')" >>"$T/queries.tsv"
  done <"$T/mix.txt"
  log "$label: wrk warm-up (5 s)"
  run_wrk -d5s -s "$T/mix.lua" "http://127.0.0.1:$port" >/dev/null
  log "$label: wrk $DURATION"
  local W; W=$(run_wrk -s "$T/mix.lua" "http://127.0.0.1:$port")
  RAW+=$'\n'"\$ wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency -s mix.lua http://127.0.0.1:\$PORT    # zhifa, $label"$'\n'"$W"$'\n'
  local rss; rss=$(awk '/^VmRSS:/{printf "%.0f", $2/1024}' "/proc/$zpid/status")
  ROWS+=("$label|$(pct "$W" 50%)|$(pct "$W" 99%)|$(rps "$W")|$(non2xx "$W")|$(sockerr "$W")|$rss")
  stop_pid "$zpid"
}

# --- SQLite --------------------------------------------------------------------------------------
mkdir -p "$D/sqlite"
seed "sqlite:$D/sqlite/zhifa.db" sqlite
bench_backend sqlite --data-dir "$D/sqlite"
SQLITE_MB=$(du -sm "$D/sqlite" | cut -f1)

# --- PostgreSQL: a throw-away server (or the kept one) --------------------------------------------
PGNOTE="" PG_VER="" PG_MB=""
if [[ $WITH_PG == 1 && -n $PG_BIN ]]; then
  PGDIR=$D/pg PGPORT=$(free_port)
  if [[ ! -d $PGDIR/data ]]; then
    rm -f "$D/pg.seeded"
    mkdir -p "$PGDIR"; [[ $(id -u) -eq 0 ]] && chown postgres "$PGDIR"
    as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 || die "initdb failed"
  fi
  # fsync off as scripts/pg.sh (the search only reads); shared_buffers 1 GB (a dedicated server would give more).
  as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c max_connections=100 -c shared_buffers=1GB -c max_wal_size=8GB" start >/dev/null ||
    die "PostgreSQL did not start"
  PG_URL="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
  PG_VER=$("$PG_BIN/postgres" --version | awk '{print $3}')
  seed "$PG_URL" pg
  PG_MB=$(as_pg psql "$PG_URL" -Atc "SELECT pg_database_size(current_database()) / 1048576")
  mkdir -p "$D/pgdata"
  bench_backend pg --db "$PG_URL" --data-dir "$D/pgdata"
else
  PGNOTE="PostgreSQL skipped (BENCH_SEARCH_PG=0 or not installed)."
fi

# --- reference: nginx serving the same-size JSON as a static file, with the same mix of URLs -------
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
  large_client_header_buffers 4 16k;
  server {
    listen 127.0.0.1:$NPORT;
    location = /decisions.json { default_type application/json; alias $T/www/decisions.json; }
  }
}
NGINX
nginx -c "$T/nginx/nginx.conf" -p "$T/nginx" 2>"$T/nginx/stderr.log" &
NPID=$!; PIDS+=("$NPID")
wait_ok "$NPORT" /decisions.json || { cat "$T/nginx/error.log" >&2; die "nginx did not start"; }
log "nginx: wrk $DURATION"
NW=$(run_wrk -s "$T/mix.lua" "http://127.0.0.1:$NPORT")
RAW+=$'\n'"\$ wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency -s mix.lua http://127.0.0.1:\$NPORT    # nginx, static file"$'\n'"$NW"$'\n'
NRPS=$(rps "$NW") NP50=$(pct "$NW" 50%) NP99=$(pct "$NW" 99%)
stop_pid "$NPID"
BYTES=$(stat -c %s "$T/www/decisions.json")

# --- Markdown ---------------------------------------------------------------------------------------
cat <<MD

## Decision search over $(printf "%'d" "$N") published decisions (issue 8)

\`BENCH_SEARCH_DECISIONS=$N bench/search_bench.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), BUILD=$BUILD; wrk -t2 -c$CONNS -d$DURATION after a 5 s warm-up, $(nproc) cores shared by
client and servers; load average before: $LOAD_BEFORE; SQLite $(sqlite3 --version 2>/dev/null | awk '{print $1}')${PG_VER:+, PostgreSQL $PG_VER (shared_buffers 1 GB)}).
\`GET /decisions.json?…\` cycling through $(wc -l <"$T/mix.txt") queries (listed below); the reference is nginx serving a
static file of the size of the typical answer (\`q=罚款\`, $BYTES bytes) for the same URLs. Goal: p99 ≤ 50 ms and ≥ 500 requests/s.

| backend | p50 ms | p99 ms | requests/s | ratio to nginx (req/s) | goal met | RSS after, MB | non-2xx | seeding |
|---|---|---|---|---|---|---|---|---|
MD
for r in "${ROWS[@]}"; do
  IFS='|' read -r label p50 p99 r_s n2 se rss <<<"$r"
  [[ $label == sqlite ]] && name="zhifa, SQLite ($SQLITE_MB MB)" || name="zhifa, PostgreSQL ($PG_MB MB)"
  echo "| $name | $p50 | $p99 | $r_s | $(awk -v a="$r_s" -v b="$NRPS" 'BEGIN{printf "%.4f", a/b}')× | $(met "$p99" "$r_s") | $rss | ${n2:-0}${se:+ ($se)} | $(seed_secs "$label") s |"
done
echo "| nginx, static file (reference) | $NP50 | $NP99 | $NRPS | 1× | | | $(non2xx "$NW") | |"
[[ -n $PGNOTE ]] && { echo; echo "$PGNOTE"; }
echo
echo "Non-2xx: the 10 KB query, refused by the 8 KiB URL limit (1 in $(wc -l <"$T/mix.txt") requests)."
echo
echo "Each query once, cold then warm (curl, ms; \`total\` as answered, + when capped at 1000):"
echo
echo "| backend | query | status | total | ms (cold / warm) |"
echo "|---|---|---|---|---|"
awk -F'\t' '{ q=$2; gsub(/\|/, "\\|", q); printf "| %s | `%s` | %s | %s | %s |\n", $1, q, $3, $4, $5 }' "$T/queries.tsv"
echo
echo "Seeder checks (\`$BUILD/bench/search_bench DB-URL $N\`, built with \`$SEED_BUILD\`):"
echo
echo '```'
for label in sqlite pg; do [[ -f $D/$label.report ]] && { echo "# $label"; cat "$D/$label.report"; grep -v '^  ' "$D/$label.seed.log" || true; }; done
echo '```'
echo
echo '<details><summary>wrk output</summary>'
echo
echo '```'
echo "$RAW" | sed '1{/^$/d}'
echo '```'
echo '</details>'
