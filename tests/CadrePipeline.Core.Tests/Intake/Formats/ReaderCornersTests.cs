using System.Text;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Intake.Readers;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake.Formats;

/// <summary>
/// The readers' corners found against third-party files (issue 13). Expected dates are computed by hand: Excel's 1900
/// serial 1 is 1900-01-01, serial 60 the 29 February 1900 that never was, 61 is 1900-03-01; 2022-01-01 is 44562, so
/// 2022-03-01 is 44562 + 31 + 28 = 44621, and in the 1904 system (1,462 days fewer) 43159.
/// </summary>
public sealed class ReaderCornersTests
{
    static ReaderCornersTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string AdjustmentHeader = "县(市、区)|乡镇|村|姓名|身份证号|调整原因|调整时间";

    private static string Header => RawFiles.Row(1, AdjustmentHeader.Split('|'));

    private static string Adjustment(int r, object date) => RawFiles.Row(r, "盐池县", "大水坑镇", "新桥村", "赵六", Ids.Male1970, "不胜任", date);

    private const string DateStyles = """<numFmts count="1"><numFmt numFmtId="167" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="167" applyNumberFormat="1"/></cellXfs>""";

    [Theory]
    [InlineData("""<workbookPr date1904="1" defaultThemeVersion="124226"/><x15:workbookPr chartTrackingRefBase="1"/>""")]
    [InlineData("""<workbookPr date1904="true"/><mc:AlternateContent><mc:Choice Requires="x15"><x15:workbookPr chartTrackingRefBase="1"/></mc:Choice><mc:Fallback><workbookPr defaultThemeVersion="124226"/></mc:Fallback></mc:AlternateContent>""")]
    public void Validate_1904WorkbookWithSecondWorkbookPr_StillReadIn1904System(string workbookPr)
    {
        var book = RawFiles.Xlsx(Header + Adjustment(2, (43159d, 1)), workbookPr: workbookPr, styles: DateStyles);

        var result = TestBooks.Run(book);

        Assert.Equal(new DateOnly(2022, 3, 1), result.OnlyRecord()["adjustedOn"]);
    }

    [Theory]
    [InlineData(1d, 1900, 1, 1)]
    [InlineData(59d, 1900, 2, 28)]
    [InlineData(61d, 1900, 3, 1)]
    [InlineData(44621d, 2022, 3, 1)]
    public void Validate_XlsxSerialsBelow61_ReadAsExcelShowsThem(double serial, int y, int m, int d)
    {
        var styled = TestBooks.Run(RawFiles.Xlsx(Header + Adjustment(2, (serial, 1)), styles: DateStyles));
        var plain = TestBooks.Run(RawFiles.Xlsx(Header + Adjustment(2, serial)));

        Assert.Equal(new DateOnly(y, m, d), styled.OnlyRecord()["adjustedOn"]);
        Assert.Equal(new DateOnly(y, m, d), plain.OnlyRecord()["adjustedOn"]);
    }

    [Theory]
    [InlineData("0.00E+00")]
    [InlineData("##0.0e-0")]
    [InlineData("[Red]General")]
    [InlineData("[DBNum1]General")]
    [InlineData("[DBNum1][$-804]0")]
    [InlineData("[Red]0.00;[Blue]-0.00")]
    public void Validate_NumberFormatsThatAreNotDates_NumbersStayNumbers(string format)
    {
        var styles = $"""<numFmts count="1"><numFmt numFmtId="164" formatCode="{System.Security.SecurityElement.Escape(format)}"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>""";
        var sheet = RawFiles.Row(1, "县(市、区)", "乡镇", "乡镇工作人员月均收入（元）", "同职级机关人员月均收入（元）")
            + RawFiles.Row(2, "盐池县", "花马池镇", (5200d, 1), (4800d, 1));

        var result = TestBooks.Run(RawFiles.Xlsx(sheet, styles: styles));

        var r = result.OnlyRecord();
        Assert.Equal(5200m, r["townshipIncome"]);
        Assert.Equal(4800m, r["agencyIncome"]);
    }

