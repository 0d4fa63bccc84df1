#!/usr/bin/python3
"""Independent oracle for the published indicator table (issue 12).

It reads the raw county files of a sample scenario, applies /work/shared/domain/ itself (forms.md, indicators.md),
recomputes Numerator, Denominator, Value, PreviousValue and Change of every indicator for every township, county,
city and (province scenario) province, and compares them with the published FactIndicatorValue.parquet, read by
tests/oracle/read_parquet.mjs (npm hyparquet). It shares no code and no data files with the C# pipeline.

Run:
  /usr/bin/python3 tests/oracle/oracle.py --scenario wuzhong --samples sample-data --published DIR [--period 2022]
  /usr/bin/python3 tests/oracle/oracle.py --scenario province --samples sample-data/province --published DIR
Options: --explain AREA:INDICATOR prints the raw rows behind one expected value (file, sheet, row).
Exit 0 only when every (area, indicator) value agrees and there is at least one.
"""
import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cadre_domain import active, age_on, drop_duplicates, fold, read_folder, text  # noqa: E402

# ---------------------------------------------------------------- area tables, typed by hand
# Wuzhong: /work/shared/domain/README.md. Province: sample-data/province/README.md.
# Each entry: code -> (name, level, parent code or None).
SCENARIOS = {
    "wuzhong": {
        "640300": ("吴忠市", "city", None),
        "640302": ("利通区", "county", "640300"),
        "640303": ("红寺堡区", "county", "640300"),
        "640323": ("盐池县", "county", "640300"),
        "640324": ("同心县", "county", "640300"),
        "640381": ("青铜峡市", "county", "640300"),
    },
    "province": {
        "990000": ("示范省", "province", None),
        "990100": ("临川市", "city", "990000"),
        "990200": ("云岭市", "city", "990000"),
        "990102": ("临东区", "county", "990100"),
        "990121": ("长宁县", "county", "990100"),
        "990122": ("丰乐县", "county", "990100"),
        "990123": ("宝山县", "county", "990100"),
        "990181": ("凤鸣市", "county", "990100"),
        "990202": ("岭南区", "county", "990200"),
        "990221": ("云溪县", "county", "990200"),
        "990222": ("龙泉县", "county", "990200"),
        "990223": ("广平县", "county", "990200"),
    },
}

LEVELS = ("township", "county", "city", "province")


def county_names(name):
    """A county is named by its name or its name without the suffix (区/县/市/旗); Traditional folds to Simplified."""
    names = [name]
    if len(name) > 2 and name[-1] in "区县市旗":
        names.append(name[:-1])
    return names


# ---------------------------------------------------------------- the catalogue (indicators.md), typed by hand
# kind: count | sum | rate (factor 100) | avg; cmp: None | carry | change (VS02–VS07); forms: every form it uses;
# township: True when the indicator is published per township (every one except TL06–TL08 and PD02–PD08);
# target: the catalogue's target (TL05, VS11, RC02, SG02, PD01: 100), met when Value >= target.
def ind(kind, forms, township=True, cmp=None, base=None, target=None):
    return {"kind": kind, "forms": forms, "township": township, "cmp": cmp, "base": base, "target": target}


