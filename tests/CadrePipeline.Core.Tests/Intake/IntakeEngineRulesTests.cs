using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Templates;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>The type and row rules of forms.md, one finding each: code, severity, cell (A1) and value.</summary>
public sealed class IntakeEngineRulesTests
{
    // Columns: A county, B township, C village, D name, E idNumber, F sex, G ethnicity, H birthDate, I education,
    // J partyJoinedOn, K term, L status, M concurrentDirector, N tripleRole, O wealthLeader, P countyFiled.
    private static (string[] Headers, object?[] Row) Vs => ValidRows.ByForm["village-secretaries"];

    private static object?[] VsRow(params (char Column, object? Value)[] changes)
    {
        var row = (object?[])Vs.Row.Clone();
        foreach (var (c, v) in changes)
        {
            row[c - 'A'] = v;
        }

        return row;
    }

    private static Core.Intake.IntakeResult RunVs(params object?[][] rows) => TestBooks.RunSheet(Vs.Headers, rows);

    private static Core.Intake.IntakeResult RunForm(string form, params (int Index, object? Value)[] changes)
    {
        var (headers, row) = ValidRows.ByForm[form];
        var copy = (object?[])row.Clone();
        foreach (var (i, v) in changes)
        {
            copy[i] = v;
        }

        return TestBooks.RunSheet(headers, copy);
    }

    private static void AssertFinding(Core.Intake.IntakeResult result, string code, string cell, Severity severity, bool rowAccepted)
    {
        var f = result.Single(code);
        Assert.Equal(cell, f.Cell);
        Assert.Equal(severity, f.Severity);
        Assert.False(string.IsNullOrEmpty(f.Message));
        Assert.False(string.IsNullOrEmpty(f.MessageEn));
        Assert.Equal(rowAccepted ? 1 : 0, result.Report.Sheets.Sum(s => s.RowsAccepted));
    }

    [Fact]
    public void Validate_IdCheckDigitWrong_IdChecksumErrorWithMaskedValue()
    {
        var result = RunVs(VsRow(('E', Ids.BadCheck), ('F', null), ('H', null)));

        AssertFinding(result, "id-checksum", "E2", Severity.Error, rowAccepted: false);
        var f = result.Single("id-checksum");
        Assert.Equal("640323********50", f.Value);
        Assert.Equal(2, f.Row);
        Assert.Equal("idNumber", f.Field);
        Assert.Equal("表1", f.Sheet);
    }

    [Theory]
    [InlineData("64032319750615001")]
    [InlineData("6403231975061500171")]
    [InlineData("64032319751315001X")]
    [InlineData("64032319750615001A")]
    public void Validate_IdWrongShapeOrBirthDate_IdFormatError(string id)
    {
        AssertFinding(RunVs(VsRow(('E', id), ('F', null), ('H', null))), "id-format", "E2", Severity.Error, rowAccepted: false);
    }

    [Theory]
    [InlineData("64032319850312001x")]
    [InlineData("６４０３２３１９８５０３１２００１Ｘ")]
    [InlineData(" 640323 19850312 001X ")]
    public void Validate_IdLowerCaseXOrFullWidth_Accepted(string id)
    {
        var result = RunVs(VsRow(('E', id), ('F', "男"), ('H', "1985年3月12日")));

        Assert.Equal(1, result.OnlySheet().RowsAccepted);
        Assert.Equal(new DateOnly(1985, 3, 12), result.OnlyRecord()["birthDate"]);
    }

    [Fact]
    public void Validate_SexDisagreesWithId_SexMismatchError() =>
        AssertFinding(RunVs(VsRow(('F', "女"))), "sex-mismatch", "F2", Severity.Error, rowAccepted: false);

    [Fact]
    public void Validate_BirthDateDisagreesWithId_BirthDateMismatchError() =>
        AssertFinding(RunVs(VsRow(('H', "1975-06-16"))), "birthdate-mismatch", "H2", Severity.Error, rowAccepted: false);

    [Theory]
    [InlineData("1975.06")]
    [InlineData("1975.6")]
    [InlineData("197506")]
    [InlineData("1975年6月")]
    public void Validate_MonthOnlyBirthDateWithSameYearMonth_Agrees(string birth)
    {
        var result = RunVs(VsRow(('H', birth)));

        Assert.Empty(result.AllFindings());
        Assert.Equal(new DateOnly(1975, 6, 15), result.OnlyRecord()["birthDate"]);
    }

