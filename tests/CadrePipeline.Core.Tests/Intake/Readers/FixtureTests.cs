using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake.Readers;

/// <summary>
/// Files written by openpyxl and by LibreOffice (xlsx and xls), made by Fixtures/make-fixtures.sh. The expected values
/// are those the script wrote, read as forms.md says.
/// </summary>
public sealed class FixtureTests
{
    private static IntakeResult Read(string name)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
        return TestBooks.Run(stream, file: name);
    }

    [Theory]
    [InlineData("openpyxl-fixture.xlsx")]
    [InlineData("libreoffice-fixture.xlsx")]
    [InlineData("libreoffice-fixture.xls")]
    public void Validate_VillageSecretariesFixture_RowsFindingsAndValuesAsWritten(string name)
    {
        var result = Read(name);

        var sheet = result.Report.Sheets.Single(s => s.Sheet == "村书记");
        Assert.Equal("village-secretaries", sheet.Form);
        Assert.Equal(4, sheet.HeaderRow);
        Assert.Equal(6, sheet.RowsRead);
        Assert.Equal(3, sheet.RowsAccepted);
        var errors = sheet.Findings.Where(f => f.Severity == Severity.Error).Select(f => (f.Code, f.Cell)).ToList();
        Assert.Equal([("id-checksum", "F7"), ("county-mismatch", "B10"), ("duplicate-person", "F11")], errors);

        var records = result.Batches.Single(b => b.Sheet == "村书记").Records.ToDictionary(r => r.Row);
        Assert.Equal([5, 6, 9], records.Keys.Order());
        var r5 = records[5];
        Assert.Equal("640323", r5["county"]);
        Assert.Equal("回族", r5["ethnicity"]);
        Assert.Equal(new DateOnly(1975, 6, 15), r5["birthDate"]);
        Assert.Equal(new DateOnly(1998, 7, 1), r5["partyJoinedOn"]);
        Assert.Equal(2021m, r5["term"]);
        Assert.Equal("reelected", r5["status"]);
        Assert.Equal(true, r5["concurrentDirector"]);
        Assert.Equal(false, r5["tripleRole"]);
        var r6 = records[6];
        Assert.Equal("640323", r6["county"]);
        Assert.Equal("female", r6["sex"]);
        Assert.Equal(new DateOnly(1980, 3, 2), r6["birthDate"]);
        Assert.Equal("college", r6["education"]);
        Assert.Equal(new DateOnly(2003, 5, 1), r6["partyJoinedOn"]);
        Assert.Equal("new", r6["status"]);
        var r9 = records[9];
        Assert.Equal(new DateOnly(1990, 1, 1), r9["birthDate"]);
        Assert.Equal(true, r9["concurrentDirector"]);
        Assert.Equal(false, r9["tripleRole"]);
        Assert.Null(r9["partyJoinedOn"]);
    }

    [Fact]
    public void Validate_LibreOfficeXlsxErrorCellInOptionalColumn_WarningAtK9()
    {
        var f = Read("libreoffice-fixture.xlsx").Single("cell-error");

        Assert.Equal("K9", f.Cell);
        Assert.Equal("#DIV/0!", f.Value);
        Assert.Equal(Severity.Warning, f.Severity);
    }

    [Theory]
    [InlineData("openpyxl-fixture.xlsx")]
    [InlineData("libreoffice-fixture.xlsx")]
    [InlineData("libreoffice-fixture.xls")]
    public void Validate_EntrepreneurshipFixture_UnitsAndFullWidthDigits(string name)
    {
        var result = Read(name);

        var sheet = result.Report.Sheets.Single(s => s.Sheet == "致富带富");
        Assert.Equal("entrepreneurship", sheet.Form);
        Assert.Equal(3, sheet.HeaderRow);
        var r = Assert.Single(result.Batches.Single(b => b.Sheet == "致富带富").Records);
        Assert.Equal(5_570_000m, r["doubleLeadFund"]);
        Assert.Equal(180_000_000m, r["startupFunds"]);
        Assert.Equal(12m, r["bases"]);
        Assert.Equal(1234m, r["peopleSupported"]);
        Assert.Equal(35_000_000m, r["redFund"]);
        Assert.Equal(30m, r["familyFarms"]);
        Assert.Equal(15m, r["cooperatives"]);
    }

    [Theory]
    [InlineData("openpyxl-fixture.xlsx")]
    [InlineData("libreoffice-fixture.xls")]
    public void Validate_NotesSheet_Unrecognised(string name)
    {
        var sheet = Read(name).Report.Sheets.Single(s => s.Sheet == "说明");

        Assert.Null(sheet.Form);
        Assert.Equal("sheet-unrecognised", Assert.Single(sheet.Findings).Code);
    }

    [Theory]
    [InlineData("register-gb18030.csv")]
    [InlineData("register-utf8bom.csv")]
    public void Validate_RegisterCsvInEitherEncoding_ReadWithChineseIntact(string name)
    {
        var result = Read(name);

        var sheet = result.OnlySheet();
        Assert.Equal("areas", sheet.Form);
        Assert.Equal(4, sheet.RowsRead);
        Assert.Equal(3, sheet.RowsAccepted);
        var f = result.Single("code-prefix");
        Assert.Equal("E5", f.Cell);
        var records = result.OnlyRecords();
        Assert.Equal(["花马池镇", "花马池镇", "大水坑镇"], records.Select(r => r["township"]));
        Assert.Equal(["640323100001", "640323100002", "640323101001"], records.Select(r => r["villageCode"]));
        Assert.Equal([true, false, true], records.Select(r => r["keyVillage"]));
    }
}
