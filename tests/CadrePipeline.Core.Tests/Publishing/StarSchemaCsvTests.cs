using System.Text;
using CadrePipeline.Core.Publishing;
using CadrePipeline.Tests.Publishing;

namespace CadrePipeline.Core.Tests.Publishing;

/// <summary>The CSV files, opened as plain text the way a spreadsheet would see them.</summary>
public sealed class StarSchemaCsvTests
{
    [Fact]
    public async Task WriteCsvAsync_AnyTable_StartsWithUtf8BomThenTheHeader()
    {
        var bytes = await WriteAsync("DimArea", SampleStarSchema.Create());

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("AreaCode,AreaName,AreaNameEn,Level,ParentCode,CountyCode,IsKeyVillage", Lines(bytes)[0]);
    }

    [Fact]
    public async Task WriteCsvAsync_DimArea_WritesChineseNamesAndEmptyCellsForNulls()
    {
        var lines = Lines(await WriteAsync("DimArea", SampleStarSchema.Create()));

        Assert.Equal(
            [
                "640300,吴忠市,Wuzhong City,city,,,false",
                "640323,盐池县,Yanchi County,county,640300,640323,false",
                "640323100,花马池镇,Huamachi Town,township,640323,640323,false",
                "640323100001,城西村,Chengxi Village,village,640323100,640323,true",
            ],
            lines[1..]);
    }

    [Fact]
    public async Task WriteCsvAsync_FormulaLikeText_IsPrefixedWithAQuote()
    {
        var lines = Lines(await WriteAsync("FactSubmission", SampleStarSchema.Create()));

        Assert.Equal("SubmissionId,CountyCode,Period,Form,FileName,ReceivedAtUtc,Status,RowsRead,RowsAccepted,Errors,Warnings,SupersededBy", lines[0]);
        Assert.Equal(
            [
                // =HYPERLINK("http://x","a, b").xlsx: neutralized, then quoted (comma and quotes) with doubled quotes.
                "sub-0001,640323,2022,village-secretaries,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\").xlsx\",2026-11-20T08:30:15.000000Z,superseded,10,10,0,0,sub-0002",
                "sub-0002,640323,2022,village-secretaries,'-2022盐池村书记.xlsx,2026-11-20T08:35:15.000000Z,accepted,120,118,2,3,",
                "sub-0003,640302,2022,township-leaders,'@利通区.csv,2026-11-21T08:30:15.000000Z,rejected,5,0,5,0,",
            ],
            lines[1..]);
    }

    [Fact]
    public async Task WriteCsvAsync_NegativeNumbers_StayNumbers()
    {
        var lines = Lines(await WriteAsync("FactIndicatorValue", SampleStarSchema.Create()));

        Assert.Equal("AreaCode,Period,IndicatorId,Value,Numerator,Denominator,TargetValue,MeetsTarget,PreviousValue,Change,ComputedAtUtc", lines[0]);
        Assert.Equal("640300,2022,VS03,-1.5,-1.5,,,,,,2026-11-26T04:00:00.123456Z", lines[2]);
        Assert.Equal("640300,2022,VS08,54.72837022132797,272,497,,,,,2026-11-26T04:00:00.123456Z", lines[3]);
        Assert.DoesNotContain(lines, l => l.Contains("'-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteCsvAsync_TargetOperatorText_IsNeutralizedButFactorIsNot()
    {
        var schema = new StarSchema
        {
            DimIndicator = [new("X01", "负数", "negative", "test", "+pp", -2.5, "=", -1, "-1 × x")],
        };

        var lines = Lines(await WriteAsync("DimIndicator", schema));

        Assert.Equal("X01,负数,negative,test,'+pp,-2.5,'=,-1,'-1 × x", lines[1]);
    }

    [Fact]
    public async Task WriteCsvAsync_EmptyTable_WritesOnlyTheHeader()
    {
        var bytes = await WriteAsync("FactCompleteness", new StarSchema());

        Assert.Equal("\uFEFFCountyCode,Period,Form,Submitted,OnTime,LastSubmissionAtUtc\r\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task WriteCsvAsync_SameRowsInAnotherOrder_WritesIdenticalBytes()
    {
        var schema = SampleStarSchema.Create();
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        await StarSchemaFiles.WriteCsvAsync(first, schema.FactSubmission, default);
        await StarSchemaFiles.WriteCsvAsync(second, schema.FactSubmission.Reverse().ToList(), default);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    private static async Task<byte[]> WriteAsync(string table, StarSchema schema)
    {
        using var stream = new MemoryStream();
        await TableSchemaInfo.Tables.Single(t => t.Name == table).WriteCsvAsync(schema, stream, default);
        return stream.ToArray();
    }

    // Decoding with the BOM-aware UTF-8 strips the BOM; lines end in CRLF (RFC 4180).
    private static string[] Lines(byte[] bytes)
    {
        var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd();
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return text[..^2].Split("\r\n");
    }
}
