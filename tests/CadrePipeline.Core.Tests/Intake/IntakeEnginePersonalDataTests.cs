using System.Text;
using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>
/// No finding quotes personal data: ID numbers (in any form) and names pasted into every column of every form must not
/// reach the serialized report; an ID is shown only as its mask, first 6 + ******** + last 2.
/// </summary>
public sealed class IntakeEnginePersonalDataTests
{
    private static readonly string[] Names = ["王建国", "马秀兰", "阿依古丽·买买提", "欧阳娜娜", "李明"];

    private static string FullWidth(string ascii) => new(ascii.Select(c => c is >= '0' and <= '9' or 'X' ? (char)(c + 0xFEE0) : c).ToArray());

    /// <summary>Every way a clerk pastes an ID: as text, full-width, lower-case x, spaced, 15-digit, and as a number.</summary>
    private static readonly object[] PastedIds =
    [
        Ids.Female1980,
        FullWidth(Ids.Male1975),
        Ids.Male1985X.ToLowerInvariant(),
        "6403 2319 8811 2000 38",
        "640323760101006",
        640323199001010034d,
    ];

    private static readonly string[] IdsPasted = [Ids.Female1980, Ids.Male1975, Ids.Male1985X, Ids.Male1988, "640323760101006", Ids.Male1990];

    [Fact]
    public void Validate_IdsAndNamesPastedIntoEveryColumnOfEveryForm_ReportQuotesNoneOfThem()
    {
        var sheets = new List<(string, object?[][])>();
        foreach (var (form, (headers, valid)) in ValidRows.ByForm)
        {
            var rows = new List<object?[]> { headers };
            for (var c = 0; c < headers.Length; c++)
            {
                foreach (var pasted in PastedIds.Concat(Names))
                {
                    var row = (object?[])valid.Clone();
                    row[c] = pasted;
                    rows.Add(row);
                }
            }

            sheets.Add((form, rows.ToArray()));
        }

        var result = TestBooks.Run(TestBooks.Xlsx(sheets.ToArray()));
        var json = result.Report.ToJson();

        // The pasted values were reported (so the scan below is not vacuous): each ID at least once, as its mask only.
        var values = result.AllFindings().Select(f => f.Value).ToList();
        Assert.Contains("640323********20", values);
        Assert.Contains("640323********1X", values);
        Assert.Contains(values, v => v is not null && v.StartsWith("（已隐藏", StringComparison.Ordinal));
        foreach (var id in IdsPasted)
        {
            Assert.DoesNotContain(id, json, StringComparison.Ordinal);
            Assert.DoesNotContain(FullWidth(id), json, StringComparison.Ordinal);

            // The birth date and sequence: the personal part between the area code and the last two characters.
            Assert.DoesNotContain(id[6..13], json, StringComparison.Ordinal);
            Assert.DoesNotContain(id[7..^2], json, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("6403 2319", json, StringComparison.Ordinal);
        foreach (var name in Names.Concat(["阿依古丽", "买买提"]).Concat(ValidRows.ByForm.Values.SelectMany(v => v.Row).OfType<string>().Where(s => s is "张三" or "李四" or "王五" or "赵六" or "钱七" or "孙八")))
        {
            Assert.DoesNotContain(name, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_IdInAnErrorCell_MessageAndValueMasked()
    {
        var (headers, row) = ValidRows.ByForm["township-leaders"];
        var xml = new StringBuilder("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        xml.Append("<row r=\"1\">");
        for (var c = 0; c < headers.Length; c++)
        {
            xml.Append($"<c r=\"{(char)('A' + c)}1\" t=\"inlineStr\"><is><t>{headers[c]}</t></is></c>");
        }

        xml.Append("</row><row r=\"2\">");
        for (var c = 0; c < row.Length; c++)
        {
            // 五方面人员类别 (J) is optional: an error there is a warning that quotes the error value.
            xml.Append(c == 9
                ? $"<c r=\"J2\" t=\"e\"><v>{Ids.Female1980}</v></c>"
                : $"<c r=\"{(char)('A' + c)}2\" t=\"inlineStr\"><is><t>{row[c]}</t></is></c>");
        }

        xml.Append("</row></sheetData></worksheet>");

        var result = TestBooks.Run(IntakeEngineFileSafetyTests.RawXlsx(xml.ToString()));

        var f = result.Single("cell-error");
        Assert.Equal("J2", f.Cell);
        Assert.Equal("640323********20", f.Value);
        Assert.DoesNotContain(Ids.Female1980, result.Report.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("640323198003020020", "640323********20")]
    [InlineData("６４０３２３１９８００３０２００２０", "640323********20")]
    [InlineData("64032319850312001x", "640323********1X")]
    [InlineData("640323 19800302 0020", "640323********20")]
    [InlineData("640323800302002", "640323********02")]
    public void Quote_IdInAnyForm_MaskedAsId(string written, string expected) => Assert.Equal(expected, QuotedValue.Of(written));

    [Theory]
    [InlineData("王建国", 3)]
    [InlineData("欧阳娜娜", 4)]
    [InlineData("阿依古丽·买买提", 8)]
    [InlineData("13912345678", 11)]
    [InlineData("身份证640323198003020020", 21)]
    [InlineData("这是一段很长的说明文字，超过了十六个字符", 20)]
    public void Quote_NameMobileOrLongText_Hidden(string written, int length) =>
        Assert.Equal($"（已隐藏 {length} 个字符）", QuotedValue.Of(written));

    [Theory]
    [InlineData("汉族")]
    [InlineData("大学本科")]
    [InlineData("花马池镇")]
    [InlineData("中共党员")]
    [InlineData("1985.13")]
    [InlineData("男")]
    [InlineData("#N/A")]
    [InlineData("640323100001")]
    [InlineData("2021届")]
    [InlineData("出生日期")]
    [InlineData("身份证号")]
    public void Quote_CodesNumbersAndCategoryWords_ShownAsWritten(string written) => Assert.Equal(written, QuotedValue.Of(written));

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(17)]
    public void Mask_NineToSeventeenCharacters_ShowsAtMostAThird(int length)
    {
        var masked = Findings.Mask(new string('7', length));

        Assert.True(masked.Count(c => c != '*') * 3 <= length, masked);
    }

    [Fact]
    public void Mask_EightCharactersOrFewer_ShowsNothing() => Assert.Equal("********", Findings.Mask("12345678"));
}