    [Theory]
    [InlineData("yyyy-mm-dd", true)]
    [InlineData("[$-804]yyyy\"年\"m\"月\"d\"日\"", true)]
    [InlineData("[DBNum1][$-804]yyyy\"年\"m\"月\"", true)]
    [InlineData("m/d/yy h:mm", true)]
    [InlineData("0.00E+00", false)]
    [InlineData("[Red]General", false)]
    [InlineData("[DBNum1]General", false)]
    [InlineData("\"m\"0", false)]
    [InlineData("[h]:mm:ss", false)]
    [InlineData("[mm]:ss", false)]
    public void IsDateFormatCode_Examples(string format, bool expected) =>
        Assert.Equal(expected, XlsxReader.IsDateFormatCode(format));

    [Fact]
    public void Validate_StrictOpenXml_ReadLikeTransitional()
    {
        var book = RawFiles.Xlsx(Header + Adjustment(2, (44621d, 1)), styles: DateStyles, strict: true);

        var result = TestBooks.Run(book);

        Assert.Equal("secretary-adjustments", result.OnlySheet().Form);
        Assert.Equal(new DateOnly(2022, 3, 1), result.OnlyRecord()["adjustedOn"]);
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("backslash")]
    public void Validate_PartNamesInOtherCaseOrWithBackslashes_Found(string style)
    {
        Func<string, string> name = style == "upper" ? n => n.ToUpperInvariant() : n => n.Replace('/', '\\');
        var book = RawFiles.Xlsx(Header + Adjustment(2, "2022-03-01"), name: name);

        var result = TestBooks.Run(book);

        Assert.Equal(new DateOnly(2022, 3, 1), result.OnlyRecord()["adjustedOn"]);
    }

    private static byte[] Biff2Number(int row, int col, int format, double value) =>
        RawFiles.Record(0x0003, RawFiles.U16(row), RawFiles.U16(col), [0, (byte)format, 0], RawFiles.F64(value));

    private static byte[] Biff2Label(int row, int col, string text)
    {
        var bytes = Encoding.GetEncoding(936).GetBytes(text);
        return RawFiles.Record(0x0004, RawFiles.U16(row), RawFiles.U16(col), [0, 0, 0], [(byte)bytes.Length], bytes);
    }

    /// <summary>A bare BIFF2 worksheet (Excel 2.1): BOF, CODEPAGE 936, the cells, EOF; no OLE container.</summary>
    private static MemoryStream Biff2(IEnumerable<byte[]> cells)
    {
        var bytes = new List<byte>();
        bytes.AddRange(RawFiles.Record(0x0009, RawFiles.U16(0x0002), RawFiles.U16(0x0010)));
        bytes.AddRange(RawFiles.Record(0x0042, RawFiles.U16(936)));
        foreach (var c in cells)
        {
            bytes.AddRange(c);
        }

        bytes.AddRange(RawFiles.Record(0x000A));
        return new MemoryStream(bytes.ToArray());
    }

    [Theory]
    [InlineData(1d, 1900, 1, 1)]
    [InlineData(59d, 1900, 2, 28)]
    [InlineData(61d, 1900, 3, 1)]
    [InlineData(44621d, 2022, 3, 1)]
    public void Validate_BareBiff2WithDates_ReadAsExcelShowsThem(double serial, int y, int m, int d)
    {
        var header = AdjustmentHeader.Split('|');
        var row = new[] { "盐池县", "大水坑镇", "新桥村", "赵六", Ids.Male1970, "不胜任" };
        var cells = header.Select((h, c) => Biff2Label(0, c, h))
            .Concat(row.Select((v, c) => Biff2Label(1, c, v)))
            .Append(Biff2Number(1, 6, 14, serial));

        var result = TestBooks.Run(Biff2(cells), file: "调整.xls");

        Assert.Equal("secretary-adjustments", result.OnlySheet().Form);
        Assert.Equal(new DateOnly(y, m, d), result.OnlyRecord()["adjustedOn"]);
    }

