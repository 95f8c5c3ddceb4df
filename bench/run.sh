#!/usr/bin/env bash
# Benchmarks (issues 2, 3, 4) — run by `make bench` after the build; writes bench/RESULTS.md.
# Every figure is measured next to its reference in the same run, on the same machine:
#   1. portal home page GET /        zhifa vs nginx serving the same bytes as a static file (wrk)
#   2. idle RSS                      zhifa vs nginx (master + workers)
#   3. start → first answered request  zhifa vs nginx (bash /dev/tcp polling, ~1 ms resolution)
#   4. law: add_working_days ns/op; masking MB/s vs `grep -Eo` over the same 100 MB
#   5. ledger: appends/s, inclusion proofs/s, `verify` vs `sha256sum` over the same bytes
# Bounded: about 2–3 minutes on 2 cores; everything started here is stopped on exit.
# Knobs (environment): BUILD (build), BENCH_DURATION (10s), BENCH_MASK_MB (100),
#   BENCH_LEDGER_EVENTS (1000000), BENCH_PG_EVENTS (20000; 0 skips PostgreSQL), BENCH_PG_SINGLE (2000 of
#   them one per transaction: ~200/s there), BENCH_OUT (bench/RESULTS.md)
#   BENCH_RECORDING_CASES (100000; 0 skips bench/recording_bench.sh: signed PDFs/s, the case list)
#   BENCH_INSPECTION (1; 0 skips the RFC 3797 draw bench, bench/inspection_bench.cc)
#   BENCH_SEARCH_DECISIONS (1000000; 0 skips bench/search_bench.sh, which seeds 1M decisions on SQLite
#   and PostgreSQL first: ~15–30 more minutes)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
ZHIFA=$ROOT/$BUILD/zhifa
DURATION=${BENCH_DURATION:-10s}
MASK_MB=${BENCH_MASK_MB:-100}
LEDGER_EVENTS=${BENCH_LEDGER_EVENTS:-1000000}
PG_EVENTS=${BENCH_PG_EVENTS:-20000}
PG_SINGLE=${BENCH_PG_SINGLE:-2000}
OUT=${BENCH_OUT:-$ROOT/bench/RESULTS.md}
WRK_THREADS=2 WRK_CONNS=64

die() { echo "bench: $*" >&2; exit 1; }
[[ -x $ZHIFA ]] || die "$ZHIFA not found — run \`make build\` first"
for t in wrk nginx curl g++ sha256sum; do command -v "$t" >/dev/null || die "$t is not installed (scripts/setup.sh --test installs it)"; done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
T=$(mktemp -d /tmp/zhifa-bench.XXXXXX)
chmod 755 "$T"  # nginx workers (user nobody when started as root) read $T/www
PIDS=()
PGDIR=""
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ -n $PGDIR ]]; then as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_us() { echo "${EPOCHREALTIME/./}"; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
forget_pid() { local p=$1 keep=() q; for q in "${PIDS[@]}"; do [[ $q == "$p" ]] || keep+=("$q"); done; PIDS=("${keep[@]}"); }
stop_pid() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; forget_pid "$1"; }


# wait_ok PORT PATH TIMEOUT_S: returns once GET PATH answers 200 (or fails at the timeout).
# A bash /dev/tcp loop, no process per attempt, so the figure is not dominated by fork+exec.
wait_ok() {
  local port=$1 path=$2 deadline=$(( $(now_us) + $3 * 1000000 )) line
  while (( $(now_us) < deadline )); do
    if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
      printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3 || true
      line=""
      read -r -t 5 line <&3 || true
      exec 3<&- 3>&-
      [[ $line == *" 200 "* ]] && return 0
    fi 2>/dev/null
  done
  return 1
}

