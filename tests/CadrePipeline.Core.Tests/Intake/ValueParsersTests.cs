using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Intake.Readers;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>Every accepted input of forms.md's type table.</summary>
public sealed class ValueParsersTests
{
    private static Cell T(string s) => Cell.FromText(s);

    [Theory]
    [InlineData("是", true)]
    [InlineData("否", false)]
    [InlineData("是的", true)]
    [InlineData("Y", true)]
    [InlineData("n", false)]
    [InlineData("YES", true)]
    [InlineData("No", false)]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("√", true)]
    [InlineData("×", false)]
    [InlineData("✓", true)]
    [InlineData("有", true)]
    [InlineData("无", false)]
    [InlineData("無", false)]
    [InlineData("Ｙ", true)]
    public void TryBool_SpecInputs_Parsed(string written, bool expected)
    {
        Assert.True(ValueParsers.TryBool(T(written), out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryBool_NumberAndBoolCells_Parsed()
    {
        Assert.True(ValueParsers.TryBool(new Cell(CellKind.Number, null, 1), out var one));
        Assert.True(one);
        Assert.True(ValueParsers.TryBool(new Cell(CellKind.Bool, null, 0), out var f));
        Assert.False(f);
    }

    [Theory]
    [InlineData("也许")]
    [InlineData("2")]
    public void TryBool_Other_Fails(string written) => Assert.False(ValueParsers.TryBool(T(written), out _));

    [Theory]
    [InlineData("1,234", 1, "1234")]
    [InlineData("１２３４", 1, "1234")]
    [InlineData("１，２３４", 1, "1234")]
    [InlineData("557万元", 1, "5570000")]
    [InlineData("557萬元", 1, "5570000")]
    [InlineData("1.8亿", 1, "180000000")]
    [InlineData("0.35億", 1, "35000000")]
    [InlineData("557", 10000, "5570000")]
    [InlineData("1.8亿", 10000, "180000000")]
    [InlineData("221人", 1, "221")]
    [InlineData("2021届", 1, "2021")]
    [InlineData("12个", 1, "12")]
    [InlineData("-5", 1, "-5")]
    public void TryNumber_SpecInputs_BaseUnits(string written, int headerMultiplier, string expected)
    {
        Assert.True(ValueParsers.TryNumber(T(written), headerMultiplier, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void TryNumber_NumericCellWithHeaderUnit_Scaled()
    {
        Assert.True(ValueParsers.TryNumber(new Cell(CellKind.Number, null, 557), 10_000m, out var value));
        Assert.Equal(5_570_000m, value);
    }

    [Theory]
    [InlineData("两年")]
    [InlineData("1.2.3")]
    [InlineData("万")]
    public void TryNumber_Other_Fails(string written) => Assert.False(ValueParsers.TryNumber(T(written), 1, out _));

    [Theory]
    [InlineData("1985-03-12", 1985, 3, 12, false)]
    [InlineData("1985/3/12", 1985, 3, 12, false)]
    [InlineData("1985.03", 1985, 3, 1, true)]
    [InlineData("1985.3", 1985, 3, 1, true)]
    [InlineData("198503", 1985, 3, 1, true)]
    [InlineData("1985年3月", 1985, 3, 1, true)]
    [InlineData("1985年3月12日", 1985, 3, 12, false)]
    [InlineData("１９８５年３月", 1985, 3, 1, true)]
    [InlineData("19850312", 1985, 3, 12, false)]
    [InlineData("1985-03-12 00:00:00", 1985, 3, 12, false)]
    [InlineData("31118", 1985, 3, 12, false)]
    public void TryDate_SpecFormats_Parsed(string written, int y, int m, int d, bool monthOnly)
    {
        Assert.True(ValueParsers.TryDate(T(written), out var value));
        Assert.Equal(new DateOnly(y, m, d), value.Date);
        Assert.Equal(monthOnly, value.MonthOnly);
    }

    [Fact]
    public void TryDate_ExcelSerialAndDateCells_Parsed()
    {
        Assert.True(ValueParsers.TryDate(new Cell(CellKind.Number, null, 31118), out var serial));
        Assert.Equal(new DateOnly(1985, 3, 12), serial.Date);
        Assert.True(ValueParsers.TryDate(new Cell(CellKind.Date, null, 31118), out var date));
        Assert.Equal(new DateOnly(1985, 3, 12), date.Date);
    }

    [Theory]
    [InlineData(1985.03, 1985, 3)]
    [InlineData(1985.3, 1985, 3)]
    [InlineData(198503, 1985, 3)]
    public void TryDate_NumbersTypedAsYearMonth_MonthOnly(double typed, int y, int m)
    {
        Assert.True(ValueParsers.TryDate(new Cell(CellKind.Number, null, typed), out var value));
        Assert.Equal(new DateOnly(y, m, 1), value.Date);
        Assert.True(value.MonthOnly);
    }

    [Theory]
    [InlineData("去年")]
    [InlineData("1985-13-01")]
    [InlineData("1985-02-30")]
    [InlineData("85.3")]
    public void TryDate_Other_Fails(string written) => Assert.False(ValueParsers.TryDate(T(written), out _));
}