VS = "village-secretaries"
CATALOGUE = {
    "TL01": ind("count", ["township-leaders"]),
    "TL02": ind("rate", ["township-leaders"]),
    "TL03": ind("count", ["township-leaders"]),
    "TL04": ind("count", ["township-leaders"]),
    "TL05": ind("rate", ["township-pay"], target=100),
    "TL06": ind("count", ["promotions"], township=False),
    "TL07": ind("count", ["promotions"], township=False),
    "TL08": ind("count", ["promotions"], township=False),
    "VS01": ind("count", [VS]),
    "VS02": ind("avg", [VS], cmp="carry"),
    "VS03": ind("avg", [VS], cmp="change", base="VS02"),
    "VS04": ind("rate", [VS], cmp="carry"),
    "VS05": ind("rate", [VS], cmp="change", base="VS04"),
    "VS06": ind("rate", [VS], cmp="carry"),
    "VS07": ind("rate", [VS], cmp="change", base="VS06"),
    "VS08": ind("rate", [VS]),
    "VS09": ind("count", [VS]),
    "VS10": ind("count", ["secretary-adjustments", VS]),
    "VS11": ind("rate", [VS], target=100),
    "RC01": ind("count", ["resident-cadres"]),
    "RC02": ind("rate", ["resident-cadres", "areas"], target=100),
    "RC03": ind("rate", ["resident-cadres"]),
    "SG01": ind("count", ["selected-graduates"]),
    "SG02": ind("rate", ["selected-graduates"], target=100),
    "PD01": ind("rate", ["party-development", "areas"], target=100),
}
for _i, _f in zip(range(2, 9), ("doubleLeadFund", "startupFunds", "bases", "peopleSupported", "redFund", "familyFarms",
                                "cooperatives")):
    CATALOGUE[f"PD0{_i}"] = ind("sum", ["entrepreneurship"], township=False)
    CATALOGUE[f"PD0{_i}"]["field"] = _f
VS_IDS = [k for k in CATALOGUE if k.startswith("VS")]
BENEFITS = ["fundsProvided", "healthCheck", "accidentInsurance", "mealAllowance", "transportAllowance",
            "commsAllowance", "townshipAllowance", "remoteAllowance"]


# ---------------------------------------------------------------- one county's register and name resolution
def area_key(v):
    """A name or code as written: folded (full-width, Traditional), every space removed."""
    return re.sub(r"\s", "", text(v))


def strip_suffix(s, suffixes):
    return s[:-1] if len(s) > 1 and s[-1] in suffixes else s


class Register:
    """The county's village register (form `areas`): townships (9-digit codes) and villages (12-digit codes)."""

    def __init__(self, rows):
        self.townships = {}  # code -> name key
        self.villages = {}  # code -> {"name", "township", "key"}
        for r in rows:
            vc = r["villageCode"]
            tc = r.get("townshipCode") or vc[:9]
            self.townships.setdefault(tc, area_key(r["township"]))
            self.villages.setdefault(vc, {"name": area_key(r["village"]), "township": tc, "key": bool(r.get("keyVillage"))})

    def _by_name(self, s, candidates, suffixes):
        """candidates: [(code, name key)]. Exact name first, then the names without their suffix; must be unique."""
        exact = [c for c, n in candidates if n == s]
        if len(exact) == 1:
            return exact[0]
        if exact:
            return None
        bare = strip_suffix(s, suffixes)
        loose = [c for c, n in candidates if strip_suffix(n, suffixes) == bare]
        return loose[0] if len(loose) == 1 else None

    def township(self, v):
        s = area_key(v)
        if not s:
            return None
        if re.fullmatch(r"\d{9}", s):
            return s if s in self.townships else None
        if re.fullmatch(r"\d{12}", s):
            return self.villages[s]["township"] if s in self.villages else None
        return self._by_name(s, list(self.townships.items()), "镇乡")

    def village(self, v, township=None):
        s = area_key(v)
        if not s:
            return None
        if re.fullmatch(r"\d{12}", s):
            return s if s in self.villages else None
        if township is not None:
            code = self._by_name(s, [(c, x["name"]) for c, x in self.villages.items() if x["township"] == township], "村")
            if code is not None:
                return code
        return self._by_name(s, [(c, x["name"]) for c, x in self.villages.items()], "村")