    [Fact]
    public void Validate_MonthOnlyBirthDateOtherMonth_Mismatch() =>
        AssertFinding(RunVs(VsRow(('H', "1975.07"))), "birthdate-mismatch", "H2", Severity.Error, rowAccepted: false);

    [Theory]
    [InlineData(Ids.Male1940, "男")]
    [InlineData(Ids.Female2005, "女")]
    public void Validate_AgeOutside18To75OnFirstJanuaryOfTerm_WarningRowKept(string id, string sex)
    {
        AssertFinding(RunVs(VsRow(('E', id), ('F', sex), ('H', null), ('J', null))), "age-out-of-range", "H2", Severity.Warning, rowAccepted: true);
    }

    [Fact]
    public void Validate_AgeIsTakenOnFirstJanuaryOfTermYearNotPeriod()
    {
        // Born 2005-06-01: 18 on 1 Jan 2024 (the term), 16 on 1 Jan 2022 (the period).
        var result = RunVs(VsRow(('E', Ids.Female2005), ('F', "女"), ('H', null), ('J', null), ('K', 2024)));

        Assert.DoesNotContain(result.AllFindings(), f => f.Code == "age-out-of-range");
    }

    [Fact]
    public void Validate_PartyJoinedBefore18thBirthday_Warning() =>
        AssertFinding(RunVs(VsRow(('J', "1992.05"))), "joined-before-age", "J2", Severity.Warning, rowAccepted: true);

    [Fact]
    public void Validate_PartyJoinedInMonthOf18thBirthday_NoWarning() =>
        Assert.Empty(RunVs(VsRow(('J', "1993.06"))).AllFindings());

    [Fact]
    public void Validate_TripleRoleWithoutConcurrentDirector_Warning() =>
        AssertFinding(RunVs(VsRow(('M', "否"), ('N', "是"))), "implied-flag-missing", "N2", Severity.Warning, rowAccepted: true);

    [Theory]
    [InlineData("21")]
    [InlineData("第十一届")]
    public void Validate_TermNotFourDigitYear_Error(string term)
    {
        var result = RunVs(VsRow(('K', term)));

        Assert.False(result.Report.Valid);
        Assert.Contains(result.AllFindings(), f => f.Cell == "K2" && f.Code is "year-invalid" or "number-invalid");
    }

    [Fact]
    public void Validate_EnumValueUnknown_EnumUnknownError() =>
        AssertFinding(RunVs(VsRow(('I', "文盲"))), "enum-unknown", "I2", Severity.Error, rowAccepted: false);

    [Theory]
    [InlineData("碩士", "postgraduate")]
    [InlineData("博士", "postgraduate")]
    [InlineData("大學本科", "bachelor")]
    [InlineData("大專", "college")]
    [InlineData("专科", "college")]
    [InlineData("技校", "secondary-vocational")]
    [InlineData("初中及以下", "junior-or-below")]
    [InlineData("小学", "junior-or-below")]
    public void Validate_EducationSynonymsInEitherScript_Canonical(string written, string expected) =>
        Assert.Equal(expected, RunVs(VsRow(('I', written))).OnlyRecord()["education"]);

    [Theory]
    [InlineData("留任", "reelected")]
    [InlineData("連任", "reelected")]
    [InlineData("新任", "new")]
    public void Validate_StatusSynonyms_Canonical(string written, string expected) =>
        Assert.Equal(expected, RunVs(VsRow(('L', written))).OnlyRecord()["status"]);

    [Theory]
    [InlineData("鎮長", "head")]
    [InlineData("乡长", "head")]
    [InlineData("副鄉長", "deputy-head")]
    [InlineData("黨委副書記", "deputy-secretary")]
    [InlineData("党委委员", "member")]
    [InlineData("其他", "other")]
    public void Validate_PositionSynonyms_Canonical(string written, string expected) =>
        Assert.Equal(expected, RunForm("township-leaders", (5, written)).OnlyRecord()["position"]);

    [Theory]
    [InlineData("第一书记", "resident-cadre")]
    [InlineData("驻村工作队员", "resident-cadre")]
    [InlineData("優秀村黨組織書記", "village-secretary")]
    [InlineData("大学生村官", "college-village-official")]
    [InlineData("乡镇事业编制人员", "township-staff")]
    public void Validate_FiveAspectsSynonyms_Canonical(string written, string expected) =>
        Assert.Equal(expected, RunForm("township-leaders", (9, written)).OnlyRecord()["fiveAspects"]);

