#!/usr/bin/python3
"""Differential check of intake: the spellings of forms.md's type table, row by row, through the oracle's reader
(cadre_domain.py) and through `./cadre validate --json` (offline, no local stack).

It writes small CSV files (UTF-8 with BOM) into a temporary folder, one per form, each row varying one cell of an
otherwise valid row, and prints every row where the two disagree on accepting it (or on the error's code).
Run from the repository root: /usr/bin/python3 tests/oracle/intake_diff.py [--keep DIR]. Exit 0 when they agree.
"""
import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cadre_domain as d  # noqa: E402
import openpyxl  # noqa: E402

COUNTY, PERIOD = "640323", 2022
COUNTIES = {COUNTY: ["盐池县", "盐池"], "640302": ["利通区", "利通"]}
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idnum(birth, seq):
    """A valid ID number of the county: birth 'YYYYMMDD', seq 0..999 (its last digit's parity gives the sex)."""
    body = f"{COUNTY}{birth}{seq:03d}"
    return body + "10X98765432"[sum(int(body[i]) * W[i] for i in range(17)) % 11]


def full_width(s):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


# Each case: (note, {header: cell}) applied over the base row. Males have an odd 17th digit (seq 1, 3, …).
def secretaries():
    header = ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "性别", "民族", "出生年月", "学历", "入党时间", "届次", "任职状态",
              "一肩挑", "一肩三挑", "致富带头人", "县级备案"]
    cases = []
    seq = iter(range(1, 999, 2))

    def row(note, **over):
        n = next(seq)
        base = {"县(市、区)": "盐池县", "乡镇": "花马池镇", "村": "城西村", "姓名": "张三", "身份证号": idnum("19850312", n),
                "性别": "男", "民族": "汉族", "出生年月": "1985-03-12", "学历": "高中", "入党时间": "2010-07-01", "届次": "2021",
                "任职状态": "新任", "一肩挑": "是", "一肩三挑": "否", "致富带头人": "否", "县级备案": "是"}
        for k, v in over.items():
            base[k] = v(base) if callable(v) else v
        cases.append((note, [base[h] for h in header]))

    for v in ("1985-03-12", "1985/3/12", "1985.03", "1985.3", "198503", "1985年3月", "1985年3月12日", "1985-3-12",
              "1985.03.12", "85.03", "1985-04", "1985.04", "1985/03/13", "三月", ""):
        row(f"birthDate {v!r}", 出生年月=v)
    for v in ("是", "是的", "Y", "y", "N", "yes", "No", "TRUE", "false", "1", "0", "√", "×", "✓", "有", "无", "無", "", "对", "X"):
        row(f"bool {v!r}", 一肩挑=v)
    for v in ("研究生", "硕士", "博士", "大学本科", "本科", "大学专科", "大专", "专科", "中专", "中技", "技校", "高中", "初中",
              "初中及以下", "小学", "碩士", "大學本科", "專科", "大專", "本 科", "文盲", ""):
        row(f"education {v!r}", 学历=v)
    for v in ("新任", "连任", "留任", "連任", "新任 ", "换届", ""):
        row(f"status {v!r}", 任职状态=v)
    for v in ("2021", "2021届", "2021屆", "２０２１", "2021年", "21", "二〇二一", ""):
        row(f"term {v!r}", 届次=v)
    for v in ("男", "女", "", "M"):
        row(f"sex {v!r}", 性别=v)
    x = next(idnum("19850312", n) for n in range(901, 999, 2) if idnum("19850312", n).endswith("X"))
    row("idNumber lower-case x", 身份证号=x[:-1] + "x")
    row("idNumber full-width digits", 身份证号=lambda b: full_width(b["身份证号"]))
    row("idNumber 17 chars", 身份证号=lambda b: b["身份证号"][:17])
    row("idNumber bad check digit", 身份证号=lambda b: b["身份证号"][:17] + ("0" if b["身份证号"][17] != "0" else "1"))
    row("idNumber spaces", 身份证号=lambda b: b["身份证号"][:6] + " " + b["身份证号"][6:])
    row("idNumber Feb 30", 身份证号=idnum("19850230", 901), 出生年月="")
    for v in ("盐池县", "盐池", "鹽池縣", "鹽池", "640323", "利通区", "吴忠市", "", "盐 池 县"):
        row(f"county {v!r}", **{"县(市、区)": v})
    for v in ("2003-07-01", "2002-03-12", "2020-01-01", "2023-01-01"):
        row(f"partyJoinedOn {v!r}", 入党时间=v)
    row("tripleRole without concurrentDirector", 一肩挑="否", 一肩三挑="是")
    row("name blank", 姓名="")
    row("village blank", 村="")
    return "village-secretaries", header, cases


