#!/usr/bin/env bash
# The one test command: installs what it needs (npm ci, dotnet restore), starts the local stack,
# runs every test project, and prints "N passed, N failed[, N skipped]" from the TRX results.
# Exits non-zero when a test failed, when none ran, or when the build failed.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

started_stack=0
if ! scripts/stack.sh check 2>/dev/null; then started_stack=1; fi
cleanup() { if [ "$started_stack" = 1 ] && [ -z "${CADRE_KEEP_STACK:-}" ]; then scripts/stack.sh down || true; fi; }
trap cleanup EXIT

scripts/stack.sh up || { echo "0 passed, 1 failed"; echo "the local stack did not start" >&2; exit 1; }

# Extra tools for some tests (the browser test's Chromium). If installing them fails, the tests that need them fail
# and say why; every other test still runs.
if [ -x scripts/test-setup.sh ]; then scripts/test-setup.sh || echo "test-setup.sh failed: the browser test will fail" >&2; fi

dotnet restore CadrePipeline.sln --nologo -v q || { echo "0 passed, 1 failed"; echo "dotnet restore failed" >&2; exit 1; }
dotnet build CadrePipeline.sln --no-restore --nologo -v q -c Debug || { echo "0 passed, 1 failed"; echo "dotnet build failed" >&2; exit 1; }

dotnet test CadrePipeline.sln --no-build --nologo -c Debug \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" \
  --blame-hang --blame-hang-timeout 10m "$@"
test_exit=$?

# The independent oracle (tests/oracle/, Python + hyparquet, no code or data shared with the pipeline): run each demo
# scenario through the very CLI, export what it published, and compare every published value with the oracle's
# own computation from the raw sample files. Each scenario counts as one test in the summary below.
oracle_passed=0; oracle_failed=0; oracle_k=0; oracle_n=0
cli="$root/src/CadrePipeline.Cli/bin/Debug/net10.0/cadre.dll"
for scenario in ${CADRE_ORACLE_SCENARIOS:-wuzhong province}; do
  published="$results/published-$scenario"
  rm -rf "$published"
  if ! CADRE_ROOT="$root" dotnet "$cli" demo --scenario "$scenario" --export "$published" >"$results/demo-$scenario.log" 2>&1; then
    echo "oracle ($scenario): cadre demo failed; see TestResults/demo-$scenario.log" >&2
    tail -5 "$results/demo-$scenario.log" >&2
  fi
  samples=sample-data; [ "$scenario" = wuzhong ] || samples="sample-data/$scenario"
  /usr/bin/python3 tests/oracle/oracle.py --scenario "$scenario" --samples "$samples" --published "$published" --files >"$results/oracle-$scenario.log" 2>&1
  oracle_exit=$?
  line=$(grep -E '^oracle: [0-9]+/[0-9]+ values agree$' "$results/oracle-$scenario.log" | tail -1)
  if [ "$oracle_exit" -eq 0 ] && [ -n "$line" ]; then oracle_passed=$((oracle_passed + 1)); else
    oracle_failed=$((oracle_failed + 1))
    echo "oracle ($scenario) failed (exit $oracle_exit); see TestResults/oracle-$scenario.log:" >&2
    grep -v '^oracle:' "$results/oracle-$scenario.log" | head -20 >&2
  fi
  if [ -n "$line" ]; then
    k=$(printf '%s' "$line" | sed -E 's/^oracle: ([0-9]+)\/([0-9]+).*/\1/'); n=$(printf '%s' "$line" | sed -E 's/^oracle: ([0-9]+)\/([0-9]+).*/\2/')
    oracle_k=$((oracle_k + k)); oracle_n=$((oracle_n + n))
    echo "oracle ($scenario): $k/$n values agree"
  fi
done
# The oracle's own self-test: a value changed by 0.1, a missing row and an extra row must each make it fail.
if [ -d "$results/published-wuzhong" ]; then
  if /usr/bin/python3 tests/oracle/selftest.py --published "$results/published-wuzhong" >"$results/oracle-selftest.log" 2>&1; then
    oracle_passed=$((oracle_passed + 1))
  else
    oracle_failed=$((oracle_failed + 1)); echo "oracle self-test failed; see TestResults/oracle-selftest.log" >&2
  fi
fi
echo "oracle: $oracle_k/$oracle_n values agree"

passed=$oracle_passed; failed=$oracle_failed; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi

if [ "$files" -eq 0 ] || [ $((passed + failed)) -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
if [ "$failed" -gt 0 ] || [ "$test_exit" -ne 0 ]; then exit 1; fi
exit 0