# ---------------------------------------------------------------- loading a scenario
def load_scenario(samples, areas, period):
    """Returns {county: {"acc": {form: [rec]}, "reg": Register}} for every county folder of the area table."""
    counties = {c: county_names(a[0]) for c, a in areas.items() if a[1] == "county"}
    out = {}
    for county in sorted(counties):
        folder = os.path.join(samples, county)
        if not os.path.isdir(folder):
            continue
        raw, _ = read_folder(folder, county, period, counties)
        reg = Register([rec for form, rec in raw if form == "areas"])

        def pay_key(rec, reg=reg):
            return reg.township(rec["township"]) or ("?", area_key(rec["township"]))

        def village_key(rec, reg=reg):
            return reg.village(rec["village"], reg.township(rec["township"])) or ("?", area_key(rec["village"]))

        acc, _ = drop_duplicates(raw, period, pay_key, village_key)
        for form, recs in acc.items():
            for rec in recs:
                if "township" in rec and form != "areas":
                    tw = reg.township(rec["township"])
                    vil = reg.village(rec["village"], tw) if "village" in rec else None
                    if tw is None and vil is not None:  # the village (by code) names its township
                        tw = reg.villages[vil]["township"]
                    rec["_tw"], rec["_vil"] = tw, vil
        out[county] = {"acc": acc, "reg": reg}
    return out


# ---------------------------------------------------------------- units: the additive contributions of one county
def units(county, data, period):
    """Returns (units, current term, previous term): units = {indicator: [(township or None, n, d, where)]}; for VS02,
    VS04 and VS06 also "<id>-prev" with the previous term's units."""
    acc, reg = data["acc"], data["reg"]
    u = defaultdict(list)
    W = lambda r: r.get("_where", ("register", "", 0, {}))[:3]  # noqa: E731

    tl = acc.get("township-leaders", [])
    for r in tl:
        tw = r["_tw"]
        if r["position"] == "party-secretary":
            u["TL01"].append((tw, 1, 0, W(r)))
            u["TL02"].append((tw, int(bool(r.get("townshipExperience"))), 1, W(r)))
            if r.get("countyLeaderConcurrent") and r["_birth"] >= dt.date(1985, 1, 1):
                u["TL03"].append((tw, 1, 0, W(r)))
        if r.get("fiveAspects"):
            u["TL04"].append((tw, 1, 0, W(r)))
    seen = set()
    for r in acc.get("township-pay", []):
        k = r["_tw"] or ("?", area_key(r["township"]))
        if k in seen:
            continue
        seen.add(k)
        u["TL05"].append((r["_tw"], int(5 * Fraction(r["townshipIncome"]) >= 6 * Fraction(r["agencyIncome"])), 1, W(r)))
    end = dt.date(period, 12, 31)
    for r in acc.get("promotions", []):
        if not dt.date(2020, 1, 1) <= r["promotedOn"][0] <= end:
            continue
        if r["fromPosition"] in ("party-secretary", "head"):
            if r["promotionType"] == "deputy-division":
                u["TL06"].append((None, 1, 0, W(r)))
            if r["promotionType"] == "level4-researcher":
                u["TL07"].append((None, 1, 0, W(r)))
        if r["promotionType"] == "important-use" and r.get("townshipExperience"):
            u["TL08"].append((None, 1, 0, W(r)))

    secs = acc.get(VS, [])
    terms = sorted({r["term"] for r in secs if r["term"] <= period})
    cur = terms[-1] if terms else None
    prev = terms[-2] if len(terms) > 1 else None
    if cur is not None:
        for suffix, term in (("", cur), ("-prev", prev)):
            if term is None:
                continue
            for r in secs:
                if r["term"] != term:
                    continue
                tw, w, age = r["_tw"], W(r), age_on(r["_birth"], dt.date(term, 1, 1))
                u["VS02" + suffix].append((tw, age, 1, w))
                u["VS04" + suffix].append((tw, int(r["education"] in ("college", "bachelor", "postgraduate")), 1, w))
                u["VS06" + suffix].append((tw, int(bool(r.get("concurrentDirector"))), 1, w))
                if suffix:
                    continue
                u["VS01"].append((tw, 1, 0, w))
                u["VS08"].append((tw, int(bool(r.get("wealthLeader"))), 1, w))
                if r["status"] == "reelected" and age >= 60:
                    u["VS09"].append((tw, 1, 0, w))
                u["VS11"].append((tw, int(bool(r.get("countyFiled"))), 1, w))
        for r in acc.get("secretary-adjustments", []):
            if r["reason"] in ("unsuited", "incompetent") and dt.date(cur, 1, 1) <= r["adjustedOn"][0] <= end:
                u["VS10"].append((r["_tw"], 1, 0, W(r)))

    rc = [r for r in acc.get("resident-cadres", []) if active(r, period)]
    covered = defaultdict(list)
    for r in rc:
        if r["dispatchLevel"] in ("region", "city"):
            u["RC01"].append((r["_tw"], 1, 0, W(r)))
        u["RC03"].append((r["_tw"], int(all(r.get(b) for b in BENEFITS)), 1, W(r)))
        if r["_vil"] is not None:
            covered[r["_vil"]].append(W(r))
    for code, v in sorted(reg.villages.items()):
        if v["key"]:
            u["RC02"].append((v["township"], int(code in covered), 1, ("register", code, covered.get(code, []))))
    sg = acc.get("selected-graduates", [])
    for r in sg:
        u["SG01"].append((r["_tw"], 1, 0, W(r)))
        u["SG02"].append((r["_tw"], int(r["villageMonths"] >= 24), 1, W(r)))
    talent = defaultdict(list)
    for r in acc.get("party-development", []):
        if r["year"] == period and r["newTalent"] >= 1 and r["_vil"] is not None:
            talent[r["_vil"]].append(W(r))
    for code, v in sorted(reg.villages.items()):
        u["PD01"].append((v["township"], int(code in talent), 1, ("register", code, talent.get(code, []))))
    for r in acc.get("entrepreneurship", []):
        if r["year"] == period:
            for i in range(2, 9):
                fid = f"PD0{i}"
                u[fid].append((None, Fraction(r[CATALOGUE[fid]["field"]] or 0), 0, W(r)))
    return u, cur, prev


