"""Forms of /work/shared/domain/forms.md, typed here by hand, and a reader for county folders.

Shared by tests/oracle/oracle.py and sample-data/check_figures.py. It shares no code or data with the C# pipeline
or the sample-data generator: it reads the raw files (openpyxl for .xlsx, xlrd for .xls, csv for .csv in UTF-8,
UTF-8 with BOM or GB18030) and applies the rules of forms.md with its own simple code.
"""
import csv
import datetime as dt
import os
import re
from collections import defaultdict
from decimal import Decimal

import openpyxl
import xlrd

HERE = os.path.dirname(os.path.abspath(__file__))


def _load_t2s():
    """Traditional -> Simplified for single characters (t2s.txt, derived from OpenCC's TSCharacters)."""
    table = {}
    with open(os.path.join(HERE, "t2s.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            for i in range(0, len(line) - 1, 2):
                table[line[i]] = line[i + 1]
    return table


T2S = _load_t2s()


def fold(s):
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        elif o == 0x3000:
            ch = " "
        elif ch in "“”„":
            ch = '"'
        elif ch in "‘’":
            ch = "'"
        out.append(T2S.get(ch, ch))
    return re.sub(r"\s+", " ", "".join(out)).strip()


UNIT_RE = re.compile(r"[(（](元|万元|亿元|月|个|人|家|岁)[)）]")


def norm_header(s):
    s = fold(str(s))
    unit = None
    m = UNIT_RE.search(s)
    if m:
        unit = m.group(1)
        s = UNIT_RE.sub("", s)
    return re.sub(r"\s", "", s).replace("（", "(").replace("）", ")"), unit


# ---------------------------------------------------------------- forms (from forms.md, typed here by hand)
def col(field, headers, typ, required=False):
    return {"field": field, "headers": headers, "type": typ, "required": required}


AREA = lambda f, h: col(f, h, "area", True)
FORMS = {
    "areas": [AREA("county", ["县(市、区)", "县区", "县区代码", "所属县区"]), col("township", ["乡镇", "乡(镇)", "所属乡镇"], "text", True),
              col("townshipCode", ["乡镇代码"], "text"), col("village", ["村", "行政村", "村名"], "text", True),
              col("villageCode", ["村代码", "村级代码", "区划代码"], "text", True), col("keyVillage", ["重点村", "是否重点村", "乡村振兴重点村"], "bool"),
              col("relocationHeavy", ["移民搬迁任务较重", "移民乡镇"], "bool")],
    "township-leaders": [AREA("county", ["县(市、区)", "县区"]), AREA("township", ["乡镇"]), col("name", ["姓名"], "text", True),
                         col("idNumber", ["身份证号", "公民身份号码", "身份证号码"], "id", True), col("birthDate", ["出生年月", "出生日期"], "date"),
                         col("position", ["职务", "现任职务"], "enum:position", True), col("appointedOn", ["任职时间", "任现职时间"], "date"),
                         col("townshipExperience", ["乡镇工作经历", "有无乡镇工作经历"], "bool"),
                         col("countyLeaderConcurrent", ["县级领导兼任", "是否县级领导兼任"], "bool"),
                         col("fiveAspects", ["五方面人员类别", "五方面人员"], "enum?:fiveAspects")],
    "township-pay": [AREA("county", ["县(市、区)"]), AREA("township", ["乡镇"]),
                     col("townshipIncome", ["乡镇工作人员月均收入", "乡镇人员月均收入"], "num", True),
                     col("agencyIncome", ["同职级机关人员月均收入", "机关同职级月均收入"], "num", True),
                     col("subsidyPaid", ["乡镇补贴落实", "是否落实乡镇补贴"], "bool")],
    "promotions": [AREA("county", ["县(市、区)"]), col("name", ["姓名"], "text", True), col("idNumber", ["身份证号"], "id", True),
                   col("fromPosition", ["原任职务"], "enum:fromPosition", True), col("townshipExperience", ["乡镇工作经历"], "bool"),
                   col("promotionType", ["提拔重用类型", "类型"], "enum:promotionType", True), col("promotedOn", ["提拔重用时间", "任职时间"], "date", True)],
    "village-secretaries": [AREA("county", ["县(市、区)"]), AREA("township", ["乡镇"]), AREA("village", ["村", "行政村"]),
                            col("name", ["姓名"], "text", True), col("idNumber", ["身份证号"], "id", True), col("sex", ["性别"], "enum?:sex"),
                            col("ethnicity", ["民族"], "text"), col("birthDate", ["出生年月"], "date"),
                            col("education", ["学历", "文化程度", "最高学历"], "enum:education", True), col("partyJoinedOn", ["入党时间"], "date"),
                            col("term", ["届次", "换届年份", "任期届次"], "term", True), col("status", ["任职状态", "新任/连任"], "enum:status", True),
                            col("concurrentDirector", ["一肩挑", "书记主任一肩挑", "是否一肩挑"], "bool"), col("tripleRole", ["一肩三挑"], "bool"),
                            col("wealthLeader", ["致富带头人", "是否致富带头人"], "bool"), col("countyFiled", ["县级备案", "是否县级备案"], "bool")],
    "secretary-adjustments": [AREA("county", ["县(市、区)"]), AREA("township", ["乡镇"]), AREA("village", ["村"]), col("name", ["姓名"], "text", True),
                              col("idNumber", ["身份证号"], "id", True), col("reason", ["调整原因"], "enum:reason", True),
                              col("adjustedOn", ["调整时间"], "date", True)],
    "resident-cadres": [AREA("county", ["县(市、区)"]), AREA("township", ["乡镇"]), AREA("village", ["村", "派驻村"]), col("name", ["姓名"], "text", True),
                        col("idNumber", ["身份证号"], "id", True), col("role", ["身份", "驻村身份"], "enum:role", True),
                        col("dispatchLevel", ["选派层级", "派出层级"], "enum:dispatchLevel", True), col("sendingUnit", ["派出单位"], "text"),
                        col("startDate", ["派驻时间", "驻村时间"], "date", True), col("endDate", ["期满时间"], "date")]
                       + [col(f, [h], "bool") for f, h in [("fundsProvided", "工作经费"), ("healthCheck", "体检"), ("accidentInsurance", "人身意外伤害保险"),
                                                           ("mealAllowance", "伙食补助"), ("transportAllowance", "交通补助"), ("commsAllowance", "通信补贴"),
                                                           ("townshipAllowance", "乡镇工作补贴"), ("remoteAllowance", "艰苦边远地区津贴")]],
    "selected-graduates": [AREA("county", ["县(市、区)"]), AREA("township", ["乡镇"]), AREA("village", ["村"]), col("name", ["姓名"], "text", True),
                           col("idNumber", ["身份证号"], "id", True), col("recruitedYear", ["录用年度", "招录年度"],"int", True),
                           col("villageStart", ["到村时间"], "date", True), col("villageMonths", ["在村工作期限", "到村工作期限"],"int", True)],
    "party-development": [AREA("county", ["县(市、区)"]), AREA("township", ["乡镇"]), AREA("village", ["村"]), col("year", ["年度"], "int", True),
                          col("newMembers", ["发展党员数", "发展党员"],"int", True), col("newTalent", ["其中优秀人才", "优秀人才"],"int", True),
                          col("newWealthLeaders", ["其中致富带头人"],"int")],
    "entrepreneurship": [AREA("county", ["县(市、区)"]), col("year", ["年度"], "int", True),
                         col("doubleLeadFund", ['党员"双带"致富资金', "双带致富资金"], "num"), col("startupFunds", ["发放创业资金", "创业资金"], "num"),
                         col("bases", ["党员创业基地", "创业基地"],"int"), col("peopleSupported", ["带动扶持创业", "带动创业人数"],"int"),
                         col("redFund", ["党员红色发展基金", "红色发展基金"], "num"), col("familyFarms", ["党员领办协办家庭农场", "家庭农场"],"int"),
                         col("cooperatives", ["党员领办协办专业合作组织", "专业合作组织"],"int")],
}
ENUMS = {
    "position": {"party-secretary": ["党委书记"], "head": ["乡镇长", "镇长", "乡长"], "deputy-secretary": ["党委副书记"],
                 "deputy-head": ["副乡镇长", "副镇长", "副乡长"], "member": ["党委委员"], "other": ["其他"]},
    "fiveAspects": {"village-secretary": ["优秀村党组织书记"], "college-village-official": ["大学生村官"], "selected-graduate": ["选调生"],
                    "resident-cadre": ["第一书记", "驻村工作队员", "第一书记/驻村工作队员"], "township-staff": ["乡镇事业编制人员"]},
    "fromPosition": {"party-secretary": ["乡镇党委书记"], "head": ["乡镇长"], "other": ["其他"]},
    "promotionType": {"deputy-division": ["提拔副处级领导干部"], "level4-researcher": ["晋升四级调研员"], "important-use": ["重用"]},
    "sex": {"male": ["男"], "female": ["女"]},
    "education": {"postgraduate": ["研究生", "硕士", "博士"], "bachelor": ["大学本科", "本科"], "college": ["大学专科", "大专", "专科"],
                  "secondary-vocational": ["中专", "中技", "技校"], "high-school": ["高中"], "junior-or-below": ["初中", "初中及以下", "小学"]},
    "status": {"new": ["新任"], "reelected": ["连任", "留任"]},
    "reason": {"unsuited": ["不适应"], "incompetent": ["不胜任"], "discipline": ["违纪违法"], "other": ["其他"]},
    "role": {"first-secretary": ["第一书记"], "team-member": ["工作队员", "驻村工作队员"]},
    "dispatchLevel": {"region": ["自治区", "区直"], "city": ["市", "市直"], "county": ["县", "县(市、区)"]},
}
ENUM_LOOKUP = {k: {lab.lower(): code for code, labs in v.items() for lab in labs} for k, v in ENUMS.items()}
BOOLS = {"是": True, "是的": True, "y": True, "yes": True, "true": True, "1": True, "√": True, "✓": True, "有": True,
         "否": False, "n": False, "no": False, "false": False, "0": False, "×": False, "无": False}
HEADER_INDEX = {form: {h: c for c in cols for h in (norm_header(x)[0] for x in c["headers"])} for form, cols in FORMS.items()}


# ---------------------------------------------------------------- reading files
def read_tables(path):
    """Yields (sheet name, rows as lists of python values)."""
    ext = os.path.splitext(path)[1].lower()
    if ext == ".xlsx":
        wb = openpyxl.load_workbook(path, data_only=True)
        for ws in wb.worksheets:
            yield ws.title, [list(r) for r in ws.iter_rows(values_only=True)]
    elif ext == ".xls":
        book = xlrd.open_workbook(path)
        for sh in book.sheets():
            rows = []
            for r in range(sh.nrows):
                vals = []
                for c in range(sh.ncols):
                    cell = sh.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        vals.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        vals.append(None)
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        vals.append(xlrd.error_text_from_code.get(cell.value, "#N/A"))
                    else:
                        vals.append(cell.value)
                rows.append(vals)
            yield sh.name, rows
    elif ext == ".csv":
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        yield os.path.basename(path), [[v if v != "" else None for v in r] for r in csv.reader(text.splitlines())]


def text(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return fold(str(v))


def find_header(rows):
    """Returns (form, header row index (0-based, last header row), {col index: (column def, unit)})."""
    best = None
    for r in range(min(8, len(rows))):
        for two in (False, True):
            if two and r == 0:
                continue
            names = []
            for c in range(max(len(rows[r]), len(rows[r - 1]) if two else 0)):
                low = rows[r][c] if c < len(rows[r]) else None
                up = rows[r - 1][c] if two and c < len(rows[r - 1]) else None
                names.append(low if low not in (None, "") else up)
            for form, index in HEADER_INDEX.items():
                mapping = {}
                for c, n in enumerate(names):
                    if n is None:
                        continue
                    h, unit = norm_header(n)
                    if h not in index:  # a trailing bracketed note that is no unit: 一肩挑（有/无）
                        h = re.sub(r"\([^()]*\)$", "", h)
                    if h in index and all(m[0] is not index[h] for m in mapping.values()):
                        mapping[c] = (index[h], unit)
                fields = {m[0]["field"] for m in mapping.values()}
                if not all(c["field"] in fields for c in FORMS[form] if c["required"]):
                    continue
                score = (len(mapping), -len(FORMS[form]))
                if best is None or score > best[0]:
                    best = (score, form, r, mapping)
    return (best[1], best[2], best[3]) if best else (None, None, None)


# ---------------------------------------------------------------- parsing cells
class Bad(Exception):
    def __init__(self, code, field):
        super().__init__(code)
        self.code, self.field = code, field


def parse_date(v):
    """Returns (date, month_only) or raises ValueError."""
    if isinstance(v, dt.datetime):
        return v.date(), False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        iv = int(v)
        if 190001 <= iv <= 210012 and 1 <= iv % 100 <= 12:
            return dt.date(iv // 100, iv % 100, 1), True
        return dt.date(1899, 12, 30) + dt.timedelta(days=iv), False
    s = text(v)
    for pat, month_only in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", False), (r"(\d{4})/(\d{1,2})/(\d{1,2})", False),
                            (r"(\d{4})年(\d{1,2})月(\d{1,2})日", False), (r"(\d{4})年(\d{1,2})月", True),
                            (r"(\d{4})\.(\d{1,2})", True), (r"(\d{4})(\d{2})", True)):
        m = re.fullmatch(pat, s)
        if m:
            g = [int(x) for x in m.groups()]
            return dt.date(g[0], g[1], g[2] if len(g) > 2 else 1), month_only
    raise ValueError(s)


def parse_num(v, unit):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        n = Decimal(str(v))
    else:
        s = re.sub(r"\s", "", text(v).replace(",", ""))
        m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(万|亿)?元?(人|个月|个|家|月)?", s)
        if not m:
            raise ValueError(s)
        n = Decimal(m.group(1))
        if m.group(2):
            return n * (10000 if m.group(2) == "万" else 100000000)
    return n * {"万元": 10000, "亿元": 100000000}.get(unit, 1)


def check_id(s):
    s = text(s).upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        raise Bad("id-checksum", "idNumber")
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    if "10X98765432"[sum(int(s[i]) * w[i] for i in range(17)) % 11] != s[17]:
        raise Bad("id-checksum", "idNumber")
    try:
        birth = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise Bad("id-checksum", "idNumber")  # no such birth date
    return s, birth, "male" if int(s[16]) % 2 else "female"


def county_code(v, counties):
    """counties: {code: [names, Simplified, with and without suffix]}. Traditional spellings fold to Simplified first."""
    s = re.sub(r"\s", "", text(v))
    if s in counties:
        return s
    for code, names in counties.items():
        if s in names:
            return code
    return None


EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}


def parse_row(form, mapping, row, submitting, period, counties):
    rec = {}
    cells = {}
    for c, (cd, unit) in mapping.items():
        v = row[c] if c < len(row) else None
        f, typ = cd["field"], cd["type"]
        cells[f] = c
        if isinstance(v, str) and v.strip() in EXCEL_ERRORS:
            if cd["required"]:
                raise Bad("excel-error", f)
            v = None  # in an optional column: a warning, and the cell reads as blank
        if v is None or text(v) == "":
            if cd["required"]:
                raise Bad("required-missing", f)
            rec[f] = False if typ == "bool" else None
            continue
        if typ == "area" and f == "county":
            code = county_code(v, counties)
            if code is None:
                raise Bad("area-unknown", f)
            if code != submitting:
                raise Bad("county-mismatch", f)
            rec[f] = code
        elif typ in ("text", "area"):
            rec[f] = text(v)
            if typ == "area":
                rec["_raw_" + f] = v  # the cell as written, for evidence
        elif typ == "id":
            rec[f], rec["_birth"], rec["_sex"] = check_id(v)
        elif typ == "bool":
            b = BOOLS.get(text(v).lower())
            if b is None:
                raise Bad("bool-unparsed", f)
            rec[f] = b
        elif typ in ("num", "int"):
            try:
                rec[f] = parse_num(v, unit)
            except ValueError:
                raise Bad("number-unparsed", f)
            if typ == "int" and rec[f] != rec[f].to_integral_value():
                raise Bad("number-unparsed", f)  # an int column holds a whole number
        elif typ == "term":
            m = re.fullmatch(r"(\d{4})届?", text(v))
            if not m:
                raise Bad("number-unparsed", f)
            rec[f] = int(m.group(1))
        elif typ == "date":
            try:
                rec[f] = parse_date(v)
            except ValueError:
                raise Bad("date-unparsed", f)
        elif typ.startswith("enum"):
            code = ENUM_LOOKUP[typ.split(":")[1]].get(text(v).lower())
            if code is None:
                raise Bad("enum-unknown", f)
            rec[f] = code
    # cross-field rules
    if "_birth" in rec and rec.get("birthDate"):
        d, month_only = rec["birthDate"]
        if (d.year, d.month) != (rec["_birth"].year, rec["_birth"].month) or (not month_only and d != rec["_birth"]):
            raise Bad("birthdate-mismatch", "birthDate")
    if "_sex" in rec and rec.get("sex") and rec["sex"] != rec["_sex"]:
        raise Bad("sex-mismatch", "sex")
    if form == "areas":
        tc, vc = rec.get("townshipCode") or "", rec["villageCode"]
        if tc and not re.fullmatch(r"\d{9}", tc):
            raise Bad("code-length", "townshipCode")
        if tc and not tc.startswith(submitting):
            raise Bad("code-prefix", "townshipCode")
        if not re.fullmatch(r"\d{12}", vc):
            raise Bad("code-length", "villageCode")
        if not vc.startswith(submitting) or (tc and not vc.startswith(tc)):
            raise Bad("code-prefix", "villageCode")
    if form == "township-pay" and (rec["townshipIncome"] <= 0 or rec["agencyIncome"] <= 0):
        raise Bad("value-out-of-range", "townshipIncome" if rec["townshipIncome"] <= 0 else "agencyIncome")
    if form == "entrepreneurship":
        for f in ("doubleLeadFund", "startupFunds", "bases", "peopleSupported", "redFund", "familyFarms", "cooperatives"):
            if rec.get(f) is not None and rec[f] < 0:
                raise Bad("value-out-of-range", f)
    if form == "party-development" and rec["newMembers"] < 0:
        raise Bad("value-out-of-range", "newMembers")
    if form == "selected-graduates" and not 1 <= rec["villageMonths"] <= 60:
        raise Bad("value-out-of-range", "villageMonths")
    if form == "party-development":
        if rec["newTalent"] > rec["newMembers"] or (rec.get("newWealthLeaders") or 0) > rec["newMembers"]:
            raise Bad("exceeds-total", "newTalent")
    if form == "resident-cadres" and rec.get("endDate") and rec["endDate"][0] <= rec["startDate"][0]:
        raise Bad("date-order", "endDate")
    end = dt.date(period, 12, 31)
    for f in ("appointedOn", "promotedOn", "adjustedOn"):
        if rec.get(f) and rec[f][0] > end:
            raise Bad("date-in-future", f)
    return rec, cells


def is_skipped(row):
    first = next((text(v) for v in row if v is not None and text(v) != ""), None)
    if first is None:
        return True
    return first.startswith(("合计", "小计", "总计", "填表说明", "注:", "注："))


def letter(c):
    s = ""
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        s = chr(65 + m) + s
    return s


# ---------------------------------------------------------------- reading a county folder
def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def age_on(birth, day):
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def active(rec, period):
    """Active in the period: startDate <= 31 Dec, endDate blank or >= 1 Jan of the period year."""
    start, end = rec["startDate"][0], rec["endDate"][0] if rec.get("endDate") else None
    return start <= dt.date(period, 12, 31) and (end is None or end >= dt.date(period, 1, 1))


def read_folder(folder, county, period, counties):
    """Reads every file of one county folder. Returns (rows, findings): rows = [(form, rec)] in file order, rec with
    _county and _where = (file, sheet, row number, {field: column index}); findings = [(file, sheet, cell, code,
    severity)] for rejected rows and unrecognised sheets."""
    rows_out, findings = [], []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path) or os.path.splitext(name)[1].lower() not in (".xlsx", ".xls", ".csv"):
            continue
        rel = f"{county}/{name}"
        for sheet, rows in read_tables(path):
            form, hdr, mapping = find_header(rows)
            if form is None:
                findings.append((rel, sheet, "", "sheet-unrecognised", "warning"))
                continue
            cols_by_field = {cd["field"]: c for c, (cd, _) in mapping.items()}
            for i in range(hdr + 1, len(rows)):
                if is_skipped(rows[i]):
                    continue
                try:
                    rec, cells = parse_row(form, mapping, rows[i], county, period, counties)
                except Bad as b:
                    findings.append((rel, sheet, f"{letter(cols_by_field[b.field])}{i + 1}", b.code, "error"))
                    continue
                rec["_county"], rec["_where"] = county, (rel, sheet, i + 1, cols_by_field)
                rows_out.append((form, rec))
    return rows_out, findings


def drop_duplicates(rows, period, township_key, village_key=None):
    """Within one upload the first row wins: one secretary row per person per term, one active resident-cadre posting
    per person, one pay row per township (township_key(rec) names the township), one entrepreneurship row per year,
    one party-development row per village (village_key(rec), default its text) and year. Returns (accepted
    {form: [rec]}, findings)."""
    village_key = village_key or (lambda rec: rec["village"])
    accepted, findings, seen = defaultdict(list), [], set()
    for form, rec in rows:
        key = None
        if form == "village-secretaries":
            key = (form, rec["term"], rec["idNumber"])
        elif form == "resident-cadres" and active(rec, period):
            key = (form, rec["idNumber"])
        elif form == "township-pay":
            key = (form, township_key(rec))
        elif form == "entrepreneurship":
            key = (form, rec["year"])
        elif form == "party-development":
            key = (form, village_key(rec), rec["year"])
        if key is not None and key in seen:
            rel, sheet, r, cols = rec["_where"]
            f = {"township-pay": "township", "entrepreneurship": "year", "party-development": "village"}.get(form, "idNumber")
            findings.append((rel, sheet, f"{letter(cols[f])}{r}", "duplicate-person", "error"))
            continue
        if key is not None:
            seen.add(key)
        accepted[form].append(rec)
    return accepted, findings