    [Fact]
    public void Validate_FiveAspectsBlank_AcceptedAsNull() =>
        Assert.Null(RunForm("township-leaders", (9, null)).OnlyRecord()["fiveAspects"]);

    [Theory]
    [InlineData("自治区", "region")]
    [InlineData("市直", "city")]
    [InlineData("县(市、区)", "county")]
    [InlineData("縣", "county")]
    public void Validate_DispatchLevelSynonyms_Canonical(string written, string expected) =>
        Assert.Equal(expected, RunForm("resident-cadres", (6, written)).OnlyRecord()["dispatchLevel"]);

    [Theory]
    [InlineData("违纪违法", "discipline")]
    [InlineData("不適應", "unsuited")]
    public void Validate_AdjustmentReasonSynonyms_Canonical(string written, string expected) =>
        Assert.Equal(expected, RunForm("secretary-adjustments", (5, written)).OnlyRecord()["reason"]);

    [Theory]
    [InlineData("晉升四級調研員", "level4-researcher")]
    [InlineData("重用", "important-use")]
    public void Validate_PromotionTypeSynonyms_Canonical(string written, string expected) =>
        Assert.Equal(expected, RunForm("promotions", (5, written)).OnlyRecord()["promotionType"]);

    [Fact]
    public void Validate_RequiredBlank_RequiredMissingError() =>
        AssertFinding(RunVs(VsRow(('I', null))), "required-missing", "I2", Severity.Error, rowAccepted: false);

    [Fact]
    public void Validate_BoolUnreadable_BoolInvalidError() =>
        AssertFinding(RunVs(VsRow(('M', "也许"))), "bool-invalid", "M2", Severity.Error, rowAccepted: false);

    [Fact]
    public void Validate_OptionalBoolBlank_False() =>
        Assert.Equal(false, RunVs(VsRow(('P', null))).OnlyRecord()["countyFiled"]);

    [Fact]
    public void Validate_DateUnreadable_DateUnparsedError() =>
        AssertFinding(RunVs(VsRow(('J', "去年"))), "date-unparsed", "J2", Severity.Error, rowAccepted: false);

    [Fact]
    public void Validate_EthnicityHui_SameAsHuizu() =>
        Assert.Equal("回族", RunVs(VsRow(('G', "回"))).OnlyRecord()["ethnicity"]);

    [Fact]
    public void Validate_RowNamingAnotherCounty_CountyMismatchOnThatRowOnly()
    {
        var result = RunVs(Vs.Row, VsRow(('A', "同心县"), ('E', Ids.Female1980), ('F', "女"), ('H', null)));

        var f = result.Single("county-mismatch");
        Assert.Equal("A3", f.Cell);
        Assert.Equal("同心县", f.Value);
        Assert.Equal(2, result.OnlySheet().RowsRead);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Theory]
    [InlineData("640323")]
    [InlineData("盐池")]
    [InlineData("鹽池縣")]
    [InlineData("鹽池")]
    public void Validate_CountyByCodeOrNameEitherScript_ResolvesToCode(string written) =>
        Assert.Equal("640323", RunVs(VsRow(('A', written))).OnlyRecord()["county"]);

    [Fact]
    public void Validate_CountyUnknown_AreaUnknownError() =>
        AssertFinding(RunVs(VsRow(('A', "火星县"))), "area-unknown", "A2", Severity.Error, rowAccepted: false);

    [Fact]
    public void Validate_SamePersonTwiceInOneTerm_LaterRowDuplicatePerson()
    {
        var result = RunVs(Vs.Row, VsRow(('E', Ids.Female1976), ('F', "女"), ('H', null)), VsRow(('B', "大水坑镇")));

        var f = result.Single("duplicate-person");
        Assert.Equal("E4", f.Cell);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal("640323********17", f.Value);
        Assert.Equal(2, result.OnlySheet().RowsAccepted);
        Assert.Equal([2, 3], result.OnlyRecords().Select(r => r.Row));
    }

    [Fact]
    public void Validate_SamePersonInTwoTerms_BothAccepted()
    {
        var result = RunVs(Vs.Row, VsRow(('K', "2018届")));

        Assert.Equal(2, result.OnlySheet().RowsAccepted);
        Assert.Equal([2021m, 2018m], result.OnlyRecords().Select(r => r["term"]));
    }

