#!/usr/bin/env bash
# What the tests need beyond the .NET SDK and the local stack; scripts/test.sh runs it before the build.
# - playwright-core (pinned in package.json / package-lock.json), for the upload page's browser test, and oidc-provider
#   (the local identity provider of the stack) and oidc-client-ts (the page's sign-in, vendored in web/vendor/);
# - Debian's chromium (no browser download) and a CJK font, so the page's Chinese renders in the screenshots;
# - hyparquet (npm) and Debian's python3-openpyxl / python3-xlrd, for the independent oracle (tests/oracle/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [ ! -f node_modules/playwright-core/package.json ] || [ ! -f node_modules/hyparquet/package.json ] \
  || [ ! -f node_modules/oidc-provider/package.json ] || [ ! -f node_modules/oidc-client-ts/package.json ]; then
  echo "installing node packages (npm ci) …" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
/usr/bin/python3 -c 'import openpyxl' 2>/dev/null || missing+=(python3-openpyxl)
/usr/bin/python3 -c 'import xlrd' 2>/dev/null || missing+=(python3-xlrd)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} (apt) …" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