    [Theory]
    [InlineData(0x0209)]
    [InlineData(0x0409)]
    public void Validate_BareBiff3And4_TextAndNumbersRead(int bof)
    {
        // BIFF3/4 (Excel 3.0/4.0): LABEL 0x0204 with an 8-bit string in the file's code page, NUMBER 0x0203.
        static byte[] Label(int row, int col, string text)
        {
            var bytes = Encoding.GetEncoding(936).GetBytes(text);
            return RawFiles.Record(0x0204, RawFiles.U16(row), RawFiles.U16(col), RawFiles.U16(0), RawFiles.U16(bytes.Length), bytes);
        }

        static byte[] Number(int row, int col, double v) => RawFiles.Record(0x0203, RawFiles.U16(row), RawFiles.U16(col), RawFiles.U16(0), RawFiles.F64(v));

        var bytes = new List<byte>();
        bytes.AddRange(RawFiles.Record((ushort)bof, RawFiles.U16(0), RawFiles.U16(0x0010), RawFiles.U16(0)));
        bytes.AddRange(RawFiles.Record(0x0042, RawFiles.U16(936)));
        string[] header = ["县(市、区)", "乡镇", "乡镇工作人员月均收入（元）", "同职级机关人员月均收入（元）"];
        for (var c = 0; c < header.Length; c++)
        {
            bytes.AddRange(Label(0, c, header[c]));
        }

        bytes.AddRange(Label(1, 0, "盐池县"));
        bytes.AddRange(Label(1, 1, "花马池镇"));
        bytes.AddRange(Number(1, 2, 5200.5));
        bytes.AddRange(Number(1, 3, 4800));
        bytes.AddRange(RawFiles.Record(0x000A));

        var result = TestBooks.Run(new MemoryStream(bytes.ToArray()), file: "收入.xls");

        var r = result.OnlyRecord();
        Assert.Equal("花马池镇", r["township"]);
        Assert.Equal(5200.5m, r["townshipIncome"]);
        Assert.Equal(4800m, r["agencyIncome"]);
    }

    [Fact]
    public void XlsReader_ElapsedTimeFormat_DurationIsNumberOfDays()
    {
        // Built-in format 46 is [h]:mm:ss; 1.5 days shows as 36:00:00.
        using var reader = XlsReader.OpenRawBiff(Biff2([Biff2Label(0, 0, "时长"), Biff2Number(1, 0, 46, 1.5)]), IntakeOptions.Default, default);

        // Sheets are read one after the other: the rows of the first before asking for the next.
        var rows = reader.Sheets().First().Rows().ToList();

        var cell = rows[1][0];
        Assert.Equal(CellKind.Number, cell.Kind);
        Assert.Equal(1.5, cell.Number);
    }
}

/// <summary>CSV from Taiwan- or Hong Kong-configured machines is Big5; mainland ones are GBK (issue 13).</summary>
public sealed class CsvBig5Tests
{
    static CsvBig5Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Traditional = "縣（市、區）,鄉鎮,村,姓名,身份證號,文化程度,換屆年份,任職狀態\r\n鹽池縣,花馬池鎮,城西灘村,王五,640323197506150017,高中,2021,連任\r\n";
    private const string Simplified = "县(市、区),乡镇,村,姓名,身份证号,学历,届次,任职状态\r\n盐池县,花马池镇,城西滩村,王五,640323197506150017,高中,2021,连任\r\n";

    [Fact]
    public void DetectEncoding_Big5Bytes_Big5()
    {
        var enc = CsvReader.DetectEncoding(new MemoryStream(Encoding.GetEncoding(950).GetBytes(Traditional)));

        Assert.Equal(950, enc.CodePage);
    }

    [Fact]
    public void DetectEncoding_GbkBytesOfSameText_Gb18030()
    {
        var enc = CsvReader.DetectEncoding(new MemoryStream(Encoding.GetEncoding(936).GetBytes(Simplified)));

        Assert.Equal("gb18030", enc.WebName, ignoreCase: true);
    }

    [Fact]
    public void DetectEncoding_GbkTraditionalText_Gb18030()
    {
        // GBK can hold Traditional characters too; the guess goes by the words read, not by the script.
        var enc = CsvReader.DetectEncoding(new MemoryStream(Encoding.GetEncoding(936).GetBytes(Traditional)));

        Assert.Equal("gb18030", enc.WebName, ignoreCase: true);
    }

    [Fact]
    public void Validate_Big5Csv_RowRead()
    {
        var result = TestBooks.Run(new MemoryStream(Encoding.GetEncoding(950).GetBytes(Traditional)), file: "書記.csv");

        var r = result.OnlyRecord();
        Assert.Equal("640323", r["county"]);
        Assert.Equal("花馬池鎮", r["township"]);
        Assert.Equal("reelected", r["status"]);
    }
}