def pay():
    header = ["县(市、区)", "乡镇", "乡镇工作人员月均收入（元）", "同职级机关人员月均收入（元）", "乡镇补贴落实"]
    cases = []
    towns = iter(["花马池镇", "大水坑镇", "惠安堡镇", "高沙窝镇", "王乐井乡", "冯记沟乡", "青山乡", "麻黄山乡"] + [f"乡{i}" for i in range(60)])
    for v in ("6000", "6,000", "６０００", "0.6万", "6000元", "6000.50", "0.6萬", "1.2e3", "-6000", "0", "六千", "6000 元", "", " 6000 "):
        cases.append((f"townshipIncome {v!r}", ["盐池县", next(towns), v, "5000", "是"]))
    return "township-pay", header, cases


def entrepreneurship():
    header = ["县(市、区)", "年度", "党员\"双带\"致富资金（万元）", "发放创业资金", "党员创业基地（个）", "带动扶持创业（人）", "党员红色发展基金",
              "党员领办协办家庭农场（家）", "党员领办协办专业合作组织（家）"]
    cases = []
    years = iter(range(1990, 2022))  # one row per county and year: every value case gets its own year
    for v in ("557", "557万元", "0.0557亿", "5570000元", "557万", "1,234", "", "-1", "abc", "0.35億"):
        cases.append((f"doubleLeadFund {v!r}", ["盐池县", str(next(years)), v, "1.8亿", "19", "3672人", "200万元", "317", "375"]))
    for v in ("19个", "19.5", "1,9", "２", "19 个"):
        cases.append((f"bases {v!r}", ["盐池县", str(next(years)), "1", "1", v, "1", "1", "1", "1"]))
    for v in ("2022", "2022年", "２０２２", ""):
        cases.append((f"year {v!r}", ["盐池县", v, "1", "1", "1", "1", "1", "1", "1"]))
    return "entrepreneurship", header, cases


def promotions():
    header = ["县(市、区)", "姓名", "身份证号", "原任职务", "乡镇工作经历", "提拔重用类型", "提拔重用时间"]
    cases = []
    seq = iter(range(1, 999, 2))
    for v in ("2021-06-12", "2021/6/12", "2021年6月12日", "2021年6月", "2021.06", "2021.6", "202106", "2023-01-01", "2022-12-31",
              "待定", "2022.13", "2021-02-30"):
        cases.append((f"promotedOn {v!r}", ["盐池县", "李四", idnum("19750101", next(seq)), "乡镇党委书记", "是", "提拔副处级领导干部", v]))
    for v in ("乡镇党委书记", "乡镇长", "其他", "鄉鎮長", "镇长", "党委书记"):
        cases.append((f"fromPosition {v!r}", ["盐池县", "李四", idnum("19750101", next(seq)), v, "是", "重用", "2021-01-01"]))
    for v in ("提拔副处级领导干部", "晋升四级调研员", "重用", "晉升四級調研員", "提拔"):
        cases.append((f"promotionType {v!r}", ["盐池县", "李四", idnum("19750101", next(seq)), "乡镇长", "是", v, "2021-01-01"]))
    return "promotions", header, cases


def resident():
    header = ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "身份", "选派层级", "派出单位", "派驻时间", "期满时间", "工作经费", "体检",
              "人身意外伤害保险", "伙食补助", "交通补助", "通信补贴", "乡镇工作补贴", "艰苦边远地区津贴"]
    cases = []
    seq = iter(range(1, 999, 2))
    for v in ("自治区", "区直", "市", "市直", "县", "县(市、区)", "县（市、区）", "乡镇", "自治區", "縣"):
        cases.append((f"dispatchLevel {v!r}", ["盐池县", "花马池镇", "城西村", "王五", idnum("19800101", next(seq)), "第一书记", v, "某单位",
                                               "2021-09-01", "2023-09-01"] + ["是"] * 8))
    for v in ("第一书记", "工作队员", "驻村工作队员", "第一書記", "队员"):
        cases.append((f"role {v!r}", ["盐池县", "花马池镇", "城西村", "王五", idnum("19800101", next(seq)), v, "市", "",
                                      "2021-09-01", ""] + ["是"] * 8))
    for s, e in (("2021-09-01", "2021-03-01"), ("2021-09-01", "2021-09-01"), ("2021-09-01", ""), ("2023-01-15", "")):
        cases.append((f"dates {s!r}..{e!r}", ["盐池县", "花马池镇", "城西村", "王五", idnum("19800101", next(seq)), "工作队员", "市", "",
                                              s, e] + ["是"] * 8))
    return "resident-cadres", header, cases


