using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Publishing;

namespace CadrePipeline.Core.Tests.Publishing;

public sealed class StarSchemaMappingTests
{
    [Fact]
    public void ToRow_IndicatorValue_KeepsFullPrecisionAndUtcTime()
    {
        var value = new IndicatorValue
        {
            AreaCode = "640300",
            Period = 2022,
            IndicatorId = "VS08",
            Value = 272m / 497m * 100m,
            Numerator = 272,
            Denominator = 497,
            ComputedAtUtc = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.FromHours(8)),
        };

        var row = value.ToRow();

        Assert.Equal(54.728370221328, row.Value!.Value, 12);
        Assert.Equal((272d, 497d), (row.Numerator, row.Denominator!.Value));
        Assert.Null(row.MeetsTarget);
        Assert.Null(row.Change);
        Assert.Equal(new DateTime(2026, 11, 26, 4, 0, 0, DateTimeKind.Utc), row.ComputedAtUtc);
        Assert.Equal(DateTimeKind.Utc, row.ComputedAtUtc.Kind);
    }

    [Fact]
    public void ToRow_CountyArea_UsesTheDocumentedLevelSpelling()
    {
        var county = AreaCatalog.Default.Find("640323")!;

        var row = county.ToRow(countyCode: "640323");

        Assert.Equal(new DimAreaRow("640323", "盐池县", row.AreaNameEn, "county", "640300", "640323", false), row);
        Assert.Contains("Yanchi", row.AreaNameEn, StringComparison.Ordinal);
    }
}
