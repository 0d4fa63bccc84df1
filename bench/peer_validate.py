#!/usr/bin/python3
"""The pandas + openpyxl peer of `cadre validate` for bench/ (issue 15, row "validate vs pandas").

Does less than the intake on purpose: reads the roster sheet (openpyxl in read-only mode, through pandas), checks
each 18-character ID number's GB 11643 check digit, and computes three indicators of the village-secretaries form
(count, share with college education or above, share holding both posts (一肩挑)). Prints one summary line.

    /usr/bin/python3 bench/peer_validate.py ROSTER.xlsx
"""
import sys

import pandas as pd

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
COLLEGE = {"研究生", "本科", "大专", "大学本科", "大学专科"}


def id_ok(value) -> bool:
    s = str(value).strip().upper()
    if len(s) != 18 or not s[:17].isdigit():
        return False
    return CHECK[sum(int(c) * w for c, w in zip(s[:17], WEIGHTS)) % 11] == s[17]


def main(path: str) -> int:
    # Title on row 1, header on row 2 (as counties send the roster). pandas opens the workbook with openpyxl
    # read_only=True, data_only=True.
    frame = pd.read_excel(path, sheet_name=0, header=1, engine="openpyxl", dtype={"身份证号": str})
    ids = frame["身份证号"]
    valid = ids.map(id_ok)
    rows = len(frame)
    college = frame["学历"].isin(COLLEGE).sum()
    both = (frame["一肩挑"] == "是").sum()
    print(f"peer: {rows} rows, {int(valid.sum())} valid IDs, {rows - int(valid.sum())} bad; "
          f"VS01 {rows}, college share {100.0 * college / max(rows, 1):.2f} %, 一肩挑 share {100.0 * both / max(rows, 1):.2f} %")
    return 0 if valid.all() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
