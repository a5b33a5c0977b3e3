#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz preset, clang) and runs each for a bounded time over its seed
# corpus (fuzz/corpus/<name>/). Fails on the first crash; the reproducer is left in build/fuzz/.
# FUZZ_SECONDS (default 30) bounds each target's run; FUZZ_JOBS (default 2) the build.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-30}"
targets=(wdl smtp_reply address)

cmake --preset fuzz >/dev/null
for t in "${targets[@]}"; do
  cmake --build --preset fuzz -j"${FUZZ_JOBS:-2}" --target "fuzz_$t"
done

for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  work="build/fuzz/corpus-$t"   # new inputs found this run; the checked-in seeds stay untouched
  mkdir -p "$work"
  dict=(); [ -f "fuzz/$t.dict" ] && dict=(-dict="../../fuzz/$t.dict")
  echo "fuzz: fuzz_$t for ${seconds}s"
  (cd build/fuzz && "./fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
     -print_final_stats=1 "${dict[@]}" "../../$work" "../../$corpus")
done
echo "fuzz: no crashes"
