using System.Text;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Intake.Readers;

namespace CadrePipeline.Core.Tests.Intake.Readers;

public sealed class CsvReaderTests
{
    static CsvReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static List<SheetRow> Rows(byte[] bytes)
    {
        using var reader = CsvReader.Open(new MemoryStream(bytes), "s", IntakeOptions.Default, default);
        return reader.Sheets().Single().Rows().ToList();
    }

    [Fact]
    public void DetectEncoding_Utf8WithoutBom_Utf8()
    {
        var enc = CsvReader.DetectEncoding(new MemoryStream(Encoding.UTF8.GetBytes("乡镇,村\n花马池镇,城西滩村\n")));

        Assert.Equal("utf-8", enc.WebName);
    }

    [Fact]
    public void DetectEncoding_GbkBytes_Gb18030()
    {
        var enc = CsvReader.DetectEncoding(new MemoryStream(Encoding.GetEncoding("GBK").GetBytes("乡镇,村\n花马池镇,城西滩村\n")));

        Assert.Equal("gb18030", enc.WebName, ignoreCase: true);
    }

    [Fact]
    public void DetectEncoding_Bom_Utf8()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a")];

        Assert.Equal("utf-8", CsvReader.DetectEncoding(new MemoryStream(bytes)).WebName);
    }

    [Fact]
    public void Rows_GbkFile_TextDecoded()
    {
        var rows = Rows(Encoding.GetEncoding("GBK").GetBytes("乡镇,村\r\n花马池镇,城西滩村\r\n"));

        Assert.Equal("城西滩村", rows[1][1].Text);
    }

    [Fact]
    public void Rows_QuotedFieldsWithCommasQuotesAndNewlines_OneCellEach()
    {
        var rows = Rows(Encoding.UTF8.GetBytes("a,b,c\n\"1,234\",\"他说\"\"好\"\"\",\"两\n行\"\nx,,z"));

        Assert.Equal(3, rows.Count);
        Assert.Equal("1,234", rows[1][0].Text);
        Assert.Equal("他说\"好\"", rows[1][1].Text);
        Assert.Equal("两\n行", rows[1][2].Text);
        Assert.True(rows[2][1].IsBlank);
        Assert.Equal(3, rows[2].RowNumber);
    }

    [Fact]
    public void Rows_TabSeparated_Split()
    {
        var rows = Rows(Encoding.UTF8.GetBytes("乡镇\t村\n花马池镇\t城西滩村\n"));

        Assert.Equal("城西滩村", rows[1][1].Text);
    }

    [Fact]
    public void Rows_BlankLines_SkippedButCounted()
    {
        var rows = Rows(Encoding.UTF8.GetBytes("a\n\n,,\nb\n"));

        Assert.Equal([1, 4], rows.Select(r => r.RowNumber));
    }
}
