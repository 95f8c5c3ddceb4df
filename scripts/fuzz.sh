#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang-14, a separate build directory) and runs each one
# for a while from a copy of its committed seed corpus (fuzz/corpus/<target>/); fails when any
# target crashes, hangs, leaks or trips a sanitizer. One summary line per target.
#
# Usage: scripts/fuzz.sh [target…]          (default: every target; see fuzz/CMakeLists.txt)
#   FUZZ_TIME=30      seconds per target (make test uses the default)
#   FUZZ_JOBS=2       targets run at once (default: 2, or 1 on a single core)
#   FUZZ_BUILD=build-fuzz   the clang build directory
#   FUZZ_KEEP=1       keep the grown corpora in $FUZZ_BUILD/corpus/<target>/ and start from
#                     them next time (long runs; see README "Fuzzing"); otherwise each run
#                     starts from the seeds in a temporary copy, and the repository is never
#                     written to.
# Crash inputs are saved as $FUZZ_BUILD/artifacts/<target>/crash-… (reproduce: run the target
# binary with that file as its argument).
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_TIME=${FUZZ_TIME:-30}
FUZZ_JOBS=${FUZZ_JOBS:-$(( $(nproc) >= 2 ? 2 : 1 ))}
CXX_FUZZ=${CXX_FUZZ:-clang++-14}
ALL_TARGETS=(csv xlsx multipart query json ledger procedure)
targets=("$@")
((${#targets[@]})) || targets=("${ALL_TARGETS[@]}")

if ! command -v "$CXX_FUZZ" >/dev/null; then
  echo "fuzz: $CXX_FUZZ not found (scripts/setup.sh --test installs clang-14 and libclang-rt-14-dev)" >&2
  exit 1
fi
start=$SECONDS
cmake -S fuzz -B "$FUZZ_BUILD" -G Ninja -DCMAKE_CXX_COMPILER="$CXX_FUZZ" >/dev/null
if ! cmake --build "$FUZZ_BUILD" -j "$(nproc)" --target "${targets[@]/#/fuzz_}" >"$FUZZ_BUILD/build.log" 2>&1; then
  grep -E -A5 'error|FAILED' "$FUZZ_BUILD/build.log" | head -40 >&2
  echo "fuzz: the build failed (all of it in $FUZZ_BUILD/build.log)" >&2
  exit 1
fi
echo "fuzz: built ${#targets[@]} targets in $((SECONDS - start)) s; running each for ${FUZZ_TIME} s, ${FUZZ_JOBS} at a time"

WORK=$(mktemp -d /tmp/zhifa-fuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# run_one TARGET: runs it, writes its summary line to $WORK/TARGET.summary and its exit status
# (non-zero: a finding) to $WORK/TARGET.rc.
run_one() {
  local t=$1 corpus log artifacts
  artifacts="$PWD/$FUZZ_BUILD/artifacts/$t"
  mkdir -p "$artifacts"
  if [[ -n "${FUZZ_KEEP:-}" ]]; then
    corpus="$PWD/$FUZZ_BUILD/corpus/$t"
    mkdir -p "$corpus"
    cp -n fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  else
    corpus="$WORK/corpus-$t"
    mkdir -p "$corpus"
    cp fuzz/corpus/"$t"/* "$corpus"/
  fi
  log="$WORK/$t.log"
  local rc=0
  # -seed fixed: the same mutations each run (up to timing); -timeout: an input taking longer
  # than 20 s is a hang and a finding; leaks count too (ASan's LeakSanitizer).
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$FUZZ_BUILD/fuzz_$t" -max_total_time="$FUZZ_TIME" -seed=1 -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || rc=$?
  local runs cov corp
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
  if ((rc == 0)); then
    echo "fuzz $t: ok, ${runs:-?} runs in ${FUZZ_TIME} s, coverage ${cov:-?} edges, corpus ${corp:-?}" >"$WORK/$t.summary"
  else
    cp "$log" "$artifacts/last-failure.log"
    local what file
    what=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer|UndefinedBehaviorSanitizer)[^(]*|runtime error:.*' "$log" || echo "exit $rc")
    file=$(grep -oE "Test unit written to [^ ]+" "$log" | tail -1 | sed 's/Test unit written to //')
    local exception
    exception=$(grep -m1 -oE 'what\(\): .*' "$log" || true)
    {
      echo "fuzz $t: FAILED ($what${exception:+; $exception}) after ${runs:-?} runs; input: ${file:-none}; log: $artifacts/last-failure.log"
      # Where, in zhifa's own sources (first frames first).
      grep -E "^ +#[0-9]+ .* in .*$PWD/(src|fuzz)/" "$log" | head -4 |
        sed -E "s|^ +#[0-9]+ 0x[0-9a-f]+ in |    at |; s|$PWD/||"
    } >"$WORK/$t.summary"
  fi
  echo "$rc" >"$WORK/$t.rc"
}

status=0
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= FUZZ_JOBS)); do wait -n || true; done
  run_one "$t" &
done
wait
for t in "${targets[@]}"; do
  [[ "$(cat "$WORK/$t.rc" 2>/dev/null)" == 0 ]] || status=1
  cat "$WORK/$t.summary" 2>/dev/null || echo "fuzz $t: FAILED (no result)"
done
echo "fuzz: $((SECONDS - start)) s in all$( ((status)) && echo ", FAILED" || true)"
exit $status
