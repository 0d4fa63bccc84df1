#!/usr/bin/python3
"""Independent check of the sample data: reads every file under sample-data/{county}/ back
(openpyxl for .xlsx, xlrd for .xls, csv for .csv in UTF-8 or GB18030), applies the rules of
forms.md with its own simple code, drops the rows those rules reject, compares what it rejects or
warns about with expected-findings.csv, and prints every reference figure of indicators.md.

It shares no code or data with the generator. Run: /usr/bin/python3 sample-data/check_figures.py
(needs python3-openpyxl and python3-xlrd). Exit 0 when every figure and every expected finding matches.
"""
import csv
import datetime as dt
import os
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

ROOT = os.path.dirname(os.path.abspath(__file__))
# The forms, the cell parsers and the folder reader live in tests/oracle/cadre_domain.py (shared with the oracle).
sys.path.insert(0, os.path.join(os.path.dirname(ROOT), "tests", "oracle"))
from cadre_domain import active as _active, add_years, age_on, drop_duplicates, letter, read_folder  # noqa: E402

PERIOD = 2022
COUNTIES = {"640302": ["利通区", "利通"], "640303": ["红寺堡区", "红寺堡"], "640323": ["盐池县", "盐池"],
            "640324": ["同心县", "同心"], "640381": ["青铜峡市", "青铜峡"]}


# ---------------------------------------------------------------- load everything
def load():
    accepted = defaultdict(list)  # form -> records (with _county)
    findings = []  # (file, sheet, cell, code, severity)
    for county in sorted(COUNTIES):
        raw, found = read_folder(os.path.join(ROOT, county), county, PERIOD, COUNTIES)
        acc, dups = drop_duplicates(raw, PERIOD, lambda rec: rec["township"])
        findings += found + dups
        for form, recs in acc.items():
            accepted[form] += recs
    # warnings that keep the row
    register = {(r["_county"], r["township"], r["village"]): r for r in accepted["areas"]}
    for form in ("village-secretaries", "secretary-adjustments", "resident-cadres", "selected-graduates", "party-development"):
        for rec in accepted[form]:
            rel, sheet, r, cols = rec["_where"]
            if (rec["_county"], rec["township"], rec["village"]) not in register:
                findings.append((rel, sheet, f"{letter(cols['village'])}{r}", "area-unknown", "warning"))
    townships = {(r["_county"], r["township"]) for r in accepted["areas"]}
    for form in ("township-leaders", "township-pay", "village-secretaries", "secretary-adjustments", "resident-cadres", "selected-graduates", "party-development"):
        for rec in accepted[form]:
            rel, sheet, r, cols = rec["_where"]
            if (rec["_county"], rec["township"]) not in townships:
                findings.append((rel, sheet, f"{letter(cols['township'])}{r}", "area-unknown", "warning"))
    # one row per person per term across all counties; the same person in two counties' submissions is a warning
    by_id = defaultdict(set)
    for form, rows in accepted.items():
        for rec in rows:
            if rec.get("idNumber"):
                by_id[(form, rec.get("term"), rec["idNumber"])].add(rec["_county"])
    for key, counties in by_id.items():
        if len(counties) > 1:
            findings.append(("(several)", key[0], "", "duplicate-person", "warning"))
    for rec in accepted["village-secretaries"]:
        rel, sheet, r, cols = rec["_where"]
        if not 18 <= age_on(rec["_birth"], dt.date(rec["term"], 1, 1)) <= 75:
            findings.append((rel, sheet, f"{letter(cols['birthDate'])}{r}", "age-out-of-range", "warning"))
        if rec["tripleRole"] and not rec["concurrentDirector"]:
            findings.append((rel, sheet, f"{letter(cols['tripleRole'])}{r}", "implied-flag-missing", "warning"))
        if rec.get("partyJoinedOn") and rec["partyJoinedOn"][0] < add_years(rec["_birth"], 18):
            findings.append((rel, sheet, f"{letter(cols['partyJoinedOn'])}{r}", "joined-before-age", "warning"))
    return accepted, register, findings


def active(rec):
    return _active(rec, PERIOD)


def pct(n, d):
    return Decimal(100) * n / d


