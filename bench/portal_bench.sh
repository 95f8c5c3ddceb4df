#!/usr/bin/env bash
# The portal home page against nginx, alone: the first figure of bench/run.sh (same zhifa command,
# same nginx configuration serving the same bytes, same wrk), in more rounds and without the rest.
# For checking the HTTP server after a change to it. Prints one line per round and the best of each.
# Knobs: ZHIFA (the binary; default $BUILD/zhifa), BUILD (build), BENCH_DURATION (10s), BENCH_ROUNDS (4), BENCH_CONNS (64)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$(dirname "$0")/.."
ROOT=$PWD
ZHIFA=${ZHIFA:-$ROOT/${BUILD:-build}/zhifa}
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-4}
CONNS=${BENCH_CONNS:-64}
die() { echo "portal_bench: $*" >&2; exit 1; }
[[ -x $ZHIFA ]] || die "$ZHIFA not found — build the zhifa target first"
for t in wrk nginx curl; do command -v "$t" >/dev/null || die "$t is not installed (scripts/setup.sh --test installs it)"; done

T=$(mktemp -d /tmp/zhifa-portal-bench.XXXXXX)
chmod 755 "$T"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
wait_ok() {
  local port=$1 path=$2 i
  for i in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$port$path" && return 0
    sleep 0.1
  done
  return 1
}

# ZHIFA_REF: a second zhifa binary (e.g. an older build) measured in the same rounds.
RPORT=""
if [[ -n ${ZHIFA_REF:-} ]]; then
  RPORT=$(free_port)
  "$ZHIFA_REF" serve --demo --data-dir "$T/data-ref" --listen "127.0.0.1:$RPORT" >>"$T/ref-access.log" 2>>"$T/ref-stderr.log" &
  PIDS+=($!)
  wait_ok "$RPORT" /healthz || { cat "$T/ref-stderr.log" >&2; die "$ZHIFA_REF did not answer /healthz"; }
fi
PORT=$(free_port)
"$ZHIFA" serve --demo --data-dir "$T/data" --listen "127.0.0.1:$PORT" >>"$T/zhifa-access.log" 2>>"$T/zhifa-stderr.log" &
PIDS+=($!)
wait_ok "$PORT" /healthz || { cat "$T/zhifa-stderr.log" >&2; die "zhifa did not answer /healthz"; }
mkdir -p "$T/www"
curl -sf -o "$T/www/index.html" "http://127.0.0.1:$PORT/" || die "GET / failed"
chmod 644 "$T/www/index.html"

NPORT=$(free_port)
write_nginx_static_conf "$T/nginx" "$NPORT" "$T/www"
nginx -p "$T/nginx" -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" 2>>"$T/nginx/stderr.log" &
PIDS+=($!)
wait_ok "$NPORT" / || { cat "$T/nginx/error.log" >&2; die "nginx did not answer"; }
curl -sf -o "$T/nginx-index.html" "http://127.0.0.1:$NPORT/"
cmp -s "$T/www/index.html" "$T/nginx-index.html" || die "nginx does not serve the same bytes"

WHO=(zhifa nginx); [[ -n $RPORT ]] && WHO=(zhifa reference nginx)
WRK=(wrk -t2 -c"$CONNS" -d"$DURATION" --latency)
echo "page: $(stat -c %s "$T/www/index.html") bytes; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: ${WRK[*]} http://127.0.0.1:PORT/   (${WHO[*]} in turn, $ROUNDS rounds)"
best_z=0 best_n=0 best_r=0
for r in $(seq 1 "$ROUNDS"); do
  for who in "${WHO[@]}"; do
    p=$PORT; [[ $who == nginx ]] && p=$NPORT; [[ $who == reference ]] && p=$RPORT
    out=$(timeout 120 "${WRK[@]}" "http://127.0.0.1:$p/")
    rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out") p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errs=$(awk '/Non-2xx|Socket errors/{print}' <<<"$out" | tr '\n' ' ')
    echo "round $r $who: $rps req/s, p50 $p50, p99 $p99 $errs"
    case $who in
      zhifa) ((rps > best_z)) && best_z=$rps ;;
      reference) ((rps > best_r)) && best_r=$rps ;;
      nginx) ((rps > best_n)) && best_n=$rps ;;
    esac
  done
done
echo "best: zhifa $best_z req/s, nginx $best_n req/s, ratio $(awk -v a="$best_z" -v b="$best_n" 'BEGIN{printf "%.2f", a/b}')× nginx"
[[ -n $RPORT ]] && echo "best: reference ($ZHIFA_REF) $best_r req/s, ratio $(awk -v a="$best_r" -v b="$best_n" 'BEGIN{printf "%.2f", a/b}')× nginx"
exit 0
