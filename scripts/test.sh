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
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
test_exit=$?

passed=0; failed=0; skipped=0; files=0
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
