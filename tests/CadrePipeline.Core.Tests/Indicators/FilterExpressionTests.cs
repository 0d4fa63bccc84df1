using CadrePipeline.Core.Indicators.Filters;

namespace CadrePipeline.Core.Tests.Indicators;

public class FilterExpressionTests
{
    private static readonly FilterContext Context = new(2022, 2021);

    private sealed class Fields(params (string Name, object? Value)[] values) : IFieldSource
    {
        public object? Get(string field) => values.FirstOrDefault(v => v.Name == field).Value;
    }

    [Theory]
    [InlineData("position = 'party-secretary'", true)]
    [InlineData("position != 'party-secretary'", false)]
    [InlineData("position in ('head', 'party-secretary')", true)]
    [InlineData("position in ('head', 'member')", false)]
    [InlineData("experienced", true)]
    [InlineData("not experienced", false)]
    [InlineData("concurrent", false)]
    [InlineData("age >= 60", true)]
    [InlineData("age > 60", false)]
    [InlineData("birthDate >= 1985-01-01", true)]
    [InlineData("birthDate >= 1985-01-02", false)]
    [InlineData("income >= 1.2 * agency", true)]
    [InlineData("income > 1.2 * agency", false)]
    [InlineData("year = period", true)]
    [InlineData("startDate <= periodEnd", true)]
    [InlineData("endDate is blank or endDate >= periodStart", true)]
    [InlineData("endDate is not blank", false)]
    [InlineData("note is blank", true)]
    [InlineData("adjustedOn >= termStart", true)]
    [InlineData("all(experienced, insured)", true)]
    [InlineData("all(experienced, concurrent)", false)]
    [InlineData("(age < 30 or experienced) and not concurrent", true)]
    public void Evaluate_Condition_GivesExpectedTruth(string condition, bool expected)
    {
        var row = new Fields(
            ("position", "party-secretary"),
            ("experienced", true),
            ("insured", true),
            ("concurrent", false),
            ("age", 60m),
            ("birthDate", new DateOnly(1985, 1, 1)),
            ("income", 6000m),
            ("agency", 5000m),
            ("year", 2022m),
            ("startDate", new DateOnly(2022, 12, 31)),
            ("endDate", null),
            ("note", "  "),
            ("adjustedOn", new DateOnly(2021, 1, 1)));

        Assert.Equal(expected, FilterExpression.Parse(condition).Evaluate(row, Context));
    }

    [Theory]
    [InlineData("age >= 60")]
    [InlineData("age < 60")]
    [InlineData("age != 60")]
    public void Evaluate_BlankOperand_IsFalseForEveryComparison(string condition)
    {
        Assert.False(FilterExpression.Parse(condition).Evaluate(new Fields(), Context));
    }

    [Fact]
    public void Evaluate_TermStartWithoutTerm_IsFalse()
    {
        var row = new Fields(("adjustedOn", new DateOnly(2021, 5, 1)));

        Assert.False(FilterExpression.Parse("adjustedOn >= termStart").Evaluate(row, new FilterContext(2022, null)));
    }

    [Theory]
    [InlineData("age >=")]
    [InlineData("position in ('a'")]
    [InlineData("name = 'open")]
    [InlineData("a = 1 b")]
    [InlineData("x is maybe")]
    public void Parse_Malformed_ThrowsFormatException(string condition)
    {
        Assert.Throws<FormatException>(() => FilterExpression.Parse(condition));
    }
}
