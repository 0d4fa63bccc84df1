#!/usr/bin/python3
"""Writes the spreadsheet fixtures that the intake tests read. Run by make-fixtures.sh.

openpyxl writes the workbooks; LibreOffice (soffice) then re-saves the formula version as .xlsx and .xls,
so the tests see files as those two producers write them. Every ID number below is computed here with the
GB 11643 check digit, independently of the C# code under test.
"""
import datetime
import sys

import openpyxl
from openpyxl.styles import Alignment

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idn(first17):
    s = sum(int(c) * w for c, w in zip(first17, W))
    return first17 + "10X98765432"[s % 11]


ID_MALE_1975 = idn("64032319750615001")     # 男, born 1975-06-15
ID_FEMALE_1980 = idn("64032319800302002")   # 女, born 1980-03-02
ID_MALE_1990 = idn("64032319900101003")     # 男, born 1990-01-01
ID_TONGXIN = idn("64032419850101004")       # 女, born 1985-01-01, Tongxin county


def bad_check(idnum):
    last = idnum[-1]
    return idnum[:-1] + ("0" if last != "0" else "1")


ID_BAD = bad_check(idn("64032319700101005"))


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def secretaries(ws, formulas):
    ws.title = "村书记"
    ws["A1"] = "盐池县2022年村党组织书记名册"
    ws.merge_cells("A1:Q1")
    ws["A2"] = "填报单位：盐池县委组织部        填报日期：2022年12月"
    upper = {"A": "序号", "B": "縣（市、區）", "C": "鄉鎮", "D": "村", "E": "基本情况", "K": "任職情况", "Q": "縣級\n備案"}
    for col, text in upper.items():
        ws[f"{col}3"] = text
        ws[f"{col}3"].alignment = Alignment(wrap_text=True)
    for col in "ABCDQ":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:J3")
    ws.merge_cells("K3:P3")
    lower = ["姓 名", "身份證號\n（18位）", "性別", "民族", "出生年月", "學  歷",
             "入黨時間", "屆次", "任職狀態", "一肩挑", "一肩三挑", "致富帶頭人"]
    for i, text in enumerate(lower):
        ws.cell(row=4, column=5 + i, value=text)

    rows = {
        5: [1, "盐池县", "花马池镇", "城西滩村", "张三", ID_MALE_1975, "男", "回",
            datetime.datetime(1975, 6, 15), "高中", "1998.07", "2021届", "连任", "√", "×", "是", "是"],
        6: [2, "鹽池縣", "大水坑镇", "新桥村", "李四", fullwidth(ID_FEMALE_1980), "女", "回族",
            "1980年3月", "大專", "=DATE(2003,5,1)" if formulas else datetime.datetime(2003, 5, 1), 2021, "新任", "是", "是", "否", "否"],
        7: [3, "640323", "惠安堡镇", "杜记沟村", "王五", ID_BAD, "男", "汉",
            None, "初中", None, 2021, "新任", "否", "否", "否", "否"],
        9: [4, "盐池县", "高沙窝镇", "施记圈村", "赵六", ID_MALE_1990, "男", "汉",
            "199001", "本科", "=1/0" if formulas else None, 2021, "新任", "Y", "N", "否", "否"],
        10: [5, "同心县", "豫海镇", "某村", "钱七", ID_TONGXIN, "女", "回族",
             None, "大专", None, 2021, "新任", "否", "否", "否", "否"],
        11: [6, "盐池县", "花马池镇", "城西滩村", "张三", ID_MALE_1975, "男", "回",
             None, "高中", None, 2021, "连任", "是", "否", "是", "是"],
        12: ["合计", None, None, None, "5人"],
        13: ["填表说明：1. 身份证号请填写18位；2. 日期格式如 1985.03"],
    }
    for r, values in rows.items():
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(row=r, column=c, value=v)
    ws["I5"].number_format = "yyyy-mm-dd"
    if not formulas:
        ws["K6"].number_format = "yyyy-mm-dd"


def entrepreneurship(ws):
    ws.title = "致富带富"
    ws["A1"] = "盐池县党员致富带富情况"
    ws["A2"] = "单位：万元、个、人、家"
    headers = ["县（市、区）", "年度", "党员“双带”致富资金（万元）", "发放创业资金", "党员创业基地（个）",
               "带动扶持创业（人）", "党员红色发展基金", "党员领办协办家庭农场（家）", "党员领办协办专业合作组织（家）"]
    for i, h in enumerate(headers, start=1):
        ws.cell(row=3, column=i, value=h)
    values = ["盐池", 2022, 557, "1.8亿", "12个", "１，２３４", "0.35億", 30, 15]
    for i, v in enumerate(values, start=1):
        ws.cell(row=4, column=i, value=v)


def notes(ws):
    ws.title = "说明"
    ws["A1"] = "本表由县委组织部填报"
    ws["A2"] = "联系人"
    ws["B2"] = "电话"


def workbook(formulas):
    wb = openpyxl.Workbook()
    secretaries(wb.active, formulas)
    entrepreneurship(wb.create_sheet())
    notes(wb.create_sheet())
    return wb


def csvs(outdir):
    header = "县区代码,乡镇,乡镇代码,村,村代码,是否重点村,移民乡镇\n"
    body = ("640323,花马池镇,640323100,城西滩村,640323100001,是,否\n"
            "640323,花马池镇,640323100,柳杨堡村,640323100002,否,否\n"
            "640323,大水坑镇,640323101,新桥村,640323101001,是,是\n"
            "640323,大水坑镇,640323101,错码村,640324101002,否,否\n")
    with open(f"{outdir}/register-gb18030.csv", "wb") as f:
        f.write((header + body).encode("gb18030"))
    with open(f"{outdir}/register-utf8bom.csv", "wb") as f:
        f.write(b"\xef\xbb\xbf" + (header + body).encode("utf-8"))


if __name__ == "__main__":
    out = sys.argv[1]
    workbook(False).save(f"{out}/openpyxl-fixture.xlsx")
    workbook(True).save(f"{out}/libreoffice-source.xlsx")
    csvs(out)
    print("ids", ID_MALE_1975, ID_FEMALE_1980, ID_MALE_1990, ID_TONGXIN, ID_BAD)