    [Fact]
    public void Validate_SamePersonInTwoSheetsOfSameForm_LaterDuplicate()
    {
        var book = TestBooks.Xlsx(("甲", [Vs.Headers, Vs.Row]), ("乙", [Vs.Headers, Vs.Row]));

        var result = TestBooks.Run(book);

        var f = result.Single("duplicate-person");
        Assert.Equal("乙", f.Sheet);
        Assert.Equal("E2", f.Cell);
        Assert.Contains("甲", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ResidentCadreTwice_LaterDuplicatePerson()
    {
        var (headers, row) = ValidRows.ByForm["resident-cadres"];
        var result = TestBooks.RunSheet(headers, row, row);

        Assert.Equal("E3", result.Single("duplicate-person").Cell);
    }

    [Fact]
    public void Validate_TownshipListedTwiceInPayForm_LaterRowError()
    {
        var (headers, row) = ValidRows.ByForm["township-pay"];
        var result = TestBooks.RunSheet(headers, row, ["盐池县", "大水坑镇", 5000, 4700, "否"], ["盐池县", "花马池镇", 5100, 4800, "是"]);

        var f = result.Single("duplicate-township");
        Assert.Equal("B4", f.Cell);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal(2, result.OnlySheet().RowsAccepted);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, -5)]
    public void Validate_PayNotPositive_OutOfRangeError(int index, int value)
    {
        var result = RunForm("township-pay", (index, value));

        Assert.Equal(index == 2 ? "C2" : "D2", result.Single("value-out-of-range").Cell);
        Assert.False(result.Report.Valid);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(60, true)]
    [InlineData(61, false)]
    public void Validate_VillageMonths1To60(int months, bool valid)
    {
        var result = RunForm("selected-graduates", (7, months));

        Assert.Equal(valid, result.Report.Valid);
        if (!valid)
        {
            Assert.Equal("H2", result.Single("value-out-of-range").Cell);
        }
    }

    [Theory]
    [InlineData("两年")]
    [InlineData("1.5")]
    public void Validate_IntNotWholeNumber_NumberInvalid(string written) =>
        Assert.Equal("H2", RunForm("selected-graduates", (7, written)).Single("number-invalid").Cell);

    [Fact]
    public void Validate_NewTalentAboveNewMembers_Error() =>
        Assert.Equal("F2", RunForm("party-development", (5, 4)).Single("exceeds-total").Cell);

    [Fact]
    public void Validate_NewWealthLeadersAboveNewMembers_Error() =>
        Assert.Equal("G2", RunForm("party-development", (6, 5)).Single("exceeds-total").Cell);

    [Fact]
    public void Validate_NewMembersNegative_Error() =>
        Assert.Contains(RunForm("party-development", (4, -1), (5, 0), (6, 0)).AllFindings(), f => f.Code == "value-out-of-range" && f.Cell == "E2");

    [Fact]
    public void Validate_EntrepreneurshipNegativeFund_Error() =>
        Assert.Equal("C2", RunForm("entrepreneurship", (2, -1)).Single("value-out-of-range").Cell);

    [Theory]
    [InlineData("2021-08-31")]
    [InlineData("2021-09-01")]
    public void Validate_EndDateNotAfterStartDate_DateOrderError(string end) =>
        Assert.Equal("J2", RunForm("resident-cadres", (9, end)).Single("date-order").Cell);

    [Theory]
    [InlineData("township-leaders", 6, "2023.01", "G2")]
    [InlineData("promotions", 6, "2023-01-01", "G2")]
    [InlineData("secretary-adjustments", 6, "2023年1月5日", "G2")]
    public void Validate_DateAfterPeriod_Error(string form, int index, string date, string cell) =>
        Assert.Equal(cell, RunForm(form, (index, date)).Single("date-after-period").Cell);

    [Theory]
    [InlineData("township-leaders", 6)]
    [InlineData("promotions", 6)]
    [InlineData("secretary-adjustments", 6)]
    public void Validate_DateOnLastDayOfPeriod_Accepted(string form, int index) =>
        Assert.True(RunForm(form, (index, "2022-12-31")).Report.Valid);

    [Theory]
    [InlineData(2, "64032310", "code-length", "C2")]
    [InlineData(2, "640324100", "code-prefix", "C2")]
    [InlineData(4, "64032310000", "code-length", "E2")]
    [InlineData(4, "640323101001", "code-prefix", "E2")]
    public void Validate_AreaCodeLengthOrPrefixWrong_Error(int index, string code, string expected, string cell)
    {
        var result = RunForm("areas", (index, code));

        Assert.Contains(result.AllFindings(), f => f.Code == expected && f.Cell == cell && f.Severity == Severity.Error);
        Assert.False(result.Report.Valid);
    }

    [Fact]
    public void Validate_AreaCodesWrittenAsNumbers_ReadAsDigits()
    {
        var r = RunForm("areas", (2, 640323100), (4, 640323100001L)).OnlyRecord();

        Assert.Equal("640323100", r["townshipCode"]);
        Assert.Equal("640323100001", r["villageCode"]);
    }

    [Fact]
    public void Validate_TownshipAndVillageWithRegister_ResolveToCodesInEitherScriptWithoutSuffix()
    {
        var book = TestBooks.Sheet(Vs.Headers, VsRow(('B', "花馬池鎮"), ('C', "城西滩")));

        var r = TestBooks.Run(book, register: TestBooks.YanchiRegister()).OnlyRecord();

        Assert.Equal("花馬池鎮", r["township"]);
        Assert.Equal("640323100", r["townshipCode"]);
        Assert.Equal("城西滩", r["village"]);
        Assert.Equal("640323100001", r["villageCode"]);
    }

    [Fact]
    public void Validate_VillageNotInRegister_AreaUnknownWarningRowKept()
    {
        var result = TestBooks.Run(TestBooks.Sheet(Vs.Headers, VsRow(('C', "不存在村"))), register: TestBooks.YanchiRegister());

        AssertFinding(result, "area-unknown", "C2", Severity.Warning, rowAccepted: true);
        Assert.Null(result.OnlyRecord()["villageCode"]);
    }

    [Fact]
    public void Validate_TownshipLeaderTownshipNotInRegister_AreaUnknownWarningRowKept()
    {
        var (headers, row) = ValidRows.ByForm["township-leaders"];
        var copy = (object?[])row.Clone();
        copy[1] = "不存在镇";

        var result = TestBooks.Run(TestBooks.Sheet(headers, copy), register: TestBooks.YanchiRegister());

        AssertFinding(result, "area-unknown", "B2", Severity.Warning, rowAccepted: true);
        Assert.Null(result.OnlyRecord()["townshipCode"]);
    }

    [Fact]
    public void Validate_TownshipLeaderTownshipInRegister_Resolved()
    {
        var (headers, row) = ValidRows.ByForm["township-leaders"];

        var r = TestBooks.Run(TestBooks.Sheet(headers, row), register: TestBooks.YanchiRegister()).OnlyRecord();

        Assert.Equal("640323100", r["townshipCode"]);
    }

    [Fact]
    public void Validate_NoRegister_NamesKeptWithoutCodesAndNoWarning()
    {
        var result = RunVs(Vs.Row);

        Assert.Empty(result.AllFindings());
        Assert.Null(result.OnlyRecord()["townshipCode"]);
    }

    [Fact]
    public void Validate_ErrorValueInRequiredColumn_Error() =>
        AssertFinding(RunVs(VsRow(('I', new XlsxError("#N/A")))), "cell-error", "I2", Severity.Error, rowAccepted: false);

    [Fact]
    public void Validate_DivByZeroInOptionalColumn_WarningAndBlank()
    {
        var result = RunVs(VsRow(('J', new XlsxFormula("1/0", new XlsxError("#DIV/0!")))));

        AssertFinding(result, "cell-error", "J2", Severity.Warning, rowAccepted: true);
        Assert.Equal("#DIV/0!", result.Single("cell-error").Value);
        Assert.Null(result.OnlyRecord()["partyJoinedOn"]);
    }

    [Fact]
    public void Validate_FormulaCells_ReadByCachedValueNeverEvaluated()
    {
        // The formula text would give another answer; the cached value is what Excel showed.
        var result = RunForm("party-development", (4, new XlsxFormula("SUM(1,1)", 3)), (5, new XlsxFormula("F9", 1)));

        var r = result.OnlyRecord();
        Assert.Equal(3m, r["newMembers"]);
        Assert.Equal(1m, r["newTalent"]);
    }

    [Fact]
    public void Validate_Report_FileCountyPeriodAndSha256OfBytes()
    {
        var book = TestBooks.Sheet(Vs.Headers, Vs.Row);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(book.ToArray()));

        var report = TestBooks.Run(book, file: "盐池县2022年报表.xlsx").Report;

        Assert.Equal("盐池县2022年报表.xlsx", report.File);
        Assert.Equal("640323", report.County);
        Assert.Equal(2022, report.Period);
        Assert.Equal(expected, report.Sha256);
        Assert.Equal(1, report.SchemaVersion);
    }
}
