using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>Header detection and the rows that are not records (README "Submissions", forms.md folding rules).</summary>
public sealed class IntakeEngineHeaderTests
{
    private static readonly object?[] Secretary = ["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "高中", 2021, "连任"];

    [Fact]
    public void Validate_TitleAndUnitRowsAboveHeader_HeaderOnRow3()
    {
        var book = TestBooks.Xlsx(("书记", [
            ["盐池县2022年村党组织书记名册"],
            ["填报单位：盐池县委组织部", null, null, null, "2022年12月"],
            ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态"],
            Secretary,
        ]));

        var sheet = TestBooks.Run(book).OnlySheet();

        Assert.Equal("village-secretaries", sheet.Form);
        Assert.Equal(3, sheet.HeaderRow);
        Assert.Equal(1, sheet.RowsAccepted);
    }

    [Fact]
    public void Validate_TwoRowMergedHeader_LowerNamesColumnElseUpper()
    {
        var book = TestBooks.Xlsx(("书记", [
            ["盐池县村党组织书记花名册"],
            ["县(市、区)", "乡镇", "村", "基本情况", null, "任职情况", null, null],
            [null, null, null, "姓名", "身份证号", "学历", "届次", "任职状态"],
            Secretary,
        ]));

        var result = TestBooks.Run(book);
        var sheet = result.OnlySheet();

        Assert.Equal("village-secretaries", sheet.Form);
        Assert.Equal(3, sheet.HeaderRow);
        Assert.Equal(1, sheet.RowsRead);
        Assert.Equal("城西滩村", result.OnlyRecord()["village"]);
    }

    [Fact]
    public void Validate_TraditionalHeadersWithSpacesBreaksAndFullWidthBrackets_Recognised()
    {
        var result = TestBooks.RunSheet(
            ["縣（市、區）", " 鄉  鎮 ", "行政村", "姓\n名", "身份證號\n（18位）", "文化程度", "換屆年份", "新任/連任"],
            Secretary);

        Assert.Equal("village-secretaries", result.OnlySheet().Form);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Fact]
    public void Validate_HeaderWithUnit_CellScaledByHeaderUnlessCellHasUnit()
    {
        var result = TestBooks.RunSheet(
            ["县(市、区)", "年度", "党员“双带”致富资金（万元）", "发放创业资金（万元）"],
            ["盐池县", 2022, 557, "1.8亿"]);

        var r = result.OnlyRecord();
        Assert.Equal(5_570_000m, r["doubleLeadFund"]);
        Assert.Equal(180_000_000m, r["startupFunds"]);
    }

    [Fact]
    public void Validate_TotalsNotesAndBlankRows_SkippedAndNotCounted()
    {
        var book = TestBooks.Xlsx(("书记", [
            ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态"],
            Secretary,
            [],
            ["盐池县", "大水坑镇", "新桥村", "李四", Ids.Female1980, "大专", 2021, "新任"],
            ["小计", null, null, "2人"],
            [null, "合计", null, "221人"],
            ["总计：2人"],
            ["注：身份证号填写18位"],
            ["填表说明：日期格式为1985.03"],
        ]));

        var sheet = TestBooks.Run(book).OnlySheet();

        Assert.Equal(2, sheet.RowsRead);
        Assert.Equal(2, sheet.RowsAccepted);
        Assert.Empty(sheet.Findings);
    }

    [Fact]
    public void Validate_ColumnNumberRowUnderHeader_SkippedAndNotCounted()
    {
        var book = TestBooks.Xlsx(("书记", [
            ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态"],
            [1, 2, 3, 4, 5, 6, 7, 8],
            Secretary,
        ]));

        var sheet = TestBooks.Run(book).OnlySheet();

        Assert.Equal(1, sheet.RowsRead);
        Assert.Equal(1, sheet.RowsAccepted);
        Assert.Empty(sheet.Findings);
    }

    [Fact]
    public void Validate_ExtraColumnsLike序号And备注_Ignored()
    {
        var result = TestBooks.RunSheet(
            ["序号", "县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态", "备注"],
            [1, .. Secretary, "无"]);

        Assert.Equal(1, result.OnlySheet().RowsAccepted);
        Assert.False(result.OnlyRecord().Fields.ContainsKey("备注"));
    }

    [Fact]
    public void Validate_SheetMatchingNoForm_ListedWithNullFormAndWarning()
    {
        var book = TestBooks.Xlsx(
            ("书记", [["县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态"], Secretary]),
            ("联系人", [["联系人", "电话"], ["张三", "13900000000"]]));

        var result = TestBooks.Run(book);

        var other = result.Report.Sheets.Single(s => s.Sheet == "联系人");
        Assert.Null(other.Form);
        Assert.Equal(0, other.HeaderRow);
        var f = Assert.Single(other.Findings);
        Assert.Equal("sheet-unrecognised", f.Code);
        Assert.Equal(CadrePipeline.Core.Reports.Severity.Warning, f.Severity);
        Assert.True(result.Report.Valid);
    }

    [Fact]
    public void Validate_NoSheetMatches_FileLevelError()
    {
        var result = TestBooks.Run(TestBooks.Xlsx(("Sheet1", [["联系人", "电话"], ["张三", "13900000000"]])));

        var f = Assert.Single(result.Report.FileFindings);
        Assert.Equal("no-form-recognised", f.Code);
        Assert.Equal(CadrePipeline.Core.Reports.Severity.Error, f.Severity);
        Assert.False(result.Report.Valid);
        Assert.Empty(result.Batches);
    }

    [Fact]
    public void Validate_FormRecognisedByHeaderNotBySheetName()
    {
        var (headers, row) = ValidRows.ByForm["township-pay"];
        var result = TestBooks.Run(TestBooks.Xlsx(("村党组织书记名册", [headers, row])), file: "村书记.xlsx");

        Assert.Equal("township-pay", result.OnlySheet().Form);
    }

    [Fact]
    public void Validate_RequiredColumnMissing_ColumnMissingErrorAndNoRecords()
    {
        var result = TestBooks.RunSheet(
            ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次"],
            Secretary[..7]);

        var sheet = result.OnlySheet();
        Assert.Equal("village-secretaries", sheet.Form);
        var f = Assert.Single(sheet.Findings);
        Assert.Equal("column-missing", f.Code);
        Assert.Equal("status", f.Field);
        Assert.Equal(0, sheet.RowsAccepted);
        Assert.False(result.Report.Valid);
    }

    [Fact]
    public void Validate_TwoSheetsOfSameForm_BothRead()
    {
        var header = new object?[] { "县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态" };
        var book = TestBooks.Xlsx(
            ("2021届", [header, Secretary]),
            ("2018届", [header, ["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "高中", 2018, "新任"]]));

        var result = TestBooks.Run(book);

        Assert.Equal(2, result.Batches.Count);
        Assert.All(result.Batches, b => Assert.Equal("village-secretaries", b.Form));
        Assert.True(result.Report.Valid);
    }
}