EXACT = {}


def r1(x, fid=None):
    return Decimal(x).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- figures
def figures(acc, register):
    f = {}
    tl = acc["township-leaders"]
    sec = [r for r in tl if r["position"] == "party-secretary"]
    f["TL01"] = len(sec)
    f["TL02"] = r1(pct(sum(r["townshipExperience"] for r in sec), len(sec)))
    f["TL03"] = sum(1 for r in sec if r["countyLeaderConcurrent"] and r["_birth"] >= dt.date(1985, 1, 1))
    f["TL04"] = sum(1 for r in tl if r.get("fiveAspects"))
    pay = {(r["_county"], r["township"]): r for r in acc["township-pay"]}
    f["TL05"] = r1(pct(sum(1 for r in pay.values() if r["townshipIncome"] >= Decimal("1.2") * r["agencyIncome"]), len(pay)))
    since = lambda r: dt.date(2020, 1, 1) <= r["promotedOn"][0] <= dt.date(PERIOD, 12, 31)
    pr = acc["promotions"]
    f["TL06"] = sum(1 for r in pr if r["promotionType"] == "deputy-division" and r["fromPosition"] in ("party-secretary", "head") and since(r))
    f["TL07"] = sum(1 for r in pr if r["promotionType"] == "level4-researcher" and r["fromPosition"] in ("party-secretary", "head") and since(r))
    f["TL08"] = sum(1 for r in pr if r["promotionType"] == "important-use" and r["townshipExperience"] and since(r))

    terms = {t: [r for r in acc["village-secretaries"] if r["term"] == t] for t in (2021, 2018)}
    cur, prev = terms[2021], terms[2018]
    avg = lambda rows, y: Decimal(sum(age_on(r["_birth"], dt.date(y, 1, 1)) for r in rows)) / len(rows)
    college = lambda rows: pct(sum(1 for r in rows if r["education"] in ("college", "bachelor", "postgraduate")), len(rows))
    cd = lambda rows: pct(sum(1 for r in rows if r["concurrentDirector"]), len(rows))
    f["VS01"] = len(cur)
    f["VS02"] = r1(avg(cur, 2021))
    EXACT["VS03"] = avg(cur, 2021) - avg(prev, 2018)
    f["VS03"] = r1(EXACT["VS03"])
    f["VS04"] = r1(college(cur))
    EXACT["VS05"] = college(cur) - college(prev)
    f["VS05"] = r1(EXACT["VS05"])
    f["VS06"] = r1(cd(cur))
    EXACT["VS07"] = cd(cur) - cd(prev)
    f["VS07"] = r1(EXACT["VS07"])
    f["VS08"] = r1(pct(sum(1 for r in cur if r["wealthLeader"]), len(cur)))
    f["VS09"] = sum(1 for r in cur if r["status"] == "reelected" and age_on(r["_birth"], dt.date(2021, 1, 1)) >= 60)
    f["VS10"] = sum(1 for r in acc["secretary-adjustments"] if r["reason"] in ("unsuited", "incompetent")
                    and dt.date(2021, 1, 1) <= r["adjustedOn"][0] <= dt.date(PERIOD, 12, 31))
    f["VS11"] = r1(pct(sum(1 for r in cur if r["countyFiled"]), len(cur)))

    rc = [r for r in acc["resident-cadres"] if active(r)]
    f["RC01"] = sum(1 for r in rc if r["dispatchLevel"] in ("region", "city"))
    keys = {k for k, v in register.items() if v["keyVillage"]}
    covered = {(r["_county"], r["township"], r["village"]) for r in rc}
    f["RC02"] = r1(pct(len(keys & covered), len(keys)))
    benefits = ["fundsProvided", "healthCheck", "accidentInsurance", "mealAllowance", "transportAllowance", "commsAllowance", "townshipAllowance", "remoteAllowance"]
    f["RC03"] = r1(pct(sum(1 for r in rc if all(r[b] for b in benefits)), len(rc)))
    sg = acc["selected-graduates"]
    f["SG01"] = len(sg)
    f["SG02"] = r1(pct(sum(1 for r in sg if r["villageMonths"] >= 24), len(sg)))

    pd = [r for r in acc["party-development"] if r["year"] == PERIOD]
    talent = {(r["_county"], r["township"], r["village"]) for r in pd if r["newTalent"] >= 1}
    f["PD01"] = r1(pct(len(talent & set(register)), len(register)))
    en = [r for r in acc["entrepreneurship"] if r["year"] == PERIOD]
    for fid, field in (("PD02", "doubleLeadFund"), ("PD03", "startupFunds"), ("PD04", "bases"), ("PD05", "peopleSupported"),
                       ("PD06", "redFund"), ("PD07", "familyFarms"), ("PD08", "cooperatives")):
        f[fid] = int(sum((r[field] or 0) for r in en))
    f["_yanchi"] = {k: sum((r[k] or 0) for r in en if r["_county"] == "640323") for k in ("redFund", "familyFarms", "cooperatives")}
    f["_counts"] = {"2018 roster": len(prev), "register villages": len(register), "key villages": len(keys), "active resident cadres": len(rc)}
    return f


