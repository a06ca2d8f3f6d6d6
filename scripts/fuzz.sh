#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser that takes outside bytes: libFuzzer through Swift's
# -sanitize=fuzzer, with AddressSanitizer and its leak checker. Each target's corpus starts from
# the fixtures and capture-shaped inputs (scripts/fuzz_seeds.py) and the inputs kept in
# Tests/fuzz/regressions; what a run finds new stays in .build-fuzz/work/corpus for the next.
#
#   scripts/fuzz.sh [--runs N | --seconds S] [TARGET...]
#
# Targets: stream-parser cloudflare-detector chat-request cookies catalogue fixture-loader (all
# by default). --runs 2000 is the short run of the test command; the long run recorded in
# docs/FUZZING.md used --runs 1000000. A crash, leak, timeout or broken property stops the target
# and keeps its input under .build-fuzz/work/artifacts; replay it with
#   swift run lmarena2api-fuzz TARGET FILE
# and copy it into Tests/fuzz/regressions/TARGET once fixed, so the tests keep it.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=2000
seconds=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --seconds) seconds="$2"; runs=-1; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(stream-parser cloudflare-detector chat-request cookies catalogue fixture-loader)

build=.build-fuzz
swift build -c release --product lmarena2api-fuzz --build-path "$build" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
binary="$build/release/lmarena2api-fuzz"
work="$build/work"
python3 scripts/fuzz_seeds.py "$work" >/dev/null

max_len() {
  case "$1" in
    cookies) echo 2048 ;;
    stream-parser) echo 4096 ;;
    chat-request) echo 8192 ;;
    *) echo 16384 ;;
  esac
}

failed=0
printf '%-20s %12s %10s %9s %8s  %s\n' target executions "exec/s" seconds corpus result
for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  mkdir -p "$corpus" "$work/artifacts" "$work/logs"
  log="$work/logs/$target.log"
  limit=()
  [ "$seconds" -gt 0 ] && limit=(-max_total_time="$seconds")
  start=$(date +%s)
  status=0
  FUZZ_TARGET="$target" ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:malloc_context_size=4" "$binary" \
    -runs="$runs" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
    -dict="$work/dictionaries/$target.dict" -artifact_prefix="$work/artifacts/$target-" -print_final_stats=1 \
    "$corpus" "$work/seeds/$target" "Tests/fuzz/regressions/$target" >"$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  size=$(find "$corpus" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $status): see $log"
    failed=1
    grep -E 'ERROR:|finding:|Fatal error|SUMMARY|Test unit written' "$log" | head -8 | sed 's/^/    /'
  fi
  printf '%-20s %12s %10s %9s %8s  %s\n' "$target" "$executions" "$speed" "$elapsed" "$size" "$result"
done
exit "$failed"