# ---------------------------------------------------------------- expected values
def partial(us, township=None):
    n = d = Fraction(0)
    for tw, un, ud, _ in us:
        if township is None or tw == township:
            n += Fraction(un)
            d += Fraction(ud)
    return n, d


def evaluate(iid, p):
    """p = {"n", "d", "pn", "pd", "prev"}: returns the published fields."""
    c = CATALOGUE[iid]
    kind = c["kind"]
    out = {"Numerator": p["n"], "Denominator": None if kind in ("count", "sum") else p["d"]}

    def value(n, d):
        if kind in ("count", "sum"):
            return n
        if d == 0:
            return None
        return 100 * n / d if kind == "rate" else n / d

    cur = value(p["n"], p["d"])
    out["Value"], out["PreviousValue"], out["Change"] = cur, None, None
    if c["cmp"] is not None:
        prev = value(p["pn"], p["pd"]) if p["prev"] else None
        change = cur - prev if cur is not None and prev is not None else None
        out["PreviousValue"], out["Change"] = prev, change
        out["Value"] = cur if c["cmp"] == "carry" else change
    t = c["target"]
    out["TargetValue"] = t
    out["MeetsTarget"] = None if t is None or out["Value"] is None else out["Value"] >= t
    return out


def expected(areas, loaded, period):
    """Returns ({(area, indicator): fields}, {(area, indicator): units}, {area: level})."""
    parts, why, level = {}, {}, {}
    for code, (_, lv, _) in areas.items():
        level[code] = lv
    for county, data in loaded.items():
        us, cur, prev = units(county, data, period)
        acc = data["acc"]
        for iid, c in CATALOGUE.items():
            if not all(acc.get(f) for f in c["forms"]):
                continue
            if iid in VS_IDS and cur is None:
                continue
            key = c["base"] or iid
            cu, pu = us.get(key, []), us.get(key + "-prev", [])
            n, d = partial(cu)
            pn, pd = partial(pu)
            parts[(county, iid)] = {"n": n, "d": d, "pn": pn, "pd": pd, "prev": prev is not None}
            why[(county, iid)] = cu
            if not c["township"]:
                continue
            for tw in data["reg"].townships:
                level[tw] = "township"
                n, d = partial(cu, tw)
                pn, pd = partial(pu, tw)
                parts[(tw, iid)] = {"n": n, "d": d, "pn": pn, "pd": pd, "prev": prev is not None}
                why[(tw, iid)] = [x for x in cu if x[0] == tw]
    # parents, bottom-up: a parent has a row when at least one child has one; its partials are the children's sums
    for lv in ("city", "province"):
        for code, (_, alv, _) in areas.items():
            if alv != lv:
                continue
            children = [c for c, a in areas.items() if a[2] == code]
            for iid in CATALOGUE:
                kids = [parts[(c, iid)] for c in children if (c, iid) in parts]
                if not kids:
                    continue
                parts[(code, iid)] = {"n": sum(k["n"] for k in kids), "d": sum(k["d"] for k in kids),
                                      "pn": sum(k["pn"] for k in kids if k["prev"]),
                                      "pd": sum(k["pd"] for k in kids if k["prev"]), "prev": any(k["prev"] for k in kids)}
    return {k: evaluate(k[1], p) for k, p in parts.items()}, why, level


