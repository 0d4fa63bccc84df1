#!/usr/bin/env bash
# Regenerates the committed spreadsheet fixtures. Needs: apt-get install -y python3-openpyxl libreoffice-calc-nogui
# CI does not run this; it reads the committed files.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/make_fixtures.py" "$work"
export HOME="$work"   # LibreOffice writes its profile under HOME
soffice --headless --calc --convert-to xlsx --outdir "$work/lo" "$work/libreoffice-source.xlsx" >/dev/null
soffice --headless --calc --convert-to xls --outdir "$work/lo" "$work/libreoffice-source.xlsx" >/dev/null
cp "$work/openpyxl-fixture.xlsx" "$here/openpyxl-fixture.xlsx"
cp "$work/lo/libreoffice-source.xlsx" "$here/libreoffice-fixture.xlsx"
cp "$work/lo/libreoffice-source.xls" "$here/libreoffice-fixture.xls"
cp "$work/register-gb18030.csv" "$work/register-utf8bom.csv" "$here/"
echo "fixtures written to $here"
