using System.Globalization;
using CadrePipeline.Core.Intake.Readers;

namespace CadrePipeline.Core.Reports;

/// <summary>
/// Factory of every finding the intake reports: a stable code, its severity, its place (sheet, A1 cell, row, field),
/// the offending value (ID numbers masked) and a message in Chinese and English. Call sites never build messages.
/// Columns are 0-based; rows are 1-based as Excel shows them.
/// </summary>
public static class Findings
{
    // File level.
    public static Finding FileEmpty() => File("file-empty", "文件为空", "The file is empty");

    public static Finding FileUnreadable(string detail) =>
        File("file-unreadable", $"文件无法读取，不是有效的 xlsx、xls 或 csv 文件（{detail}）", $"The file cannot be read as xlsx, xls or csv ({detail})");

    public static Finding FileEncrypted() =>
        File("file-encrypted", "工作簿设有密码保护，请取消密码后重新上传", "The workbook is password-protected; remove the password and upload it again");

    public static Finding FileTooLarge(string detail) =>
        File("file-too-large", $"文件过大或解压后超过上限，未读取（{detail}）", $"The file is too large, or inflates beyond the limit, and was not read ({detail})");

    public static Finding SheetTooLarge(string detail) =>
        File("sheet-too-large", $"工作表超过行数或单元格上限，未读取（{detail}）", $"A sheet exceeds the row or cell limit and was not read ({detail})");

    public static Finding ReaderNote(string code, string sheet, string detail) => code switch
    {
        "sheet-dimension-ignored" => File(code, $"工作表“{sheet}”声明的区域异常大，仅读取实际存在的单元格（{detail}）", $"Sheet '{sheet}' declares an absurd range; only the cells present were read ({detail})", Severity.Warning, sheet),
        "columns-ignored" => File(code, $"工作表“{sheet}”超出列数上限的单元格已忽略（{detail}）", $"Sheet '{sheet}': cells beyond the column limit were ignored ({detail})", Severity.Warning, sheet),
        _ => File(code, $"工作表“{sheet}”：{detail}", $"Sheet '{sheet}': {detail}", Severity.Warning, sheet),
    };

    /// <summary>The file is a known format the intake does not read, named in each language.</summary>
    public static Finding FileUnsupported(string formatZh, string formatEn) =>
        File("file-unsupported", $"不支持此文件格式：{formatZh}；请用 Excel 或 WPS 另存为 .xlsx 后重新上传",
            $"This file format is not read: {formatEn}; save it as .xlsx in Excel or WPS and upload it again");

    public static Finding NoFormRecognised() =>
        File("no-form-recognised", "没有任何工作表的表头与已知报表相符，请使用下发的模板", "No sheet has the header of a known form; use the issued template");

    // Sheet level.
    public static Finding SheetUnrecognised(string sheet) =>
        new()
        {
            Code = "sheet-unrecognised",
            Severity = Severity.Warning,
            Sheet = sheet,
            Message = $"工作表“{sheet}”的表头与任何报表都不相符，已跳过",
            MessageEn = $"The header of sheet '{sheet}' matches no form; the sheet was skipped",
        };

    public static Finding ColumnMissing(string sheet, int headerRow, string field, string header) =>
        new()
        {
            Code = "column-missing",
            Severity = Severity.Error,
            Sheet = sheet,
            Row = headerRow,
            Field = field,
            Message = $"缺少必填列“{header}”",
            MessageEn = $"The required column '{header}' ({field}) is missing",
        };

    /// <summary>
    /// Vertically merged cells below the header were read as if their value were written in every row of the range
    /// (a warning, so the clerk can check the reading; the rows are kept). <paramref name="ranges"/> lists the ranges
    /// filled, in sheet order (the first ten are named); the finding's cell is the first range's top cell.
    /// </summary>
    public static Finding MergedCellsFilled(string sheet, string firstCell, int firstRow, IReadOnlyList<string> ranges, int cells)
    {
        var shown = string.Join(", ", ranges.Take(10)) + (ranges.Count > 10 ? ", …" : "");
        return new()
        {
            Code = "merged-cells-filled",
            Severity = Severity.Warning,
            Sheet = sheet,
            Cell = firstCell,
            Row = firstRow,
            Value = shown,
            Message = $"合并单元格已按其首行的值填入下方各行（{ranges.Count} 处，{cells} 个单元格：{shown}），请核对",
            MessageEn = $"Merged cells were read as if their first row's value were written in each row below ({ranges.Count} ranges, {cells} cells: {shown}); please check",
        };
    }

    /// <summary>
    /// A required column is missing and a header cell of the sheet that names no known column is close to one of its
    /// wordings: the finding sits on that header cell and names the known header ("did you mean").
    /// </summary>
    public static Finding HeaderUnknown(string sheet, int headerRow, int col, string field, string written, string header, string closest) =>
        At("header-unknown", Severity.Error, sheet, headerRow, col, field, written,
            $"表头“{written}”无法识别，缺少必填列“{header}”；是否应为“{closest}”？请按模板修改表头",
            $"The header '{written}' is not known and the required column '{header}' ({field}) is missing; did you mean '{closest}'?");

