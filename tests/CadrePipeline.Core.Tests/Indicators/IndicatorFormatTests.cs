using CadrePipeline.Core.Indicators;

namespace CadrePipeline.Core.Tests.Indicators;

public class IndicatorFormatTests
{
    [Theory]
    [InlineData("54.65", "percent", "54.7%")]
    [InlineData("100", "percent", "100.0%")]
    [InlineData("25", "percentage-points", "+25.0 pp")]
    [InlineData("-1.45", "years", "-1.5 years")]
    [InlineData("5570000", "yuan", "5,570,000 yuan")]
    [InlineData("497", "persons", "497 persons")]
    [InlineData("19", "count", "19")]
    public void Display_Value_RoundsToOneDecimalWithUnit(string value, string unit, string expected)
    {
        Assert.Equal(expected, IndicatorFormat.Display(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), unit));
    }

    [Fact]
    public void Display_NoValue_IsEmpty()
    {
        Assert.Equal("", IndicatorFormat.Display(null, "percent"));
    }

    [Fact]
    public void Round_Midpoint_RoundsAwayFromZero()
    {
        Assert.Equal(-1.5m, IndicatorFormat.Round(-1.45m));
        Assert.Equal(34.6m, IndicatorFormat.Round(34.55m));
    }
}
