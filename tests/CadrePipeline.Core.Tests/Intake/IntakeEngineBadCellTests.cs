using System.Globalization;
using System.Text;
using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>A bad cell is a finding at that cell, never a file rejection; an ID kept as a number is never accepted.</summary>
public sealed class IntakeEngineBadCellTests
{
    private static readonly (string[] Headers, object?[] Row) Leaders = ValidRows.ByForm["township-leaders"];

    /// <summary>An 18-digit ID ending in 000 whose check digit is right, found with GB 11643 written out here, born in March 1985 as the valid row says.</summary>
    private static string MangledButValidId()
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        const string checks = "10X98765432";
        for (var day = 1; day <= 31; day++)
        {
            for (var d = 0; d <= 9; d++)
            {
                var first17 = $"6403231985{3:00}{day:00}{d}00";
                var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
                if (checks[sum % 11] == '0')
                {
                    return first17 + "0";
                }
            }
        }

        throw new InvalidOperationException("no such ID");
    }

    private static string Cell(int col, int row, string value) =>
        $"<c r=\"{(char)('A' + col)}{row}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(value)}</t></is></c>";

    /// <summary>The header, one row with the raw cell XML given for one column, and a second valid row.</summary>
    private static MemoryStream Sheet((string[] Headers, object?[] Row) form, int column, string rawCell, object?[]? second = null)
    {
        var xml = new StringBuilder("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">");
        for (var c = 0; c < form.Headers.Length; c++)
        {
            xml.Append(Cell(c, 1, form.Headers[c]));
        }

        xml.Append("</row><row r=\"2\">");
        for (var c = 0; c < form.Row.Length; c++)
        {
            xml.Append(c == column ? rawCell : Cell(c, 2, Convert.ToString(form.Row[c], CultureInfo.InvariantCulture) ?? ""));
        }

        xml.Append("</row>");
        if (second is not null)
        {
            xml.Append("<row r=\"3\">");
            for (var c = 0; c < second.Length; c++)
            {
                xml.Append(Cell(c, 3, Convert.ToString(second[c], CultureInfo.InvariantCulture) ?? ""));
            }

            xml.Append("</row>");
        }

        return IntakeEngineFileSafetyTests.RawXlsx(xml.Append("</sheetData></worksheet>").ToString());
    }

    private static object?[] SecondLeader()
    {
        var row = (object?[])Leaders.Row.Clone();
        row[3] = Ids.Female1985;
        return row;
    }

    private static void AssertCellFinding(Core.Intake.IntakeResult result, string code, string cell)
    {
        Assert.DoesNotContain(result.Report.FileFindings, f => f.Severity == Severity.Error);
        var f = result.Single(code);
        Assert.Equal(cell, f.Cell);
        Assert.Equal(Severity.Error, f.Severity);
    }

    [Theory]
    [InlineData("<c r=\"E2\"><v>NaN</v></c>")]
    [InlineData("<c r=\"E2\"><v>1e400</v></c>")]
    [InlineData("<c r=\"E2\"><v>-1e400</v></c>")]
    [InlineData("<c r=\"E2\" t=\"d\"><v>0099-01-01</v></c>")]
    [InlineData("<c r=\"E2\" t=\"d\"><v>0001-01-01T00:00:00</v></c>")]
    public void Validate_UnreadableDateCell_DateUnparsedAtThatCellAndTheOtherRowKept(string rawCell)
    {
        var result = TestBooks.Run(Sheet(Leaders, 4, rawCell, SecondLeader()));

        AssertCellFinding(result, "date-unparsed", "E2");
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Theory]
    [InlineData("900000000000000000000亿")]
    [InlineData("9e30亿")]
    [InlineData("79228162514264337593543950335万")]
    public void Validate_AmountOverflowingWithItsUnit_NumberInvalidAtThatCell(string written)
    {
        var form = ValidRows.ByForm["entrepreneurship"];

        var result = TestBooks.Run(Sheet(form, 2, Cell(2, 2, written)));

        AssertCellFinding(result, "number-invalid", "C2");
    }

    [Theory]
    [InlineData("<c r=\"C2\"><v>1e300</v></c>")]
    [InlineData("<c r=\"C2\"><v>NaN</v></c>")]
    public void Validate_AbsurdNumberInAmountColumn_NumberInvalidAtThatCell(string rawCell)
    {
        var form = ValidRows.ByForm["entrepreneurship"];

        AssertCellFinding(TestBooks.Run(Sheet(form, 2, rawCell)), "number-invalid", "C2");
    }

    [Fact]
    public void Validate_IdStoredAsNumberThatPassesTheCheckDigit_IdStoredAsNumberAndNotAccepted()
    {
        var id = MangledButValidId();
        var row = (object?[])Leaders.Row.Clone();
        row[3] = double.Parse(id, CultureInfo.InvariantCulture);

        var result = TestBooks.RunSheet(Leaders.Headers, row, SecondLeader());

        var f = result.Single("id-stored-as-number");
        Assert.Equal("D2", f.Cell);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal(id[..6] + "********00", f.Value);
        Assert.Contains("文本", f.Message, StringComparison.Ordinal);
        Assert.Contains("format the column as text", f.MessageEn, StringComparison.Ordinal);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
        Assert.Equal(3, result.OnlyRecord().Row);
    }

    [Fact]
    public void Validate_SameIdTypedAsText_Accepted()
    {
        var row = (object?[])Leaders.Row.Clone();
        row[3] = MangledButValidId();

        var result = TestBooks.RunSheet(Leaders.Headers, row);

        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Theory]
    [InlineData(640323198003020020d)]
    [InlineData(640323800302002d)]
    public void Validate_IdOfFifteenOrMoreDigitsAsNumber_IdStoredAsNumber(double number)
    {
        var row = (object?[])Leaders.Row.Clone();
        row[3] = number;

        var result = TestBooks.RunSheet(Leaders.Headers, row);

        Assert.Equal("D2", result.Single("id-stored-as-number").Cell);
        Assert.DoesNotContain(result.AllFindings(), f => f.Code is "id-checksum" or "id-format");
        Assert.Equal(0, result.OnlySheet().RowsAccepted);
    }

    [Theory]
    [InlineData("6.40323E+17")]
    [InlineData("6.40323198003E+17")]
    [InlineData("640323198003020000")]
    public void Validate_CsvWithIdAsExcelShowsANumber_IdStoredAsNumber(string written)
    {
        var csv = string.Join(",", Leaders.Headers) + "\n" + string.Join(",", Leaders.Row.Select((v, i) => i == 3 ? written : v)) + "\n";

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(csv)), file: "leaders.csv");

        Assert.Equal("D2", result.Single("id-stored-as-number").Cell);
        Assert.Equal(0, result.OnlySheet().RowsAccepted);
    }

    [Fact]
    public void Validate_ShortNumberInIdColumn_IdFormatNotStoredAsNumber()
    {
        var row = (object?[])Leaders.Row.Clone();
        row[3] = 12345d;

        var result = TestBooks.RunSheet(Leaders.Headers, row);

        Assert.Equal("D2", result.Single("id-format").Cell);
        Assert.DoesNotContain(result.AllFindings(), f => f.Code == "id-stored-as-number");
    }

    /// <summary>Odd cells of every kind a writer or a clerk produces; {0} is the cell reference.</summary>
    public static TheoryData<string> OddCells() =>
    [
        "<c r=\"{0}\"><v>NaN</v></c>",
        "<c r=\"{0}\"><v>-Infinity</v></c>",
        "<c r=\"{0}\"><v>1e308</v></c>",
        "<c r=\"{0}\"><v>-1e-320</v></c>",
        "<c r=\"{0}\"><v>0x1F</v></c>",
        "<c r=\"{0}\" s=\"99999999999\"><v>1</v></c>",
        "<c r=\"{0}\" t=\"b\"><v>2</v></c>",
        "<c r=\"{0}\" t=\"e\"><v></v></c>",
        "<c r=\"{0}\" t=\"s\"><v>-1</v></c>",
        "<c r=\"{0}\" t=\"s\"><v>99999999999</v></c>",
        "<c r=\"{0}\" t=\"d\"><v>9999-12-31T23:59:59</v></c>",
        "<c r=\"{0}\" t=\"d\"><v>10000-01-01</v></c>",
        "<c r=\"{0}\" t=\"d\"><v>-0001-01-01</v></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>0.0000000000000000000000000001亿</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>-79228162514264337593543950335亿</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>1985年13月</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>0000-00-00</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>99999</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>2100.13</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>万</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>.</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>\u0663\u0660</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>&#xD800;</t></is></c>",
        "<c r=\"{0}\" t=\"inlineStr\"><is><t>99999999999999999999999999999999999</t></is></c>",
        "<c r=\"{0}\"><v>2958466</v></c>",
        "<c r=\"{0}\"><v>21001231.5</v></c>",
        "<c r=\"{0}\"><v>9.99999999999999E+20</v></c>",
    ];

    [Theory]
    [MemberData(nameof(OddCells))]
    public void Validate_OddCellInEveryColumnOfEveryForm_NeverAFileRejection(string rawCell)
    {
        foreach (var (form, layout) in ValidRows.ByForm)
        {
            for (var c = 0; c < layout.Headers.Length; c++)
            {
                var cell = string.Format(CultureInfo.InvariantCulture, rawCell, $"{(char)('A' + c)}2");

                var result = TestBooks.Run(Sheet(layout, c, cell));

                Assert.True(!result.Report.FileFindings.Any(f => f.Severity == Severity.Error), $"{form} column {c}: {string.Join("; ", result.Report.FileFindings.Select(f => f.MessageEn))}");
                Assert.Equal(form, result.OnlySheet().Form);
            }
        }
    }
}
