#!/usr/bin/env bash
# 音像记录 uploads (issue 17): a 1 GB file through the tus server at /api/v1/uploads over loopback —
# once in one PATCH (as tus-js-client does by default) and once in 8 MB PATCHes (as the product's
# own page does) — against `cp` + `sha256sum` of the same file in the same run (the work the server
# must at least do: write the bytes and hash them). Also the server's RSS growth during the upload
# (VmHWM, the peak) and 20 concurrent 100 MB uploads. Prints a Markdown section for
# bench/RESULTS.md. Everything started here is stopped. Timings are figures, never assertions.
# Knobs: BUILD (build), BENCH_AV_MB (1024), BENCH_AV_CONCURRENT (20), BENCH_AV_CONCURRENT_MB (100).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD BUILD=${BUILD:-build} MB=${BENCH_AV_MB:-1024} CONC=${BENCH_AV_CONCURRENT:-20} CONC_MB=${BENCH_AV_CONCURRENT_MB:-100}
ZHIFA=$ROOT/$BUILD/zhifa
[[ -x $ZHIFA ]] || { echo "bench: $ZHIFA not found" >&2; exit 1; }
for t in curl sha256sum python3; do command -v "$t" >/dev/null || { echo "bench: $t is not installed" >&2; exit 1; }; done
T=$(mktemp -d /tmp/zhifa-avb.XXXXXX)
PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$T"; }
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
now_s() { date +%s.%N; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT

log "zhifa serve --demo on $URL"
"$ZHIFA" serve --demo --data-dir "$T/data" --listen "127.0.0.1:$PORT" --access-log=false >"$T/server.log" 2>&1 &
SERVER=$!
PIDS+=("$SERVER")
for _ in $(seq 1 300); do curl -sf -o /dev/null "$URL/healthz" && break; sleep 0.1; done

# Log in as 王强 through the form; the session's CSRF token from the workspace page.
JAR=$T/jar
csrf_of() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
C=$(curl -s -c "$JAR" -b "$JAR" "$URL/login" | csrf_of)
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$C" --data-urlencode login=wangqiang \
  --data-urlencode password=zhifa-demo-2025 --data-urlencode next=/workspace "$URL/login"
CSRF=$(curl -s -c "$JAR" -b "$JAR" "$URL/workspace" | csrf_of)
ME=$(curl -s -b "$JAR" "$URL/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
CASE=$(curl -s -b "$JAR" "$URL/api/v1/cases?status=open&per_page=100" |
  python3 -c "import json,sys; print(next(c['id'] for c in json.load(sys.stdin)['items'] if c['lead_officer_id']==$ME))")
b64() { printf '%s' "$1" | base64 -w0; }
META="filename $(b64 bench.bin),case_id $(b64 "$CASE"),kind $(b64 document)"
H=(-H "Tus-Resumable: 1.0.0" -H "X-CSRF-Token: $CSRF" -b "$JAR")

create() {  # create LENGTH → the upload's URL (the Location is relative)
  printf '%s' "$URL"
  curl -s -D - -o /dev/null "${H[@]}" -X POST -H "Upload-Length: $1" -H "Upload-Metadata: $META" "$URL/api/v1/uploads" |
    tr -d '\r' | awk 'tolower($1)=="location:"{print $2}'
}
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$SERVER/status"; }
hwm_kb() { awk '/^VmHWM:/{print $2}' "/proc/$SERVER/status"; }

log "a $MB MB file"
head -c "$((MB << 20))" /dev/urandom >"$T/in.bin"
sync

log "reference: cp + sha256sum"
t0=$(now_s); cp "$T/in.bin" "$T/copy.bin"; sha256sum "$T/copy.bin" >/dev/null; sync "$T/copy.bin"; t1=$(now_s)
REF=$(echo "$t1 - $t0" | bc -l); rm -f "$T/copy.bin"

log "tus: one PATCH"
RSS0=$(rss_kb); HWM0=$(hwm_kb)
LOC=$(create "$((MB << 20))")
t0=$(now_s)
CODE=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -X PATCH -H "Expect:" -H "Upload-Offset: 0" \
  -H "Content-Type: application/offset+octet-stream" -T "$T/in.bin" "$LOC")
t1=$(now_s)
ONE=$(echo "$t1 - $t0" | bc -l)
HWM1=$(hwm_kb)
[[ $CODE == 204 ]] || log "one PATCH answered $CODE"

log "tus: 8 MB PATCHes"
LOC=$(create "$((MB << 20))")
CHUNKS=$(( (MB + 7) / 8 ))
t0=$(now_s)
for ((i = 0; i < CHUNKS; i++)); do
  dd if="$T/in.bin" bs=8M skip=$i count=1 status=none |
    curl -s -o /dev/null "${H[@]}" -X PATCH -H "Expect:" -H "Upload-Offset: $((i << 23))" \
      -H "Content-Type: application/offset+octet-stream" --data-binary @- "$LOC"
done
t1=$(now_s)
CHUNKED=$(echo "$t1 - $t0" | bc -l)
HEAD_OFF=$(curl -s -I "${H[@]}" "$LOC" | tr -d '\r' | awk 'tolower($1)=="upload-offset:"{print $2}')
[[ $HEAD_OFF == "$((MB << 20))" ]] || log "8 MB PATCHes ended at offset $HEAD_OFF"

log "$CONC concurrent uploads of $CONC_MB MB"
head -c "$((CONC_MB << 20))" /dev/urandom >"$T/small.bin"
HWM2A=$(hwm_kb)
LOCS=()
for ((i = 0; i < CONC; i++)); do LOCS+=("$(create "$((CONC_MB << 20))")"); done
t0=$(now_s)
CPIDS=()
for l in "${LOCS[@]}"; do
  curl -s -o /dev/null "${H[@]}" -X PATCH -H "Expect:" -H "Upload-Offset: 0" -H "Content-Type: application/offset+octet-stream" \
    -T "$T/small.bin" "$l" &
  CPIDS+=($!)
done
for p in "${CPIDS[@]}"; do wait "$p"; done
t1=$(now_s)
CONC_S=$(echo "$t1 - $t0" | bc -l)
HWM2=$(hwm_kb)

mbps() { printf %.1f "$(echo "$MB / $1" | bc -l)"; }
ratio() { printf %.2f "$(echo "$REF / $1" | bc -l)"; }
met() { awk -v r="$1" -v g="$2" 'BEGIN{ print (r >= g) ? "yes" : "**no**" }'; }
cat <<EOF
## 音像记录 uploads (tus 1.0), \`bench/av_bench.sh\`

- **Date:** $(date -u '+%Y-%m-%d %H:%M UTC'); load average before: $LOAD_BEFORE (other builds shared the 2 CPUs; the ratios, measured back to back, less so)
- A $MB MB file of random bytes over loopback with curl (\`-T\`, streamed from disk), session cookie + X-CSRF-Token, SQLite.

| Figure | zhifa | reference (same run) | ratio | goal | met |
|---|---|---|---|---|---|
| $MB MB in one PATCH (hashed while streamed, fsynced, renamed into the blob store, item + ledger event) | $(printf %.2f "$ONE") s ($(mbps "$ONE") MB/s) | \`cp\` + \`sha256sum\`: $(printf %.2f "$REF") s ($(mbps "$REF") MB/s) | $(ratio "$ONE")× | ≥ 0.7× | $(met "$(ratio "$ONE")" 0.7) |
| $MB MB in 8 MB PATCHes ($CHUNKS requests, each appended with copy_file_range + fsync; the whole file hashed again at the end) | $(printf %.2f "$CHUNKED") s ($(mbps "$CHUNKED") MB/s) | same | $(ratio "$CHUNKED")× | ≥ 0.7× | $(met "$(ratio "$CHUNKED")" 0.7) |
| Server RSS: before / peak (VmHWM) during the one-PATCH upload | $((RSS0 / 1024)) MB / $((HWM1 / 1024)) MB (growth of the peak: $(( (HWM1 - HWM0) / 1024 )) MB) | — | — | growth ≤ 64 MB | $( (( (HWM1 - HWM0) / 1024 <= 64 )) && echo yes || echo '**no**') |
| $CONC concurrent $CONC_MB MB uploads: wall time, server peak RSS | $(printf %.2f "$CONC_S") s, peak $((HWM2 / 1024)) MB | — | — | ≤ 256 MB | $( (( HWM2 / 1024 <= 256 )) && echo yes || echo '**no**') |
EOF