rss_kb() { local s=0 p v; for p in "$@"; do v=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0); s=$((s + ${v:-0})); done; echo "$s"; }
mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
maxof() { printf '%s\n' "$@" | sort -n | tail -1; }
ms_since() { awk -v a="$1" -v b="$(now_us)" 'BEGIN{printf "%.1f", (b-a)/1000}'; }
# wrk latency ("812.00us", "3.49ms", "1.02s") -> milliseconds
to_ms() { awk -v v="$1" 'BEGIN{ n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }
ok() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN{ r = (op == "<=") ? (a+0 <= b+0) : (a+0 >= b+0); print r ? "yes" : "**no**" }'; }

CMDS=()   # the commands, for RESULTS.md
RAW=""    # raw tool output, for RESULTS.md
raw() { RAW+=$'\n'"\$ $1"$'\n'"$2"$'\n'; }

# ---------------------------------------------------------------------------------------------
# zhifa: cold start (fresh data directory: migrations, demo organisation, ledger key)
PORT=$(free_port)
DATA=$T/data
ZCMD=("$ZHIFA" serve --demo --data-dir "$DATA" --listen "127.0.0.1:$PORT")
CMDS+=("zhifa serve --demo --data-dir \$TMP/data --listen 127.0.0.1:\$PORT  (access log on stdout → a file)")
start_zhifa() {
  "${ZCMD[@]}" >>"$T/zhifa-access.log" 2>>"$T/zhifa-stderr.log" &
  ZPID=$!
  PIDS+=("$ZPID")
}
log "zhifa: cold start"
t0=$(now_us); start_zhifa
wait_ok "$PORT" /healthz 30 || { cat "$T/zhifa-stderr.log" >&2; die "zhifa did not answer /healthz"; }
ZCOLD=$(ms_since "$t0")
stop_pid "$ZPID"

# warm starts (existing data directory, as every restart after the first)
log "zhifa: 5 warm starts"
ZSTARTS=()
for i in 1 2 3 4 5; do
  t0=$(now_us); start_zhifa
  wait_ok "$PORT" /healthz 30 || die "zhifa did not answer /healthz"
  ZSTARTS+=("$(ms_since "$t0")")
  (( i < 5 )) && stop_pid "$ZPID"
done
ZSTART_MED=$(median "${ZSTARTS[@]}") ZSTART_MAX=$(maxof "${ZSTARTS[@]}")
sleep 2
ZRSS_IDLE=$(rss_kb "$ZPID")
ZTHREADS=$(awk '/^Threads:/{print $2}' "/proc/$ZPID/status")

# The bytes nginx will serve: exactly what zhifa answers for GET / (no Accept-Encoding, plain).
mkdir -p "$T/www"
curl -sf -o "$T/www/index.html" "http://127.0.0.1:$PORT/" || die "GET / failed"
curl -sf -D "$T/zhifa-headers.txt" -o /dev/null "http://127.0.0.1:$PORT/"
chmod 644 "$T/www/index.html"
PAGE_BYTES=$(stat -c %s "$T/www/index.html")

# ---------------------------------------------------------------------------------------------
# nginx: same bytes as a static file, 2 workers (the 2 cores), access log on (zhifa logs too),
# the same security headers, keep-alive without a request cap (zhifa has none).
NPORT=$(free_port)
write_nginx_static_conf "$T/nginx" "$NPORT" "$T/www" "    location = /healthz { default_type application/json; return 200 '{\"status\":\"ok\"}'; }"
NCMD=(nginx -p "$T/nginx" -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf")
CMDS+=("nginx -p \$TMP/nginx -e \$TMP/nginx/error.log -c \$TMP/nginx/nginx.conf  (worker_processes 2, daemon off, access_log on, sendfile, the same security headers; config written by bench/run.sh)")
"${NCMD[@]}" -t -q || die "nginx config test failed"
start_nginx() { "${NCMD[@]}" 2>>"$T/nginx/stderr.log" & NPID=$!; PIDS+=("$NPID"); }
log "nginx: 5 starts"
NSTARTS=()
for i in 1 2 3 4 5; do
  t0=$(now_us); start_nginx
  wait_ok "$NPORT" / 30 || { cat "$T/nginx/error.log" >&2; die "nginx did not answer"; }
  NSTARTS+=("$(ms_since "$t0")")
  (( i < 5 )) && stop_pid "$NPID"
done
NSTART_MED=$(median "${NSTARTS[@]}") NSTART_MAX=$(maxof "${NSTARTS[@]}")
sleep 2
NRSS_IDLE=$(rss_kb "$NPID" $(pgrep -P "$NPID" || true))
curl -sf -o "$T/nginx-index.html" "http://127.0.0.1:$NPORT/" || die "nginx GET / failed"
cmp -s "$T/www/index.html" "$T/nginx-index.html" || die "nginx does not serve the same bytes"
curl -sf -D "$T/nginx-headers.txt" -o /dev/null "http://127.0.0.1:$NPORT/"

# ---------------------------------------------------------------------------------------------
# wrk: the portal home page, zhifa then nginx; then zhifa's /healthz (one SQLite read per request)
run_wrk() { timeout 60 wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$DURATION" --latency "$1"; }
wrk_rps() { awk '/^Requests\/sec:/{printf "%.0f", $2}' <<<"$1"; }
wrk_p() { to_ms "$(awk -v q="$2" '$1 == q {print $2}' <<<"$1")"; }
wrk_err() { awk '/Non-2xx|Socket errors/{print}' <<<"$1" | tr '\n' ' '; }
WRK="wrk -t$WRK_THREADS -c$WRK_CONNS -d$DURATION --latency"

# Two rounds, alternating, best of each: other load on a small machine moves single runs a lot.
ZW="" NW="" ZALL=() NALL=()
for round in 1 2; do
  log "wrk zhifa GET / (round $round)"
  W=$(run_wrk "http://127.0.0.1:$PORT/"); raw "$WRK http://127.0.0.1:\$PORT/    # zhifa, round $round" "$W"
  ZALL+=("$(wrk_rps "$W")"); [[ -z $ZW || $(wrk_rps "$W") -gt $(wrk_rps "$ZW") ]] && ZW=$W
  [[ $round == 1 ]] && ZRSS_LOAD=$(rss_kb "$ZPID")
  log "wrk nginx GET / (round $round)"
  W=$(run_wrk "http://127.0.0.1:$NPORT/"); raw "$WRK http://127.0.0.1:\$NPORT/   # nginx, round $round" "$W"
  NALL+=("$(wrk_rps "$W")"); [[ -z $NW || $(wrk_rps "$W") -gt $(wrk_rps "$NW") ]] && NW=$W
done
log "wrk zhifa GET /healthz"
HW=$(run_wrk "http://127.0.0.1:$PORT/healthz"); raw "$WRK http://127.0.0.1:\$PORT/healthz    # zhifa" "$HW"
ZRSS_AFTER=$(rss_kb "$ZPID")
NRSS_LOAD=$(rss_kb "$NPID" $(pgrep -P "$NPID" || true))

ZRPS=$(wrk_rps "$ZW") NRPS=$(wrk_rps "$NW") HRPS=$(wrk_rps "$HW")
ZP50=$(wrk_p "$ZW" 50%) ZP99=$(wrk_p "$ZW" 99%) NP50=$(wrk_p "$NW" 50%) NP99=$(wrk_p "$NW" 99%)
HP50=$(wrk_p "$HW" 50%) HP99=$(wrk_p "$HW" 99%)
ZERR=$(wrk_err "$ZW") NERR=$(wrk_err "$NW") HERR=$(wrk_err "$HW")
stop_pid "$ZPID"; stop_pid "$NPID"

# ---------------------------------------------------------------------------------------------
# Bench binaries: the CMake targets when the build has them (-DZHIFA_BENCH=ON), else g++ directly
# against the static libraries of the build.
LIBS_LAW=("$BUILD/libzhifa_law.a" "$BUILD/libzhifa_store.a" "$BUILD/libzhifa_core.a" "$BUILD/libzhifa_assets.a" -lfmt -lsqlite3 -lpq -lpthread)
LIBS_LEDGER=("$BUILD/libzhifa_ledger.a" "$BUILD/libzhifa_store.a" "$BUILD/libzhifa_core.a" "$BUILD/libzhifa_assets.a" -lfmt -lsqlite3 -lpq -lcrypto -lsodium -lpthread)
if grep -q 'build bench/law_bench:' "$BUILD/build.ninja" 2>/dev/null; then
  log "building bench targets (cmake)"
  cmake --build "$BUILD" --target law_bench ledger_bench >/dev/null
  LAW_BENCH=$BUILD/bench/law_bench LEDGER_BENCH=$BUILD/bench/ledger_bench
  BUILT_WITH="cmake --build $BUILD --target law_bench ledger_bench   (bench/CMakeLists.txt, -DZHIFA_BENCH=ON)"
else
  cmake --build "$BUILD" --target zhifa_law zhifa_ledger >/dev/null
  mkdir -p "$BUILD/bench"
  LAW_BENCH=$BUILD/bench/law_bench LEDGER_BENCH=$BUILD/bench/ledger_bench
  stale() { local out=$1 f; shift; [[ -x $out ]] || return 0; for f in "$@"; do [[ $f == -* || ! $f -nt $out ]] || return 0; done; return 1; }
  if stale "$LAW_BENCH" bench/law_bench.cc "${LIBS_LAW[@]}"; then
    log "building law_bench (g++)"
    g++ -std=c++20 -O2 -Isrc bench/law_bench.cc -o "$LAW_BENCH" "${LIBS_LAW[@]}"
  fi
  if stale "$LEDGER_BENCH" bench/ledger_bench.cc "${LIBS_LEDGER[@]}"; then
    log "building ledger_bench (g++)"
    g++ -std=c++20 -O2 -Isrc bench/ledger_bench.cc -o "$LEDGER_BENCH" "${LIBS_LEDGER[@]}"
  fi
  BUILT_WITH="g++ -std=c++20 -O2 -Isrc bench/law_bench.cc -o $LAW_BENCH ${LIBS_LAW[*]}
g++ -std=c++20 -O2 -Isrc bench/ledger_bench.cc -o $LEDGER_BENCH ${LIBS_LEDGER[*]}"
fi

# law: calendar + masking; then grep -Eo (every match, as the masker must find every span) over
# the same bytes, byte locale, output counted.
log "law_bench ($MASK_MB MB)"
LB=$(timeout 120 "$LAW_BENCH" "$MASK_MB" "$T/text.txt"); raw "law_bench $MASK_MB \$TMP/text.txt" "$LB"
ADD_NS=$(sed -n 's/.*pairs, \([0-9.]*\) ns\/op.*/\1/p' <<<"$LB")
MASK_MBS=$(sed -n 's/.*= \([0-9.]*\) MB\/s.*/\1/p' <<<"$LB")
MASK_SPANS=$(sed -n 's/.*(\([0-9]*\) spans).*/\1/p' <<<"$LB")
GREP_PAT='[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8}|[0-9]{16,19}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
GREP_CMD="LC_ALL=C grep -Eo '$GREP_PAT' \$TMP/text.txt | wc -l"
log "grep -Eo"
t0=$(now_us)
GREP_N=$(LC_ALL=C timeout 120 grep -Eo "$GREP_PAT" "$T/text.txt" | wc -l)
GREP_S=$(awk -v a="$t0" -v b="$(now_us)" 'BEGIN{printf "%.3f", (b-a)/1e6}')
TEXT_MB=$(awk -v b="$(stat -c %s "$T/text.txt")" 'BEGIN{printf "%.1f", b/1048576}')
GREP_MBS=$(awk -v m="$TEXT_MB" -v s="$GREP_S" 'BEGIN{printf "%.1f", m/s}')
raw "$GREP_CMD" "$GREP_N matches in $GREP_S s = $GREP_MBS MB/s"
rm -f "$T/text.txt"

# ledger on SQLite (the bench makes its database under TMPDIR)
log "ledger_bench SQLite ($LEDGER_EVENTS events)"
LS=$(TMPDIR=$T timeout 300 "$LEDGER_BENCH" "$LEDGER_EVENTS" 2>&1) || true
raw "ledger_bench $LEDGER_EVENTS    # SQLite in \$TMP" "$LS"
# the same 1-event transactions from 64 writers: what group commit does with more concurrency
log "ledger_bench SQLite, 64 writers"
LS64=$(TMPDIR=$T timeout 120 "$LEDGER_BENCH" 20000 "" 20000 64 2>&1) || true
raw "ledger_bench 20000 \"\" 20000 64    # SQLite in \$TMP, 64 writers" "$LS64"

# ledger on PostgreSQL: a throw-away server with fsync ON (durable appends), when installed.
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
LP="" PGNOTE=""
if [[ $PG_EVENTS -gt 0 && -n $PG_BIN && -x $PG_BIN/initdb ]]; then
  PGDIR=$T/pg PGPORT=$(free_port)
  mkdir -p "$PGDIR"; [[ $(id -u) -eq 0 ]] && chown postgres "$PGDIR"
  log "PostgreSQL: initdb + start (fsync on)"
  if as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 &&
     as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
       -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c max_connections=100" start >/dev/null; then
    log "ledger_bench PostgreSQL ($PG_EVENTS events)"
    LP=$(TMPDIR=$T timeout 300 "$LEDGER_BENCH" "$PG_EVENTS" "postgresql://postgres@127.0.0.1:$PGPORT/postgres" "$PG_SINGLE" 2>&1) || true
    raw "ledger_bench $PG_EVENTS postgresql://postgres@127.0.0.1:\$PGPORT/postgres $PG_SINGLE    # PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), fsync on" "$LP"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
  else
    PGNOTE="PostgreSQL could not be started (see initdb/server log); skipped."
  fi
  PGDIR=""
else
  PGNOTE="PostgreSQL not installed or BENCH_PG_EVENTS=0; skipped."
fi
led() { sed -n "$2" <<<"$1"; }
ledger_rows() {  # $1 = output, $2 = backend label
  local o=$1 b=$2 a1 a2 pr v
  [[ -z $o ]] && return 0
  a1=$(led "$o" 's/^append, 1 event\/tx, \([0-9]*\) writers: .* = \([0-9]*\) appends\/s.*/\2 (\1 writers, 1 event\/tx)/p')
  a2=$(led "$o" 's/^append, 100 events\/tx: .* = \([0-9]*\) appends\/s.*/\1/p')
  pr=$(led "$o" 's/^inclusion proofs (size \([0-9]*\)): \([0-9]*\) proofs\/s, \([0-9]*\) .*/\2 (tree size \1, \3 µs each)/p')
  v=$(led "$o" 's/^verify \([0-9]*\) events: \([0-9.]*\) s (\(.*\)); sha256sum over the same \([0-9.]*\) MB: \([0-9.]*\) s.*ratio \([0-9.]*\)x/\2|\5|\6|\1|\4|\3/p')
  local a1n=${a1%% *}
  echo "| ledger $b: durable appends/s, 1 event per transaction | ${a1:-?} | — | — | ≥ 10,000/s | $( [[ -n $a1n ]] && ok "$a1n" '>=' 10000 || echo '?') |"
  echo "| ledger $b: appends/s, 100 events per transaction | ${a2:-?} | — | — | — | |"
  echo "| ledger $b: inclusion proofs/s | ${pr:-?} | — | — | — | |"
  if [[ -n $v ]]; then
    IFS='|' read -r vs ss vr vn vmb vst <<<"$v"
    echo "| ledger $b: \`verify\` of $vn events ($vst) vs \`sha256sum\` over the same $vmb MB | $vs s | $ss s | ${vr}× | ≤ 3× | $(ok "$vr" '<=' 3) |"
  else
    echo "| ledger $b: verify | failed — see the raw output | | | | |"
  fi
}

# Decision search over 1M published decisions (issue 8): its own script and Markdown section.
SEARCH_MD=""
if [[ ${BENCH_SEARCH_DECISIONS:-1000000} != 0 ]]; then
  log "decision search (bench/search_bench.sh)"
  SEARCH_MD=$(BUILD=$BUILD bench/search_bench.sh) || SEARCH_MD=$'\n'"Decision search: bench/search_bench.sh failed (see its output)."
fi

# Whole-process recording (issue 6): signed PDF documents/s, the officer's case list with 100,000 cases.
RECORDING_MD=""
if [[ ${BENCH_RECORDING_CASES:-100000} != 0 ]]; then
  log "recording (bench/recording_bench.sh)"
  RECORDING_MD=$(BUILD=$BUILD BENCH_CASES=${BENCH_RECORDING_CASES:-100000} BENCH_DURATION=$DURATION bench/recording_bench.sh) ||
    RECORDING_MD=$'\n'"Recording: bench/recording_bench.sh failed (see its output)."
fi

# Random inspection draw (issue 18): RFC 3797, 1 % of 1,000,000 objects and two inspectors each
# from 500, against a plain loop of the same number of MD5 digests in the same run.
INSPECTION_MD=""
if [[ ${BENCH_INSPECTION:-1} != 0 ]]; then
  log "inspection_bench (RFC 3797 draw)"
  INSPECTION_BENCH=$BUILD/bench/inspection_bench
  # Against the build's static libraries (the draw record reads the list model, which reads
  # publicity's 分级抽查比例 reading and the law module's identifiers and calendar).
  LIBS_INSPECTION=("$BUILD/libzhifa_inspection.a" "$BUILD/libzhifa_publicity.a" "$BUILD/libzhifa_law.a" "$BUILD/libzhifa_blob.a" "$BUILD/libzhifa_store.a"
                   "$BUILD/libzhifa_core.a" "$BUILD/libzhifa_assets.a" -lfmt -lsqlite3 -lpq -lcrypto -lpthread)
  mkdir -p "$BUILD/bench"
  if grep -q 'build bench/inspection_bench:' "$BUILD/build.ninja" 2>/dev/null; then
    cmake --build "$BUILD" --target inspection_bench >/dev/null
    INSPECTION_WITH="cmake --build $BUILD --target inspection_bench"
  else
    cmake --build "$BUILD" --target zhifa_inspection zhifa_publicity zhifa_law zhifa_blob >/dev/null
    g++ -std=c++20 -O2 -Isrc bench/inspection_bench.cc -o "$INSPECTION_BENCH" "${LIBS_INSPECTION[@]}"
    INSPECTION_WITH="g++ -std=c++20 -O2 -Isrc bench/inspection_bench.cc -o $INSPECTION_BENCH ${LIBS_INSPECTION[*]}"
  fi
  if IB=$(timeout 120 "$INSPECTION_BENCH" 2>&1); then
    raw "inspection_bench" "$IB"
    INSPECTION_MD="## Random inspection draw (issue 18)"$'\n\n'"Built with \`$INSPECTION_WITH\`; three runs on the same machine vary by a few hundredths of the ratio."$'\n\n'"| Figure | zhifa | reference (same run) | ratio | goal | met |"$'\n'"|---|---|---|---|---|---|"$'\n'"$IB"
  else
    INSPECTION_MD=$'\n'"Inspection draw: bench/inspection_bench failed (see the raw output)."
    raw "inspection_bench" "$IB"
  fi
fi

# ---------------------------------------------------------------------------------------------
log "writing $OUT"
CPU=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/^MemTotal:/{printf "%.1f GB", $2/1048576}' /proc/meminfo)
REV=$(git rev-parse --short HEAD 2>/dev/null || echo "?")$(git diff --quiet HEAD -- src 2>/dev/null || echo "+uncommitted")
RATIO=$(ratio "$ZRPS" "$NRPS")
BTYPE=$(awk -F= '/^CMAKE_BUILD_TYPE:/{print $2}' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
# A hand-written "## Notes" section (findings, explanations) survives re-runs.
NOTES=""
[[ -f $OUT ]] && NOTES=$(awk '/^## Notes/{f=1} /^## How each figure/{f=0} f' "$OUT")
{
  echo "# Benchmarks"
  echo
  echo "Generated by \`bench/run.sh\` (\`make bench\`); do not edit by hand — run it again."
  echo
  echo "- **Date:** $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- **Machine:** $(nproc) CPUs (nproc), $CPU, $MEM RAM, $(uname -sr)"
  echo "- **Software:** $("$ZHIFA" --version 2>&1 | head -1) (commit $REV, build type ${BTYPE:-RelWithDebInfo (CMakeLists default)}), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | awk '{print "wrk " $2}'), $(g++ --version | head -1), SQLite $(sqlite3 --version 2>/dev/null | awk '{print $1}' || echo '?')"
  echo "- **Load average before the run:** $LOAD_BEFORE (other work on the machine skews every figure; the ratios, measured back to back, less so)."
  echo "- Client and servers share the same $(nproc) CPUs (wrk uses $WRK_THREADS threads); zhifa runs with its defaults ($ZTHREADS threads in the process), nginx with 2 workers."
  echo
  echo "## Results"
  echo
  echo "| Figure | zhifa | reference (same run) | ratio | goal | met |"
  echo "|---|---|---|---|---|---|"
  echo "| Portal home page \`GET /\` ($PAGE_BYTES bytes, plain), requests/s, best of 2 rounds (zhifa ${ZALL[*]}; nginx ${NALL[*]}) | $ZRPS | nginx static file: $NRPS | $RATIO× nginx | ≥ 0.5× | $(ok "$RATIO" '>=' 0.5) |"
  echo "| \`GET /\` latency p50 / p99 (in the best round) | $ZP50 / $ZP99 ms | nginx: $NP50 / $NP99 ms | | p99 ≤ 10 ms | $(ok "$ZP99" '<=' 10) |"
  echo "| \`GET /healthz\` (one SQLite read), requests/s, p99 | $HRPS, p99 $HP99 ms | — | — | — | |"
  echo "| Idle RSS after start (VmRSS) | $(mb "$ZRSS_IDLE") MB | nginx master + 2 workers: $(mb "$NRSS_IDLE") MB | $(ratio "$ZRSS_IDLE" "$NRSS_IDLE")× | ≤ 30 MB | $(ok "$(mb "$ZRSS_IDLE")" '<=' 30) |"
  echo "| RSS after the \`GET /\` and \`/healthz\` runs | $(mb "$ZRSS_AFTER") MB | nginx: $(mb "$NRSS_LOAD") MB | | | |"
  echo "| Start → first answered request, existing data dir (median / max of 5) | $ZSTART_MED / $ZSTART_MAX ms | nginx: $NSTART_MED / $NSTART_MAX ms | $(ratio "$ZSTART_MED" "$NSTART_MED")× | ≤ 200 ms | $(ok "$ZSTART_MAX" '<=' 200) |"
  echo "| Start → first answered request, fresh data dir (migrations, demo data, ledger key) | $ZCOLD ms | — | — | — | |"
  echo "| law: \`add_working_days\`, 1M random (date, N ≤ 3650) pairs | $ADD_NS ns/op | — | — | — | |"
  echo "| law: masking $TEXT_MB MB of decision text ($MASK_SPANS spans) | $MASK_MBS MB/s | \`grep -Eo\` (byte locale, $GREP_N matches): $GREP_MBS MB/s | $(ratio "$MASK_MBS" "$GREP_MBS")× grep | — | |"
  ledger_rows "$LS" "SQLite"
  a64=$(led "$LS64" 's/^append, 1 event\/tx, \([0-9]*\) writers: .* = \([0-9]*\) appends\/s.*/\2 (\1 writers, 1 event\/tx)/p')
  echo "| ledger SQLite: durable appends/s, 1 event per transaction, 64 writers | ${a64:-?} | — | — | ≥ 10,000/s | $( [[ -n $a64 ]] && ok "${a64%% *}" '>=' 10000 || echo '?') |"
  ledger_rows "$LP" "PostgreSQL"
  [[ -n $PGNOTE ]] && echo && echo "$PGNOTE"
  [[ -n $ZERR$NERR$HERR ]] && echo && echo "wrk errors — zhifa: ${ZERR:-none}; nginx: ${NERR:-none}; healthz: ${HERR:-none}"
  echo
  [[ -n $SEARCH_MD ]] && echo "$SEARCH_MD" && echo
  [[ -n $RECORDING_MD ]] && echo "$RECORDING_MD" && echo
  [[ -n $INSPECTION_MD ]] && echo "$INSPECTION_MD" && echo
  if [[ -n $NOTES ]]; then echo "$NOTES"; echo; fi
  echo "## How each figure is produced"
  echo
  echo "All in \`bench/run.sh\`, in this order, in one temporary directory (\$TMP), on free loopback ports."
  echo
  echo "- **Servers:**"
  for c in "${CMDS[@]}"; do echo "  - \`$c\`"; done
  echo "- **Start time:** \`\$EPOCHREALTIME\` just before the server is launched, then a bash \`/dev/tcp\` loop (no process per attempt) sends \`GET /healthz\` (nginx: \`GET /\`) until a \`200\` comes back. First a cold start on an empty data dir, then 5 restarts on it (the figure), each stopped with SIGTERM; then nginx 5 times."
  echo "- **RSS:** \`VmRSS\` from \`/proc/PID/status\` 2 s after the last start, before any load (nginx: master + workers summed)."
  echo "- **Same bytes:** \`curl http://127.0.0.1:\$PORT/ -o \$TMP/www/index.html\` (no \`Accept-Encoding\`), served by nginx and checked byte-identical with \`cmp\`."
  echo "- **Throughput:** \`$WRK http://127.0.0.1:PORT/\` against zhifa, then nginx, twice over (the better round of each is reported; all are in the raw output), then zhifa's \`/healthz\` once."
  echo "- **law:** \`law_bench $MASK_MB \$TMP/text.txt\` (bench/law_bench.cc: 1M (date, N) pairs from a fixed seed; the masking text written to the file too), then \`$GREP_CMD\` timed over the same bytes."
  echo "- **ledger:** \`TMPDIR=\$TMP ledger_bench $LEDGER_EVENTS\` (SQLite), \`ledger_bench 20000 \"\" 20000 64\` (SQLite, 64 writers) and \`ledger_bench $PG_EVENTS postgresql://… $PG_SINGLE\` against a throw-away PostgreSQL with fsync on (bench/ledger_bench.cc: 8 writers × 1 event per transaction for the first 20,000 events (PostgreSQL: $PG_SINGLE), the rest 100 per transaction; 5,000 random inclusion proofs; \`verify_database\` vs \`sha256sum\` over the concatenated event bytes)."
  echo "- **Bench binaries built with:**"
  echo '```'
  echo "$BUILT_WITH"
  echo '```'
  echo
  echo "## Raw output"
  echo
  echo '```'
  echo "$RAW" | sed '1{/^$/d}'
  echo '```'
  echo
  echo "Response headers (zhifa, then nginx):"
  echo
  echo '```'
  tr -d '\r' <"$T/zhifa-headers.txt"
  tr -d '\r' <"$T/nginx-headers.txt"
  echo '```'
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
log "done: $OUT"