def graduates():
    header = ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "录用年度", "到村时间", "在村工作期限（月）"]
    cases = []
    seq = iter(range(1, 999, 2))
    for v in ("24", "60", "61", "0", "1", "36个月", "24.5", "２４", ""):
        cases.append((f"villageMonths {v!r}", ["盐池县", "花马池镇", "城西村", "赵六", idnum("19980101", next(seq)), "2020", "2020-09-01", v]))
    return "selected-graduates", header, cases


# Rows the pipeline accepts although forms.md does not list the spelling: harmless extensions, reported, not failed.
EXTENSIONS = {
    "birthDate '1985.03.12'": "a dotted full date",
    "bool '对'": "对 read as yes",
    "education '本 科'": "spaces inside an enum label",
    "term '2021年'": "a term written with 年",
    "idNumber spaces": "spaces inside an ID number",
}


def secretaries_xlsx():
    """An .xlsx as a county writes it: title row, unit/date row, two-row merged header, typed cells (dates, serial
    numbers, numbers, booleans), Excel error values, a blank row, a totals row and a note row."""
    lower = ["序号", "县(市、区)", "乡镇", "村", "姓名", "身份证号", "性别", "民族", "出生年月", "学历", "入党时间", "届次", "任职状态",
             "一肩挑", "一肩三挑", "致富带头人", "县级备案", "备注"]
    cases = []
    seq = iter(range(1, 999, 2))

    def row(note, **over):
        n = next(seq)
        base = {"序号": len(cases) + 1, "县(市、区)": "盐池县", "乡镇": "花马池镇", "村": "城西村", "姓名": "张三",
                "身份证号": idnum("19850312", n), "性别": "男", "民族": "回", "出生年月": dt.datetime(1985, 3, 12), "学历": "高中",
                "入党时间": dt.datetime(2010, 7, 1), "届次": 2021, "任职状态": "新任", "一肩挑": "是", "一肩三挑": "否",
                "致富带头人": True, "县级备案": 1, "备注": None}
        base.update(over)
        cases.append((note, [base[h] for h in lower]))

    row("typed cells")
    row("birthDate serial number 31118", 出生年月=31118)
    row("birthDate number 198503", 出生年月=198503)
    row("birthDate text 1985.03", 出生年月="1985.03")
    row("village as a number cell", 村=640323100201)
    row("term 2021.0", 届次=2021.0)
    row("optional bool #N/A (warning, blank)", 一肩挑="#N/A")
    row("optional sex #REF! (warning, blank)", 性别="#REF!")
    row("required education #DIV/0! (error)", 学历="#DIV/0!")
    row("required term #VALUE! (error)", 届次="#VALUE!")
    row("bool FALSE cell", 致富带头人=False)
    row("bool 0 cell", 县级备案=0)
    cases.append(("skip: blank row", [None] * len(lower)))
    row("after a blank row")
    cases.append(("skip: totals row", ["合计", None, None, None, "221人"] + [None] * (len(lower) - 5)))
    cases.append(("skip: subtotal row", [None, "小计", "12"] + [None] * (len(lower) - 3)))
    cases.append(("skip: note row", ["填表说明：学历填最高学历"] + [None] * (len(lower) - 1)))
    cases.append(("skip: note row 注:", ["注：一肩挑指书记主任一肩挑"] + [None] * (len(lower) - 1)))
    return "village-secretaries-xlsx", lower, cases