REFERENCE = {"TL03": 3, "TL04": 61, "TL05": Decimal("100.0"), "TL06": 8, "TL07": 25, "TL08": 78, "VS01": 497, "VS03": Decimal("-1.5"),
             "VS05": Decimal("25.0"), "VS07": Decimal("34.6"), "VS08": Decimal("54.7"), "VS09": 18, "VS10": 146, "RC01": 510,
             "RC02": Decimal("100.0"), "SG01": 285, "SG02": Decimal("100.0"), "PD01": Decimal("100.0"), "PD02": 5570000, "PD03": 180000000,
             "PD04": 19, "PD05": 3672, "PD06": 2000000, "PD07": 317, "PD08": 375}


def main():
    acc, register, found = load()
    ok = True
    with open(os.path.join(ROOT, "expected-findings.csv"), encoding="utf-8") as fh:
        expected = {(r["file"], r["sheet"] if not r["file"].endswith(".csv") else os.path.basename(r["file"]), r["cell"], r["code"], r["severity"])
                    for r in csv.DictReader(fh)}
    found_set = set(found)
    print("Findings (file | sheet | cell | code | severity):")
    for x in sorted(found_set | expected):
        mark = "ok      " if x in found_set and x in expected else ("MISSING " if x in expected else "UNEXPECTED")
        ok &= x in found_set and x in expected
        print(f"  {mark} {' | '.join(x)}")
    f = figures(acc, register)
    print("\nCity-wide figures (640300, period 2022) from the accepted rows:")
    print(f"  {'id':5} {'value':>14} {'reference':>14}")
    for fid in [k for k in f if not k.startswith("_")]:
        ref = REFERENCE.get(fid)
        val = f[fid]
        good = ref is None or Decimal(val) == Decimal(ref)
        ok &= good
        print(f"  {fid:5} {str(val):>14} {('(own)' if ref is None else str(ref)):>14} {'' if ref is None else ('match' if good else 'MISMATCH')}")
    print("  unrounded: " + ", ".join(f"{k} {v:.4f}" for k, v in EXACT.items()))
    y = f["_yanchi"]
    yanchi_ok = (y["redFund"], y["familyFarms"], y["cooperatives"]) == (2000000, 317, 375)
    ok &= yanchi_ok
    print(f"  Yanchi 640323 only: redFund {y['redFund']}, familyFarms {y['familyFarms']}, cooperatives {y['cooperatives']} {'match' if yanchi_ok else 'MISMATCH'}")
    print("  " + ", ".join(f"{k} {v}" for k, v in f["_counts"].items()))
    ages = []
    for form, ref in (("township-leaders", PERIOD), ("promotions", PERIOD), ("village-secretaries", None), ("resident-cadres", PERIOD), ("selected-graduates", PERIOD)):
        a = [age_on(r["_birth"], dt.date(ref or r["term"], 1, 1)) for r in acc[form]]
        ages.append(f"{form} {min(a)}-{max(a)}")
    print("  ages on 1 January (accepted rows): " + ", ".join(ages))
    print("\nALL MATCH" if ok else "\nSOMETHING DIFFERS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