    public static Finding FindingsTruncated(string sheet, int more, bool includesErrors) =>
        new()
        {
            Code = "findings-truncated",
            Severity = includesErrors ? Severity.Error : Severity.Warning,
            Sheet = sheet,
            Value = more.ToString(CultureInfo.InvariantCulture),
            Message = $"问题过多，另有 {more} 条未列出",
            MessageEn = $"Too many findings; {more} more are not listed",
        };

    // Cell level.
    public static Finding RequiredMissing(string sheet, int row, int col, string field, string header) =>
        At("required-missing", Severity.Error, sheet, row, col, field, null, $"必填项“{header}”为空", $"Required value '{header}' is blank");

    public static Finding CellError(string sheet, int row, int col, string field, string value, bool required)
    {
        var shown = QuotedValue.Of(value);
        return At("cell-error", required ? Severity.Error : Severity.Warning, sheet, row, col, field, value,
            required ? $"单元格为错误值 {shown}" : $"单元格为错误值 {shown}，按空白处理",
            required ? $"The cell holds the error value {shown}" : $"The cell holds the error value {shown}; it was read as blank");
    }

    public static Finding BoolInvalid(string sheet, int row, int col, string field, string value) =>
        At("bool-invalid", Severity.Error, sheet, row, col, field, value, "应填“是”或“否”", "Expected yes or no (是/否)");

    public static Finding NumberInvalid(string sheet, int row, int col, string field, string value, bool integer) =>
        At("number-invalid", Severity.Error, sheet, row, col, field, value,
            integer ? "应填整数" : "应填数字", integer ? "Expected a whole number" : "Expected a number");

    public static Finding DateUnparsed(string sheet, int row, int col, string field, string value) =>
        At("date-unparsed", Severity.Error, sheet, row, col, field, value,
            "无法识别的日期，请填写如 1985-03-12 或 1985.03", "The date cannot be read; write it like 1985-03-12 or 1985.03");

    public static Finding EnumUnknown(string sheet, int row, int col, string field, string value, IEnumerable<string> allowed)
    {
        var list = string.Join("、", allowed);
        return At("enum-unknown", Severity.Error, sheet, row, col, field, value, $"不是可选值之一（{list}）", $"Not one of the allowed values ({list})");
    }

    public static Finding AreaUnknown(string sheet, int row, int col, string field, string value, Severity severity) =>
        At("area-unknown", severity, sheet, row, col, field, value,
            severity == Severity.Error ? "无法识别的县（市、区）" : "在本县村级区划名册中找不到该名称",
            severity == Severity.Error ? "Unknown county" : "The name is not in the county's village register");

    public static Finding CountyMismatch(string sheet, int row, int col, string value, string submittingCounty) =>
        At("county-mismatch", Severity.Error, sheet, row, col, "county", value,
            $"该行属于其他县（市、区），只能报送本县（{submittingCounty}）的数据",
            $"The row names another county; a county may only submit for itself ({submittingCounty})");

    public static Finding IdFormat(string sheet, int row, int col, string value) =>
        At("id-format", Severity.Error, sheet, row, col, "idNumber", Mask(value),
            "身份证号应为18位（末位可为X），且含有效出生日期", "The ID number must have 18 characters (the last may be X) with a valid birth date");

    public static Finding IdChecksum(string sheet, int row, int col, string value) =>
        At("id-checksum", Severity.Error, sheet, row, col, "idNumber", Mask(value), "身份证号校验位错误", "ID number check digit is wrong");

    /// <summary>
    /// An ID number kept as a number: Excel keeps 15 significant digits, so the last digits are lost (…000 or
    /// 6.40323E+17) and no check can tell the person; the clerk must format the column as text and type the IDs again.
    /// </summary>
    public static Finding IdStoredAsNumber(string sheet, int row, int col, string value) =>
        At("id-stored-as-number", Severity.Error, sheet, row, col, "idNumber", Mask(value),
            "身份证号被存成了数字，Excel 只保留 15 位有效数字，后几位已丢失：请将该列设置为“文本”格式后重新录入身份证号",
            "The ID number was stored as a number, and Excel keeps only 15 significant digits, so its last digits are lost: format the column as text and type the ID numbers again");

    public static Finding BirthDateMismatch(string sheet, int row, int col, string field, string value) =>
        At("birthdate-mismatch", Severity.Error, sheet, row, col, field, value, "出生年月与身份证号不一致", "The birth date does not agree with the ID number");

    public static Finding SexMismatch(string sheet, int row, int col, string field, string value) =>
        At("sex-mismatch", Severity.Error, sheet, row, col, field, value, "性别与身份证号不一致", "The sex does not agree with the ID number");

    public static Finding OutOfRange(string sheet, int row, int col, string field, string value, string range, Severity severity) =>
        At("value-out-of-range", severity, sheet, row, col, field, value, $"数值超出范围（{range}）", $"The value is out of range ({range})");

