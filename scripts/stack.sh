#!/usr/bin/env bash
# The local stack: Azurite (Blob 10000, Queue 10001, Table 10002), the Cosmos NoSQL-API server (8081) and the local
# OpenID Connect provider (10090, stack/oidc/provider.mjs with the users of stack/oidc-users.json), all on loopback,
# all from the npm packages pinned in package-lock.json.
#   scripts/stack.sh up | down | reset | status
# `up` is idempotent: a service that already answers on its port is left alone. `down` stops only the
# processes this script started (by the pids in .local/pids).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="${CADRE_STATE_DIR:-$root/.local}"
pids="$state/pids"
logs="$state/logs"
BLOB_PORT=10000
QUEUE_PORT=10001
TABLE_PORT=10002
COSMOS_PORT="${CADRE_COSMOS_PORT:-8081}"
OIDC_PORT=10090

say() { printf '%s\n' "$*" >&2; }

answers() { # $1 = url; any HTTP status means the service is up
  local code
  code=$(curl -sk -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true)
  [ -n "$code" ] && [ "$code" != "000" ]
}

azurite_up() { answers "http://127.0.0.1:$BLOB_PORT/devstoreaccount1?comp=list" && answers "http://127.0.0.1:$TABLE_PORT/devstoreaccount1/Tables"; }
cosmos_up() { answers "https://127.0.0.1:$COSMOS_PORT/"; }
oidc_up() { curl -sf -o /dev/null -m 2 "http://127.0.0.1:$OIDC_PORT/.well-known/openid-configuration" 2>/dev/null; }

ensure_npm() {
  if [ ! -x "$root/node_modules/.bin/azurite" ] || [ ! -x "$root/node_modules/.bin/cosmosdb-server" ] || [ ! -f "$root/node_modules/oidc-provider/package.json" ]; then
    say "installing the local stack (npm ci) …"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

wait_for() { # $1 = name, $2 = check function
  local i
  for i in $(seq 1 120); do
    if "$2"; then return 0; fi
    sleep 0.5
  done
  say "$1 did not answer within 60 s; see $logs/$1.log"
  return 1
}

start_detached() { # $1 = name, rest = command
  local name=$1; shift
  mkdir -p "$pids" "$logs"
  setsid nohup "$@" >"$logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$pids/$name.pid"
}

up() {
  ensure_npm
  mkdir -p "$state/azurite"
  if azurite_up; then
    say "azurite: already answering on 127.0.0.1:$BLOB_PORT-$TABLE_PORT"
  else
    start_detached azurite "$root/node_modules/.bin/azurite" --silent --skipApiVersionCheck --loose \
      --location "$state/azurite" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
      --blobPort $BLOB_PORT --queuePort $QUEUE_PORT --tablePort $TABLE_PORT
    wait_for azurite azurite_up
    say "azurite: started (pid $(cat "$pids/azurite.pid"))"
  fi
  if cosmos_up; then
    say "cosmos: already answering on https://127.0.0.1:$COSMOS_PORT"
  else
    start_detached cosmos "$root/node_modules/.bin/cosmosdb-server" -p "$COSMOS_PORT" --host 127.0.0.1
    wait_for cosmos cosmos_up
    say "cosmos: started (pid $(cat "$pids/cosmos.pid"))"
  fi
  if oidc_up; then
    say "oidc: already answering on http://127.0.0.1:$OIDC_PORT"
  else
    start_detached oidc node "$root/stack/oidc/provider.mjs" --config "$root/stack/oidc-users.json" --state "$state"
    wait_for oidc oidc_up
    say "oidc: started (pid $(cat "$pids/oidc.pid"))"
  fi
}

stop_one() {
  local f="$pids/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 -- "-$pid" 2>/dev/null || true
    say "$1: stopped (pid $pid)"
  fi
  rm -f "$f"
}

down() { stop_one oidc; stop_one cosmos; stop_one azurite; }

status() {
  if azurite_up; then echo "azurite: up"; else echo "azurite: down"; fi
  if cosmos_up; then echo "cosmos: up"; else echo "cosmos: down"; fi
  if oidc_up; then echo "oidc: up"; else echo "oidc: down"; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  reset) down; rm -rf "$state/azurite" "$logs"; say "local stack data deleted" ;;
  status) status ;;
  check) azurite_up && cosmos_up && oidc_up ;;
  *) say "usage: scripts/stack.sh up|down|reset|status"; exit 2 ;;
esac
