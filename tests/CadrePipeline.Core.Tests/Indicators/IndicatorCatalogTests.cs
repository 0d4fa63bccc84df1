using System.Text;
using CadrePipeline.Core.Indicators;

namespace CadrePipeline.Core.Tests.Indicators;

public class IndicatorCatalogTests
{
    [Fact]
    public void Default_ContainsExactlyTheIdsOfTheSpecTable()
    {
        // The table of domain/indicators.md, in order.
        string[] expected =
        [
            "TL01", "TL02", "TL03", "TL04", "TL05", "TL06", "TL07", "TL08",
            "VS01", "VS02", "VS03", "VS04", "VS05", "VS06", "VS07", "VS08", "VS09", "VS10", "VS11",
            "RC01", "RC02", "RC03", "SG01", "SG02",
            "PD01", "PD02", "PD03", "PD04", "PD05", "PD06", "PD07", "PD08",
        ];

        Assert.Equal(expected, IndicatorCatalog.Default.Indicators.Select(i => i.Id));
    }

    [Theory]
    [InlineData("TL05", 100)]
    [InlineData("VS11", 100)]
    [InlineData("RC02", 100)]
    [InlineData("SG02", 100)]
    [InlineData("PD01", 100)]
    public void Default_TargetedIndicators_CarryTheSpecTarget(string id, int target)
    {
        var def = IndicatorCatalog.Default.Find(id);

        Assert.NotNull(def);
        Assert.Equal(target, def.Target?.Value);
    }

    [Fact]
    public void Default_OnlyTheFiveSpecIndicators_HaveATarget()
    {
        var targeted = IndicatorCatalog.Default.Indicators.Where(i => i.Target is not null).Select(i => i.Id);

        Assert.Equal(["TL05", "VS11", "RC02", "SG02", "PD01"], targeted);
    }

    [Fact]
    public void Default_PercentIndicators_HaveFactor100AndCountsFactor1()
    {
        var tl02 = IndicatorCatalog.Default.Find("TL02")!;
        var tl01 = IndicatorCatalog.Default.Find("TL01")!;

        Assert.Equal(("percent", 100m), (tl02.Unit, tl02.Factor));
        Assert.Equal(("persons", 1m), (tl01.Unit, tl01.Factor));
    }

    [Fact]
    public void Default_ChangeAndCarryIndicators_AreTheSpecOnes()
    {
        var byComparison = IndicatorCatalog.Default.Indicators
            .Where(i => i.Comparison != TermComparison.None)
            .ToDictionary(i => i.Id, i => i.Comparison);

        Assert.Equal(6, byComparison.Count);
        Assert.All(["VS02", "VS04", "VS06"], id => Assert.Equal(TermComparison.Carry, byComparison[id]));
        Assert.All(["VS03", "VS05", "VS07"], id => Assert.Equal(TermComparison.Change, byComparison[id]));
    }

    [Fact]
    public void Find_UnknownId_ReturnsNull()
    {
        Assert.Null(IndicatorCatalog.Default.Find("XX99"));
    }

    [Fact]
    public void Load_NewIndicatorOfTheSameShape_NeedsNoCode()
    {
        const string json = """
            { "indicators": [ { "id": "RC09", "nameZh": "首位", "nameEn": "First secretaries", "group": "resident",
              "unit": "persons", "numerator": { "form": "resident-cadres", "aggregate": "count",
              "filter": ["role = 'first-secretary'"] } } ] }
            """;
        var catalog = IndicatorCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var engine = new IndicatorEngine(catalog);
        var register = IndicatorTestData.YanchiRegister();
        var rows = IndicatorTestData.ByForm(
        [
            IndicatorTestData.Row("resident-cadres", "640323", ("role", "first-secretary")),
            IndicatorTestData.Row("resident-cadres", "640323", ("role", "team-member")),
            IndicatorTestData.Row("resident-cadres", "640323", ("role", "first-secretary")),
        ]);

        var partial = engine.ComputePartials("640323", 2022, rows, register).Single(p => p.AreaCode == "640323");

        // two rows have role = first-secretary
        Assert.Equal(2m, engine.Evaluate(partial, IndicatorTestData.Now).Value);
    }

    [Theory]
    [InlineData("""{ "indicators": [ { "id": "X1", "numerator": { "form": "f", "aggregate": "median" } } ] }""", "unknown aggregate")]
    [InlineData("""{ "indicators": [ { "id": "X1", "numerator": { "form": "f", "aggregate": "count", "filter": ["a >= "] } } ] }""", "expected a value")]
    [InlineData("""{ "indicators": [ { "id": "X1", "numerator": { "form": "f", "aggregate": "sum" } } ] }""", "needs a field")]
    [InlineData("""{ "indicators": [ { "id": "X1", "numerator": { "form": "f", "aggregate": "countUnits", "unit": "village", "having": "max(a) > 1" } } ] }""", "having")]
    public void Load_InvalidDefinition_ThrowsNamingTheIndicator(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => IndicatorCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));

        Assert.Contains("X1", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
