using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>Every form: a valid row is recognised, accepted and normalized as forms.md says.</summary>
public sealed class IntakeEngineFormsTests
{
    public static TheoryData<string> FormIds => new(ValidRows.ByForm.Keys);

    [Theory]
    [MemberData(nameof(FormIds))]
    public void Validate_ValidRowOfForm_RecognisedAndAccepted(string form)
    {
        var (headers, row) = ValidRows.ByForm[form];
        var result = TestBooks.RunSheet(headers, row);

        var sheet = result.OnlySheet();
        Assert.Equal(form, sheet.Form);
        Assert.Equal(1, sheet.HeaderRow);
        Assert.Equal(1, sheet.RowsRead);
        Assert.Equal(1, sheet.RowsAccepted);
        Assert.Empty(sheet.Findings);
        Assert.True(result.Report.Valid);
        var record = result.OnlyRecord();
        Assert.Equal(form, record.Form);
        Assert.Equal("640323", record.CountyCode);
        Assert.Equal("640323", record["county"]);
        Assert.Equal(2, record.Row);
        Assert.False(record.Fields.ContainsKey("name"));
        Assert.False(record.Fields.ContainsKey("idNumber"));
    }

    [Fact]
    public void Validate_VillageSecretary_NormalizedAsSpecified()
    {
        var (headers, row) = ValidRows.ByForm["village-secretaries"];
        var r = TestBooks.RunSheet(headers, row).OnlyRecord();

        Assert.Equal("花马池镇", r["township"]);
        Assert.Equal("城西滩村", r["village"]);
        Assert.Equal("male", r["sex"]);
        Assert.Equal("回族", r["ethnicity"]);
        Assert.Equal(new DateOnly(1975, 6, 15), r["birthDate"]);
        Assert.Equal("high-school", r["education"]);
        Assert.Equal(new DateOnly(1998, 7, 1), r["partyJoinedOn"]);
        Assert.Equal(2021m, r["term"]);
        Assert.Equal("reelected", r["status"]);
        Assert.Equal(true, r["concurrentDirector"]);
        Assert.Equal(false, r["tripleRole"]);
        Assert.Equal(true, r["wealthLeader"]);
        Assert.Equal(true, r["countyFiled"]);
        Assert.NotNull(r.PersonKey);
    }

    [Fact]
    public void Validate_TownshipLeader_EnumAndDatesNormalized()
    {
        var (headers, row) = ValidRows.ByForm["township-leaders"];
        var r = TestBooks.RunSheet(headers, row).OnlyRecord();

        Assert.Equal("party-secretary", r["position"]);
        Assert.Equal("selected-graduate", r["fiveAspects"]);
        Assert.Equal(new DateOnly(1985, 3, 12), r["birthDate"]);
        Assert.Equal(new DateOnly(2021, 9, 1), r["appointedOn"]);
        Assert.Equal(true, r["townshipExperience"]);
        Assert.Equal(false, r["countyLeaderConcurrent"]);
        Assert.Equal("male", r["sex"]);
    }

    [Fact]
    public void Validate_Entrepreneurship_UnitsInCellsScaleToYuan()
    {
        var (headers, row) = ValidRows.ByForm["entrepreneurship"];
        var r = TestBooks.RunSheet(headers, row).OnlyRecord();

        Assert.Equal(5_570_000m, r["doubleLeadFund"]);
        Assert.Equal(1_000_000m, r["startupFunds"]);
        Assert.Equal(35_000_000m, r["redFund"]);
        Assert.Equal(12m, r["bases"]);
        Assert.Equal(1234m, r["peopleSupported"]);
        Assert.Equal(2022m, r["year"]);
        Assert.Null(r.PersonKey);
    }

    [Fact]
    public void Validate_AreasForm_CodesKeptAsWritten()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var r = TestBooks.RunSheet(headers, row).OnlyRecord();

        Assert.Equal("640323100", r["townshipCode"]);
        Assert.Equal("640323100001", r["villageCode"]);
        Assert.Equal("花马池镇", r["township"]);
        Assert.Equal(true, r["keyVillage"]);
        Assert.Equal(false, r["relocationHeavy"]);
    }

    [Fact]
    public void Validate_ResidentCadre_BenefitsAndEnumsNormalized()
    {
        var (headers, row) = ValidRows.ByForm["resident-cadres"];
        var r = TestBooks.RunSheet(headers, row).OnlyRecord();

        Assert.Equal("first-secretary", r["role"]);
        Assert.Equal("region", r["dispatchLevel"]);
        Assert.Equal(new DateOnly(2021, 9, 1), r["startDate"]);
        Assert.Equal(new DateOnly(2023, 9, 1), r["endDate"]);
        Assert.Equal(false, r["mealAllowance"]);
        Assert.Equal(true, r["remoteAllowance"]);
    }

    [Fact]
    public void Validate_PersonFormWithoutBirthOrSexColumns_DerivesThemFromId()
    {
        var (headers, row) = ValidRows.ByForm["promotions"];
        var r = TestBooks.RunSheet(headers, row).OnlyRecord();

        Assert.Equal(new DateOnly(1980, 3, 2), r["birthDate"]);
        Assert.Equal("female", r["sex"]);
        Assert.Equal("deputy-division", r["promotionType"]);
        Assert.Equal("head", r["fromPosition"]);
        Assert.Equal(new DateOnly(2022, 6, 1), r["promotedOn"]);
    }

    [Fact]
    public void Validate_SamePersonTwoRuns_SamePersonKeyUnderSameKey()
    {
        var (headers, row) = ValidRows.ByForm["promotions"];
        var a = TestBooks.RunSheet(headers, row).OnlyRecord();
        var b = TestBooks.RunSheet(headers, row).OnlyRecord();

        Assert.Equal(a.PersonKey, b.PersonKey);
        Assert.DoesNotContain(Ids.Female1980, a.PersonKey!, StringComparison.Ordinal);
    }
}
