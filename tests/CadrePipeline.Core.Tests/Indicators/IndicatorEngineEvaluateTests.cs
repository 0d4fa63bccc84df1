using CadrePipeline.Core.Indicators;
using static CadrePipeline.Core.Tests.Indicators.IndicatorTestData;

namespace CadrePipeline.Core.Tests.Indicators;

public class IndicatorEngineEvaluateTests
{
    private static readonly IndicatorEngine Engine = new(IndicatorCatalog.Default);

    private static IndicatorPartial P(string id, decimal numerator, decimal denominator = 0m) =>
        new() { AreaCode = "640300", Period = Period, IndicatorId = id, Numerator = numerator, Denominator = denominator };

    [Fact]
    public void Evaluate_Count_ValueIsNumeratorWithoutDenominator()
    {
        var v = Engine.Evaluate(P("VS01", 497m), Now);

        Assert.Equal(497m, v.Value);
        Assert.Null(v.Denominator);
        Assert.Null(v.TargetValue);
        Assert.Null(v.MeetsTarget);
        Assert.Equal(Now, v.ComputedAtUtc);
    }

    [Fact]
    public void Evaluate_Rate_KeepsFullPrecision()
    {
        // VS08 = 100 × 272 / 497 = 54.728370...; displayed 54.7%
        var v = Engine.Evaluate(P("VS08", 272m, 497m), Now);

        Near(100m * 272 / 497, v.Value);
        Assert.Equal("54.7%", IndicatorFormat.Display(v.Value, "percent"));
    }

    [Fact]
    public void Evaluate_ChangeIndicator_PublishesChangeAsValue()
    {
        // VS05 with previous 60/240 = 25 % and current 300/480 = 62.5 %: +37.5 points
        var v = Engine.Evaluate(P("VS05", 300m, 480m) with { Term = 2021, PreviousNumerator = 60m, PreviousDenominator = 240m, PreviousTerm = 2018 }, Now);

        Assert.Equal(37.5m, v.Value);
        Assert.Equal(25m, v.PreviousValue);
        Assert.Equal(37.5m, v.Change);
        Assert.Equal((2021, 2018), (v.Term, v.PreviousTerm));
    }

    [Fact]
    public void Evaluate_TargetReached_MeetsTarget()
    {
        var v = Engine.Evaluate(P("SG02", 285m, 285m), Now);

        Assert.Equal((100m, 100m, true), (v.Value!.Value, v.TargetValue!.Value, v.MeetsTarget!.Value));
    }

    [Fact]
    public void Evaluate_UnknownIndicator_Throws()
    {
        Assert.Throws<ArgumentException>(() => Engine.Evaluate(P("XX01", 1m), Now));
    }
}
