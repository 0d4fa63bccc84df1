using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>Header wordings county offices use (issue 13): spacing, required-marks, catalogue synonyms, and "did you mean".</summary>
public sealed class IntakeEngineHeaderWordingTests
{
    private static readonly object?[] Secretary = ["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "高中", 2021, "连任"];

    [Fact]
    public void Validate_SpacesInsideAndRequiredMarks_Recognised()
    {
        var result = TestBooks.RunSheet(["*县(市、区)", "乡　镇", "村：", "姓  名", "※身份证号", "学 历", "届次*", "任职状态"], Secretary);

        Assert.Equal("village-secretaries", result.OnlySheet().Form);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Theory]
    [InlineData("身份证号码")]
    [InlineData("公民身份号码")]
    [InlineData("公民身份证号码")]
    [InlineData("居民身份证号码")]
    public void Validate_IdNumberSynonymsInEveryPersonForm_Recognised(string idHeader)
    {
        // village-secretaries declares no alias of its own for 身份证号: the catalogue's synonyms apply to every form.
        var result = TestBooks.RunSheet(["县(市、区)", "乡镇", "村", "姓名", idHeader, "学历", "届次", "任职状态"], Secretary);

        Assert.Equal("village-secretaries", result.OnlySheet().Form);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Fact]
    public void Validate_BirthDateAsChuShengRiQi_BoundAndChecked()
    {
        var (headers, row) = ValidRows.ByForm["village-secretaries"];
        var h = headers.Select(x => x == "出生年月" ? "出生日期" : x).ToArray();
        var r = row.ToArray();
        r[Array.IndexOf(headers, "出生年月")] = "1976-06-15";

        var result = TestBooks.RunSheet(h, r);

        var f = result.Single("birthdate-mismatch");
        Assert.Equal("H2", f.Cell);
    }

    [Fact]
    public void Validate_RequiredHeaderMisspelt_HeaderUnknownAtThatCellNamingClosest()
    {
        var result = TestBooks.RunSheet(["县(市、区)", "乡镇", "村", "姓名", "身份证编号", "学历", "届次", "任职状态", "联系电话"], [.. Secretary, "13900000000"]);

        var sheet = result.OnlySheet();
        Assert.Equal("village-secretaries", sheet.Form);
        var f = Assert.Single(sheet.Findings);
        Assert.Equal("header-unknown", f.Code);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal("E1", f.Cell);
        Assert.Equal("idNumber", f.Field);
        Assert.Equal("身份证编号", f.Value);
        Assert.Contains("did you mean '身份证号'", f.MessageEn, StringComparison.Ordinal);
        Assert.Contains("是否应为“身份证号”", f.Message, StringComparison.Ordinal);
        Assert.Equal(0, sheet.RowsAccepted);
    }

    [Fact]
    public void Validate_SmallFormWithOneRequiredHeaderUnknown_StillRecognisedWithDiagnosis()
    {
        // township-pay has four required columns; one unknown wording used to make the sheet "unrecognised".
        var result = TestBooks.RunSheet(["县(市、区)", "乡镇", "乡镇工作人员月平均收入", "同职级机关人员月均收入（元）"], ["盐池县", "花马池镇", 5200, 4800]);

        var sheet = result.OnlySheet();
        Assert.Equal("township-pay", sheet.Form);
        var f = Assert.Single(sheet.Findings);
        Assert.Equal("header-unknown", f.Code);
        Assert.Equal("C1", f.Cell);
        Assert.Equal("townshipIncome", f.Field);
        Assert.Contains("'乡镇工作人员月均收入（元）'", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HelperSheetWithThreeOfFourRegisterColumnsAndNothingClose_NotTakenForTheRegister()
    {
        // 县/乡镇/村 are three of the register's four required columns; without a header close to 村代码 the sheet is
        // a helper list, not a register with a misspelt column.
        var result = TestBooks.RunSheet(["县(市、区)", "乡镇", "村", "联系人"], ["盐池县", "花马池镇", "城西滩村", "张三"]);

        Assert.Null(result.OnlySheet().Form);
        Assert.Equal("sheet-unrecognised", Assert.Single(result.OnlySheet().Findings).Code);
    }

    [Fact]
    public void Validate_RegisterWithCodeColumnMisspelt_RecognisedWithDiagnosis()
    {
        var result = TestBooks.RunSheet(["县(市、区)", "乡镇", "村", "村编码"], ["盐池县", "花马池镇", "城西滩村", "640323100001"]);

        Assert.Equal("areas", result.OnlySheet().Form);
        var f = result.Single("header-unknown");
        Assert.Equal("D1", f.Cell);
        Assert.Equal("villageCode", f.Field);
    }

    [Fact]
    public void Validate_RequiredColumnAbsentAndNoCloseHeader_ColumnMissing()
    {
        var result = TestBooks.RunSheet(["县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "联系电话"], [.. Secretary[..7], "13900000000"]);

        var f = Assert.Single(result.OnlySheet().Findings);
        Assert.Equal("column-missing", f.Code);
        Assert.Equal("status", f.Field);
    }

    [Fact]
    public void Validate_UnknownOptionalHeaders_Ignored()
    {
        var result = TestBooks.RunSheet(["序号", "县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态", "联系电话", "备注说明"],
            [1, .. Secretary, "13900000000", "无"]);

        Assert.Empty(result.OnlySheet().Findings);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Theory]
    [InlineData("身份证号", "身份证号", 0)]
    [InlineData("身份证编号", "身份证号", 1)]
    [InlineData("公民身份证号", "公民身份号码", 2)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void EditDistance_Examples(string a, string b, int expected) =>
        Assert.Equal(expected, Core.Intake.HeaderMatcher.EditDistance(a, b));
}