# ---------------------------------------------------------------- published rows
def read_parquet(path, schema=False):
    proc = subprocess.run(["node", os.path.join(HERE, "read_parquet.mjs")] + (["--schema"] if schema else []) + [path],
                          capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        sys.exit(f"oracle: cannot read {path}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


COLUMNS = ("AreaCode", "Period", "IndicatorId", "Value", "Numerator", "Denominator", "TargetValue", "MeetsTarget",
           "PreviousValue", "Change", "ComputedAtUtc")


def published(folder, period):
    """Returns ({(area, indicator): row}, [duplicate keys]) for the period (Basis = 'working' when there is a Basis).
    A row whose AreaCode or IndicatorId is not a string, or whose Period is not an integer, gets a "_type" entry."""
    rows = read_parquet(os.path.join(folder, "FactIndicatorValue.parquet"))
    out, dups = {}, []
    missing = [c for c in COLUMNS if rows and c not in rows[0]]
    if missing:
        sys.exit(f"oracle: FactIndicatorValue lacks the column(s) {', '.join(missing)}")
    for r in rows:
        if "Basis" in r and r["Basis"] not in ("working", None):
            continue
        if int(r["Period"]) != period:
            continue
        key = (str(r["AreaCode"]), str(r["IndicatorId"]))
        bad = [c for c, t in (("AreaCode", str), ("IndicatorId", str), ("Period", int)) if type(r[c]) is not t]
        if bad:
            r = dict(r, _type=", ".join(f"{c} is {type(r[c]).__name__}" for c in bad))
        if key in out:
            dups.append(key)
        out[key] = r
    return out, dups


# ---------------------------------------------------------------- compare
FIELDS = ("Value", "Numerator", "Denominator", "PreviousValue", "Change", "TargetValue", "MeetsTarget")


def agree(exp, pub):
    if exp is None or pub is None:
        return exp is None and pub is None
    if isinstance(exp, bool) or isinstance(pub, bool):
        return exp is pub
    try:
        pub = float(pub)
    except (TypeError, ValueError):
        return False
    e = float(exp)
    return abs(e - pub) <= 1e-9 * max(1.0, abs(e))


def show(v):
    if v is None:
        return "null"
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else repr(float(v))
    return repr(v)


def level_of(code, level):
    if code in level:
        return level[code]
    return {9: "township", 12: "village"}.get(len(code), "other")


def explain(key, why, exp, pub):
    area, iid = key
    print(f"-- {area} {iid}: expected {json.dumps({f: show(v) for f, v in exp.get(key, {}).items()})}")
    print(f"   published {json.dumps({f: pub.get(key, {}).get(f) for f in FIELDS}, default=str)}")
    for tw, n, d, w in why.get(key, []):
        print(f"   township {tw}: n {show(Fraction(n))} d {show(Fraction(d))}  {w}")


def check_files(folder, areas, loaded, pub):
    """The published files beside the Parquet fact table: the CSV twin, the manifest, DimArea. Returns problems."""
    import csv
    import hashlib
    problems = []
    rows = read_parquet(os.path.join(folder, "FactIndicatorValue.parquet"))
    # stable types (output.md): keys are strings, Period an integer, the figures doubles, MeetsTarget a boolean
    want_types = {"AreaCode": ("BYTE_ARRAY", "STRING"), "IndicatorId": ("BYTE_ARRAY", "STRING"), "Period": ("INT32", "INT64"),
                  "MeetsTarget": ("BOOLEAN",), **{f: ("DOUBLE",) for f in FIELDS if f != "MeetsTarget"}}
    schema = read_parquet(os.path.join(folder, "FactIndicatorValue.parquet"), schema=True)
    cols = {c["name"]: c for c in schema["columns"]}
    for name, types in want_types.items():
        c = cols.get(name)
        if c is None:
            problems.append(f"FactIndicatorValue.parquet has no column {name}")
        elif c["type"] not in types or (types[-1] == "STRING" and c["logical"] != "STRING"):
            problems.append(f"FactIndicatorValue.parquet {name} is {c['type']}/{c['logical']}, expected {' or '.join(types)}")
    if schema["rows"] != len(rows):
        problems.append(f"FactIndicatorValue.parquet metadata says {schema['rows']} rows, {len(rows)} were read")
    path = os.path.join(folder, "FactIndicatorValue.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        crows = list(csv.DictReader(fh))
    pk = {(str(r["AreaCode"]), str(r["Period"]), r["IndicatorId"], r.get("Basis") or ""): r for r in rows}
    ck = {(r["AreaCode"], r["Period"], r["IndicatorId"], r.get("Basis") or ""): r for r in crows}
    if len(rows) != len(crows) or set(pk) != set(ck):
        problems.append(f"FactIndicatorValue.csv has {len(crows)} rows, the Parquet {len(rows)}; keys differ by {len(set(pk) ^ set(ck))}")
    for k in sorted(set(pk) & set(ck)):
        for f in FIELDS:
            a, b = pk[k][f], ck[k][f]
            if a is None:
                same = b == ""
            elif isinstance(a, bool):
                same = b.lower() == str(a).lower()
            else:
                try:
                    same = agree(a, float(b))
                except ValueError:
                    same = False
            if not same:
                problems.append(f"FactIndicatorValue.csv {k[0]} {k[2]} {f} = {b!r}, the Parquet {a!r}")
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as fh:
        manifest = json.load(fh)
    tables = {t["name"]: t for t in manifest.get("tables", [])}
    for name in ("FactIndicatorValue", "DimArea"):
        t = tables.get(name)
        if t is None:
            problems.append(f"manifest.json lists no {name}")
            continue
        n = len(rows) if name == "FactIndicatorValue" else None
        if n is not None and t.get("rowCount") != n:
            problems.append(f"manifest.json: {name} rowCount {t.get('rowCount')}, the Parquet holds {n}")
        for kind in ("parquet", "csv"):
            want = t.get(kind + "Sha256")
            if want:
                with open(os.path.join(folder, t[kind]), "rb") as fh:
                    got = hashlib.sha256(fh.read()).hexdigest()
                if got != want:
                    problems.append(f"manifest.json: {t[kind]} sha256 {want[:12]}…, the file's {got[:12]}…")
    dim = {str(r["AreaCode"]): r for r in read_parquet(os.path.join(folder, "DimArea.parquet"))}
    if "DimArea" in tables and tables["DimArea"].get("rowCount") != len(dim):
        problems.append(f"manifest.json: DimArea rowCount {tables['DimArea'].get('rowCount')}, the Parquet holds {len(dim)}")
    want = {code: (lv, parent, None) for code, (_, lv, parent) in areas.items()}
    for county, data in loaded.items():
        for tw in data["reg"].townships:
            want[tw] = ("township", county, None)
        for vc, v in data["reg"].villages.items():
            want[vc] = ("village", v["township"], v["key"])
    for code, (lv, parent, key) in sorted(want.items()):
        r = dim.get(code)
        if r is None:
            problems.append(f"DimArea lacks {code} ({lv})")
            continue
        if str(r.get("Level", "")).lower() != lv or (r.get("ParentCode") or None) != parent:
            problems.append(f"DimArea {code}: Level {r.get('Level')!r} ParentCode {r.get('ParentCode')!r}, expected {lv} {parent}")
        if key is not None and bool(r.get("IsKeyVillage")) != key:
            problems.append(f"DimArea {code}: IsKeyVillage {r.get('IsKeyVillage')!r}, the register says {key}")
    for area, iid in sorted(pub):
        if area not in dim:
            problems.append(f"FactIndicatorValue {area} {iid}: AreaCode not in DimArea (the row joins nothing)")
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description="Independent oracle: raw county files vs published FactIndicatorValue")
    ap.add_argument("--scenario", choices=sorted(SCENARIOS), required=True)
    ap.add_argument("--samples", required=True, help="folder of county folders {countyCode}/ with the raw files")
    ap.add_argument("--published", required=True, help="folder with FactIndicatorValue.parquet")
    ap.add_argument("--period", type=int, default=2022)
    ap.add_argument("--explain", action="append", default=[], help="AREA:INDICATOR, print the rows behind it")
    ap.add_argument("--files", action="store_true",
                    help="also check the other published files: FactIndicatorValue.csv equals the Parquet, manifest.json's"
                         " row count and hashes, DimArea holds every area with its level and parent")
    a = ap.parse_args(argv)

    areas = SCENARIOS[a.scenario]
    if not areas:
        sys.exit(f"oracle: no area table for scenario {a.scenario}")
    loaded = load_scenario(a.samples, areas, a.period)
    strays = sorted(x for x in os.listdir(a.samples) if re.fullmatch(r"\d{6}", x) and x not in areas)
    if strays:
        print(f"note: folder(s) {', '.join(strays)} under {a.samples} name no county of scenario {a.scenario}; not read")
    exp, why, level = expected(areas, loaded, a.period)
    pub, dups = published(a.published, a.period)

    keys = sorted(set(exp) | set(pub), key=lambda k: (LEVELS.index(level_of(k[0], level)) if level_of(k[0], level) in LEVELS else 9, k))
    tally = defaultdict(lambda: [0, 0])
    bad = []
    for key in keys:
        lv = level_of(key[0], level)
        tally[lv][1] += 1
        if key not in pub:
            bad.append((key, "(row)", "present", "missing"))
            continue
        if key not in exp:
            bad.append((key, "(row)", "absent", "extra"))
            continue
        e, p = exp[key], pub[key]
        wrong = [(f, e.get(f), p.get(f)) for f in FIELDS if not agree(e.get(f), p.get(f))]
        if "_type" in p:
            wrong.append(("(type)", "AreaCode, IndicatorId string; Period integer", p["_type"]))
        if wrong:
            for f, ev, pv in wrong:
                bad.append((key, f, show(ev), show(pv)))
        else:
            tally[lv][0] += 1
    for key in dups:
        print(f"duplicate published row: {key[0]} {key[1]}")
    if bad:
        print(f"disagreements ({len(bad)} fields; first {min(60, len(bad))}): area | indicator | field | expected | published")
        for (area, iid), f, ev, pv in bad[:60]:
            print(f"  {area} | {iid} | {f} | {ev} | {pv}")
    for k in a.explain:
        area, iid = k.split(":")
        explain((area, iid), why, exp, pub)
    k_all = sum(t[0] for t in tally.values())
    n_all = sum(t[1] for t in tally.values())
    for lv in list(LEVELS) + sorted(set(tally) - set(LEVELS)):
        if lv in tally:
            print(f"{lv}: {tally[lv][0]}/{tally[lv][1]}")
    ok = k_all == n_all and n_all > 0 and not dups
    if a.files:
        problems = check_files(a.published, areas, loaded, pub)
        for x in problems[:30]:
            print(f"files: {x}")
        print(f"files: {'every check holds' if not problems else f'{len(problems)} problem(s)'}")
        ok &= not problems
    print(f"oracle: {k_all}/{n_all} values agree")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
