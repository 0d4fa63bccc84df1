#!/usr/bin/env bash
# Writes src/CadrePipeline.Core/Intake/Text/t2s.txt: every CJK Unified Ideograph (U+4E00–U+9FFF) that ICU's
# Traditional-Simplified transliterator maps to one other character, as "TS" pairs, one per line.
# Needs uconv (Debian's icu-devtools). The file is data, committed; run this again only to refresh it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/src/CadrePipeline.Core/Intake/Text/t2s.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 -c 'print("\n".join(chr(c) for c in range(0x4E00, 0xA000)))' > "$tmp/t.txt"
uconv -x Traditional-Simplified -f utf-8 -t utf-8 "$tmp/t.txt" > "$tmp/s.txt"
{
  echo "# Traditional→Simplified, one pair per line; made by scripts/make-t2s.sh from ICU $(uconv --version | sed -n 's/.*ICU \([0-9.]*\).*/\1/p' | head -1) (Traditional-Simplified)"
  /usr/bin/python3 - "$tmp/t.txt" "$tmp/s.txt" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
s = open(sys.argv[2], encoding="utf-8").read().split("\n")
for a, b in zip(t, s):
    if len(a) == 1 and len(b) == 1 and a != b:
        print(a + b)
PY
} > "$out"
echo "wrote $(($(wc -l < "$out") - 1)) pairs to $out"
