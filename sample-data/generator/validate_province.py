#!/usr/bin/python3
"""Runs `./cadre validate` on every file of sample-data/province and compares the findings with expected-findings.csv
and the rows read per sheet with the README's file table. Exit 0 when they agree.

    /usr/bin/python3 sample-data/generator/validate_province.py

`validate` has no village register, so the `area-unknown` rows of expected-findings.csv (which need one) are skipped.
"""
import csv
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROV = os.path.join(ROOT, "sample-data", "province")


def main():
    env = dict(os.environ, Areas__CatalogPath=os.path.join(PROV, "areas.json"))
    with open(os.path.join(PROV, "expected-findings.csv"), encoding="utf-8") as f:
        expected = [r for r in csv.DictReader(f)]
    inventory = {}
    with open(os.path.join(PROV, "README.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\| (99\d{4}) \| `([^`]+)` \| [^|]+ \| ([^|]+) \|", line)
            if m:
                county, name, sheets = m.groups()
                for part in sheets.split("; "):
                    sheet, rest = part.split(" = ", 1) if " = " in part else (None, part)
                    form, n = rest.rsplit(": ", 1)
                    inventory.setdefault(f"{county}/{name}", []).append((sheet, form.strip(), int(n)))

    def key(file, sheet, cell, code, severity):
        return (file, "" if file.endswith(".csv") else sheet, cell, code, severity.lower())

    want = {key(e["file"], e["sheet"], e["cell"], e["code"], e["severity"]) for e in expected if e["code"] != "area-unknown"}
    got, problems = set(), 0
    for path in sorted(glob.glob(os.path.join(PROV, "99*", "*"))):
        rel = os.path.relpath(path, PROV)
        county = rel.split("/")[0]
        run = subprocess.run([os.path.join(ROOT, "cadre"), "validate", path, "--county", county, "--period", "2022", "--json"],
                             cwd=ROOT, env=env, capture_output=True, text=True)
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError:
            print(f"FAILED {rel}: {run.stdout[:300]} {run.stderr[:300]}")
            problems += 1
            continue
        for ff in report["fileFindings"]:
            print(f"file finding {rel}: {ff}")
            problems += 1
        sheets, listed = report["sheets"], inventory.get(rel, [])
        if len(sheets) != len(listed):
            print(f"{rel}: {len(sheets)} sheets read, README lists {len(listed)}")
            problems += 1
        for s, (_, form, rows) in zip(sheets, listed):
            if s["form"] != form or s["rowsRead"] != rows:
                print(f"{rel} {s['sheet']}: read {s['form']} {s['rowsRead']} rows, README lists {form} {rows}")
                problems += 1
            for f in s["findings"]:
                k = key(rel, f["sheet"], f["cell"], f["code"], f["severity"])
                got.add(k)
                if k not in want:
                    print(f"unexpected: {k} value {f.get('value')!r}")
                    problems += 1
        print(f"{rel}: {len(sheets)} sheets, {report['errorCount']} errors, {report['warningCount']} warnings")
    for k in sorted(want - got):
        print(f"missing: {k}")
        problems += 1
    print(f"validate: {len(want & got)}/{len(want)} expected findings, {problems} problems")
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