    public static Finding DateAfterPeriod(string sheet, int row, int col, string field, string value, int period) =>
        At("date-after-period", Severity.Error, sheet, row, col, field, value,
            $"日期晚于报告期（{period}年12月31日）", $"The date is after the reporting period (31 December {period})");

    public static Finding CodeLength(string sheet, int row, int col, string field, string value, int length) =>
        At("code-length", Severity.Error, sheet, row, col, field, value, $"代码应为{length}位数字", $"The code must have {length} digits");

    /// <summary>The parent's code is another cell's value, so it is quoted by the same rule as the value.</summary>
    public static Finding CodePrefix(string sheet, int row, int col, string field, string value, string prefix)
    {
        var parent = QuotedValue.Of(prefix);
        return At("code-prefix", Severity.Error, sheet, row, col, field, value, $"代码应以上级代码 {parent} 开头", $"The code must start with its parent's code {parent}");
    }

    public static Finding AgeOutOfRange(string sheet, int row, int col, string field, string value, int age, int min, int max, Severity severity) =>
        At("age-out-of-range", severity, sheet, row, col, field, value,
            $"年龄 {age} 岁，不在 {min}–{max} 岁之间", $"Age {age} is outside {min}–{max}");

    public static Finding JoinedBeforeAge(string sheet, int row, int col, string field, string value, int years, Severity severity) =>
        At("joined-before-age", severity, sheet, row, col, field, value,
            $"入党时间早于{years}周岁", $"The party joining date is before the person's {years}th birthday");

    public static Finding ExceedsField(string sheet, int row, int col, string field, string value, string otherHeader) =>
        At("exceeds-total", Severity.Error, sheet, row, col, field, value, $"不能大于“{otherHeader}”", $"Must not exceed '{otherHeader}'");

    public static Finding DateOrder(string sheet, int row, int col, string field, string value, string otherHeader) =>
        At("date-order", Severity.Error, sheet, row, col, field, value, $"应晚于“{otherHeader}”", $"Must be after '{otherHeader}'");

    public static Finding ImpliedMissing(string sheet, int row, int col, string field, string header, string otherHeader, Severity severity) =>
        At("implied-flag-missing", severity, sheet, row, col, field, "是",
            $"“{header}”为是时，“{otherHeader}”也应为是", $"When '{header}' is yes, '{otherHeader}' should be yes too");

    public static Finding YearInvalid(string sheet, int row, int col, string field, string value) =>
        At("year-invalid", Severity.Error, sheet, row, col, field, value, "应为四位年份，如 2021", "Expected a four-digit year such as 2021");

    public static Finding Duplicate(string code, string sheet, int row, int col, string field, string? value, string firstSheet, int firstRow) =>
        firstSheet == sheet
            ? At(code, Severity.Error, sheet, row, col, field, value,
                $"与第 {firstRow} 行重复，仅保留第一行", $"Duplicate of row {firstRow}; only the first row is kept")
            : At(code, Severity.Error, sheet, row, col, field, value,
                $"与工作表“{firstSheet}”第 {firstRow} 行重复，仅保留第一行", $"Duplicate of row {firstRow} of sheet '{firstSheet}'; only the first row is kept");

    /// <summary>
    /// The same person (same keyed hash of the ID number) is in another county's current submission of the same form
    /// (and term): a warning on both, since one of them may be counted twice.
    /// </summary>
    public static Finding PersonInOtherCounty(string sheet, string cell, int row, string? masked, string otherCounty, string otherFile) => new()
    {
        Code = "person-in-other-county",
        Severity = Severity.Warning,
        Sheet = sheet,
        Cell = cell,
        Row = row,
        Field = "idNumber",
        Value = masked,
        Message = $"此人也在 {otherCounty} 的现行报送（{otherFile}）中，请核实是否重复统计",
        MessageEn = $"The same person is in the current submission of county {otherCounty} ({otherFile}); check that they are not counted twice",
    };

    /// <summary>
    /// An ID number masked to its first 6 and last 2 characters (<c>640323********12</c>); the 8 stars also hide the
    /// length. A value of 9–17 characters other than a 15-character ID shows at most a third of itself (a mistyped ID,
    /// a phone number); one of 8 or fewer shows nothing.
    /// </summary>
    public static string Mask(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "";
        }

        if (id.Length <= 8)
        {
            return new string('*', id.Length);
        }

        if (id.Length >= 18 || id.Length == 15)
        {
            return id[..6] + "********" + id[^2..];
        }

        var head = (id.Length / 3) - 1;
        return id[..head] + "********" + id[^1..];
    }

    private static Finding File(string code, string zh, string en, Severity severity = Severity.Error, string? sheet = null) =>
        new() { Code = code, Severity = severity, Sheet = sheet, Message = zh, MessageEn = en };

    private static Finding At(string code, Severity severity, string sheet, int row, int col, string field, string? value, string zh, string en) =>
        new()
        {
            Code = code,
            Severity = severity,
            Sheet = sheet,
            Cell = col >= 0 ? CellRef.A1(col, row) : null,
            Row = row,
            Field = field,
            Value = QuotedValue.Of(value),
            Message = zh,
            MessageEn = en,
        };
}
