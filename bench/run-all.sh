#!/usr/bin/env bash
# Every row of issue 15's table in one run: builds the bench (Release, which builds the Release CLI beside it), runs
# each mode, then prints per row the figure, the baseline measured in the same run, the ratio, the goal and met/NOT met.
# Needs the local stack for the round trips and the latency (./cadre up starts it) and Debian's python3-pandas and
# python3-openpyxl for the peer. Short runs: the machine is shared; read the ratios.
#   bash bench/run-all.sh [--quick]     (--quick: fewer repetitions)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
runs=3; [ "${1:-}" = "--quick" ] && runs=1
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

/usr/bin/python3 -c 'import pandas, openpyxl' 2>/dev/null || {
  echo "installing python3-pandas python3-openpyxl (apt) for the peer …" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pandas python3-openpyxl >&2
}
scripts/stack.sh check 2>/dev/null || scripts/stack.sh up >/dev/null

echo "building the bench (Release) …" >&2
dotnet build -c Release bench/CadrePipeline.Bench --nologo -v q >"$log/build.log" 2>&1 || { cat "$log/build.log"; exit 2; }
bench=(dotnet run -c Release --no-build --project bench/CadrePipeline.Bench --)

run() {
  local name=$1; shift
  echo "== $name: ${bench[*]} $*" | tee -a "$log/all.log"
  "${bench[@]}" "$@" 2>&1 | tee "$log/$name.log" | tee -a "$log/all.log" | grep -v '^ROW' || true
}

run hmac hmac
run roundtrips roundtrips
run latency latency --runs "$runs"
run validate-peer validate-peer --runs "$runs"
run intake intake --no-memory
run validate-memory validate-memory

echo
echo "issue 15, one run ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '%s\n' "row | figure | baseline (same run) | ratio | goal | met"
grep -h '^ROW |' "$log"/hmac.log "$log"/roundtrips.log "$log"/latency.log "$log"/validate-peer.log "$log"/intake.log "$log"/validate-memory.log 2>/dev/null | sed 's/^ROW | //' | sort -s -t'|' -k1,1
