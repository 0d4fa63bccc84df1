using CadrePipeline.Core.Intake.Text;

namespace CadrePipeline.Core.Tests.Intake.Text;

public sealed class TextFoldTests
{
    [Theory]
    [InlineData("  张　三  ", "张 三")]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("“双带”", "\"双带\"")]
    [InlineData("a\r\n  b", "a b")]
    public void Fold_FullWidthQuotesAndWhitespace_Folded(string written, string expected) =>
        Assert.Equal(expected, TextFold.Fold(written));

    [Theory]
    [InlineData("金额（万元）", "金额")]
    [InlineData("縣（市、區）", "县")]
    [InlineData("县(市、区)", "县")]
    [InlineData("姓 名", "姓名")]
    [InlineData("身份證號\n（18位）", "身份证号")]
    [InlineData("在村工作期限（月）", "在村工作期限")]
    [InlineData("党员“双带”致富资金", "党员\"双带\"致富资金")]
    public void HeaderKey_SpacesBreaksBracketsTraditional_Dropped(string header, string expected) =>
        Assert.Equal(expected, TextFold.HeaderKey(header));

    [Theory]
    [InlineData("金额（万元）", 10000)]
    [InlineData("资金（亿元）", 100000000)]
    [InlineData("收入（元）", 1)]
    [InlineData("资金", 1)]
    public void HeaderMultiplier_UnitInBrackets_Scale(string header, int expected) =>
        Assert.Equal(expected, TextFold.HeaderMultiplier(header));
}