def write_xlsx(path, lower, cases):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "村书记(2021届)"
    width = len(lower)
    ws.append(["盐池县村党组织书记花名册"] + [None] * (width - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append(["填报单位：中共盐池县委组织部          填报日期：2023年1月10日"] + [None] * (width - 1))
    upper = [None] * width
    for i, h in enumerate(lower):
        if h in ("序号", "县(市、区)", "乡镇", "村", "备注"):
            upper[i] = h
    upper[lower.index("姓名")] = "书记基本情况"
    upper[lower.index("届次")] = "任职情况"
    ws.append(upper)
    ws.append([None if h in ("序号", "县(市、区)", "乡镇", "村", "备注") else h for h in lower])
    for i, h in enumerate(lower):
        if h in ("序号", "县(市、区)", "乡镇", "村", "备注"):
            ws.merge_cells(start_row=3, start_column=i + 1, end_row=4, end_column=i + 1)
    ws.merge_cells(start_row=3, start_column=lower.index("姓名") + 1, end_row=3, end_column=lower.index("学历") + 1)
    ws.merge_cells(start_row=3, start_column=lower.index("届次") + 1, end_row=3, end_column=lower.index("县级备案") + 1)
    for _, cells in cases:
        ws.append(cells)
        r = ws.max_row
        for c, v in enumerate(cells):
            if isinstance(v, dt.datetime):
                ws.cell(r, c + 1).number_format = "yyyy-mm-dd"
    wb.save(path)
    return 5  # the first data row


def mine(path):
    """Per data row (1-based line number): None when accepted, else the error code, by the oracle's reader."""
    rows, findings = d.read_folder(os.path.dirname(path), COUNTY, PERIOD, COUNTIES)
    acc, dups = d.drop_duplicates(rows, PERIOD, lambda rec: rec["township"])
    rows, findings = [(f, r) for f, recs in acc.items() for r in recs], findings + dups
    name = os.path.basename(path)
    out = {}
    for form, rec in rows:
        if rec["_where"][0].endswith(name):
            out[rec["_where"][2]] = None
    for rel, sheet, cell, code, sev in findings:
        if rel.endswith(name) and sev == "error" and cell:
            out[int("".join(ch for ch in cell if ch.isdigit()))] = code
    return out


def theirs(path):
    p = subprocess.run(["./cadre", "validate", path, "--county", COUNTY, "--period", str(PERIOD), "--json"],
                       capture_output=True, text=True, encoding="utf-8")
    if p.returncode not in (0, 1):
        sys.exit(f"cadre validate failed ({p.returncode}): {p.stderr.strip()[:400]}")
    rep = json.loads(p.stdout)
    out = {}
    for sh in rep["sheets"]:
        for f in sh["findings"]:
            if f["severity"] == "error":
                out.setdefault(f["row"], f["code"])
    return out, rep


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", help="write the files here and keep them")
    a = ap.parse_args()
    folder = a.keep or tempfile.mkdtemp(prefix="intake-diff-")
    os.makedirs(folder, exist_ok=True)
    differ = total = codes = 0
    for make in (secretaries, pay, entrepreneurship, promotions, resident, graduates, secretaries_xlsx):
        form, header, cases = make()
        sub = os.path.join(folder, form)
        os.makedirs(sub, exist_ok=True)
        if form.endswith("-xlsx"):
            form = form[:-5]
            path = os.path.join(sub, f"{form}.xlsx")
            first = write_xlsx(path, header, cases)
        else:
            path, first = os.path.join(sub, f"{form}.csv"), 2
            with open(path, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(header)
                for _, cells in cases:
                    w.writerow(cells)
        ours = mine(path)
        errs, rep = theirs(path)
        forms = [s["form"] for s in rep["sheets"]]
        if forms != [form]:
            differ += 1
            print(f"{os.path.basename(path)}: cadre validate read it as {forms}")
        else:
            sh = rep["sheets"][0]
            read, accepted = len(ours), sum(1 for v in ours.values() if v is None)
            accepted += sum(1 for note, _ in cases if note in EXTENSIONS)  # the pipeline also accepts those
            if (sh.get("rowsRead"), sh.get("rowsAccepted")) != (read, accepted):
                differ += 1
                print(f"{os.path.basename(path)}: rowsRead/rowsAccepted {sh.get('rowsRead')}/{sh.get('rowsAccepted')}, "
                      f"the oracle {read}/{accepted}")
        for i, (note, cells) in enumerate(cases):
            line = i + first
            o = ours.get(line, "(not a record)")
            t = errs.get(line)
            total += 1
            if note.startswith("skip:"):
                if o != "(not a record)" or t is not None:
                    differ += 1
                    print(f"{form} line {line}: {note}: oracle {o or 'accepted'}, pipeline {t or 'no error'}")
                continue
            if (o is None) != (t is None):
                known = note in EXTENSIONS and t is None
                differ += not known
                print(f"{'  (extension: ' + EXTENSIONS[note] + ') ' if known else ''}{form} line {line}: {note}: "
                      f"oracle {o or 'accepted'}, pipeline {t or 'accepted'}")
            elif o != t:
                codes += 1
                print(f"  (same verdict, other code) {form} line {line}: {note}: oracle {o}, pipeline {t}")
    print(f"intake-diff: {total - differ}/{total} rows get the same verdict; {codes} with another error code")
    if not a.keep:
        shutil.rmtree(folder)
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
