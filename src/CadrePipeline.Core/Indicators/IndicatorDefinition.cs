using CadrePipeline.Core.Indicators.Filters;

namespace CadrePipeline.Core.Indicators;

/// <summary>How an aggregation reduces the rows (or register units) it selects to one number.</summary>
public enum AggregateKind
{
    /// <summary>Number of rows that pass the filter.</summary>
    Count,

    /// <summary>Sum of <see cref="AggregationDefinition.Field"/> over the rows that pass the filter; blanks count 0.</summary>
    Sum,

    /// <summary>Average of <see cref="AggregationDefinition.Field"/>: the partial keeps the sum and the row count.</summary>
    Avg,

    /// <summary>Number of distinct non-blank values of <see cref="AggregationDefinition.Field"/> among the rows that pass.</summary>
    CountDistinct,

    /// <summary>
    /// Number of register units (villages or townships) that pass <see cref="AggregationDefinition.UnitFilter"/>
    /// and, when a form is named, whose rows of that form satisfy <see cref="AggregationDefinition.Having"/>.
    /// </summary>
    CountUnits,
}

/// <summary>How an indicator relates to the previous term.</summary>
public enum TermComparison
{
    /// <summary>No comparison.</summary>
    None,

    /// <summary>Value is the current term's; PreviousValue and Change carry the previous term's value and the difference.</summary>
    Carry,

    /// <summary>Value is the change itself (current − previous), in the indicator's unit.</summary>
    Change,
}

/// <summary>Which term an aggregation's rows belong to.</summary>
public enum TermScope
{
    /// <summary>All rows, whatever their term.</summary>
    Any,

    /// <summary>Rows of the current term (the latest term ≤ period present in the county's data).</summary>
    Current,
}

/// <summary>A target: the value must satisfy <c>value Operator Target</c>.</summary>
public sealed record TargetDefinition(string Operator, decimal Value)
{
    /// <summary>True when <paramref name="value"/> meets the target (full precision).</summary>
    public bool IsMetBy(decimal value) => Operator switch
    {
        ">=" => value >= Value,
        ">" => value > Value,
        "=" => value == Value,
        "<=" => value <= Value,
        "<" => value < Value,
        _ => throw new InvalidOperationException($"unknown target operator '{Operator}'"),
    };
}

/// <summary>The condition on a register unit's rows for <see cref="AggregateKind.CountUnits"/>: <c>count &gt;= 1</c>, <c>sum(newTalent) &gt;= 1</c>.</summary>
public sealed record HavingClause(AggregateKind Aggregate, string? Field, string Operator, decimal Value)
{
    public bool IsMetBy(decimal value) => new TargetDefinition(Operator, Value).IsMetBy(value);

    public override string ToString() =>
        (Aggregate == AggregateKind.Count ? "count" : $"sum({Field})") + $" {Operator} {Value}";
}

/// <summary>One side of an indicator (numerator or denominator): an aggregation over one form.</summary>
public sealed record AggregationDefinition
{
    /// <summary>The form whose rows are aggregated; null only for <see cref="AggregateKind.CountUnits"/> over the register alone.</summary>
    public string? Form { get; init; }

    public required AggregateKind Aggregate { get; init; }

    /// <summary>Field summed, averaged or counted distinct (may be a derived field such as <c>age</c>).</summary>
    public string? Field { get; init; }

    /// <summary>Row conditions, all of which must hold (source text, for documentation).</summary>
    public IReadOnlyList<string> FilterText { get; init; } = [];

    /// <summary>The compiled row filter; null when there is none.</summary>
    public FilterExpression? Filter { get; init; }

    public TermScope Term { get; init; } = TermScope.Any;

    /// <summary>For <see cref="AggregateKind.CountUnits"/>: <c>village</c> or <c>township</c>.</summary>
    public string? Unit { get; init; }

    public IReadOnlyList<string> UnitFilterText { get; init; } = [];

    /// <summary>Condition on the register unit itself (fields of <see cref="Areas.RegisteredVillage"/>: <c>keyVillage</c>, ...).</summary>
    public FilterExpression? UnitFilter { get; init; }

    /// <summary>For <see cref="AggregateKind.CountUnits"/> with a form: what the unit's rows must add up to.</summary>
    public HavingClause? Having { get; init; }

    /// <summary>True when the filter refers to the current term's start.</summary>
    public bool UsesTerm => Term == TermScope.Current || (Filter?.References("termStart") ?? false);
}

/// <summary>One indicator of the catalogue.</summary>
public sealed record IndicatorDefinition
{
    public required string Id { get; init; }

    public required string NameZh { get; init; }

    public required string NameEn { get; init; }

    /// <summary><c>township</c>, <c>village</c>, <c>resident</c> or <c>reserve</c>.</summary>
    public required string Group { get; init; }

    /// <summary><c>percent</c>, <c>percentage-points</c>, <c>years</c>, <c>persons</c>, <c>yuan</c> or <c>count</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>100 for a percent, 1 for a count, sum or average.</summary>
    public decimal Factor { get; init; } = 1m;

    /// <summary>Plain-language definition (DimIndicator.Definition).</summary>
    public string Definition { get; init; } = "";

    public required AggregationDefinition Numerator { get; init; }

    public AggregationDefinition? Denominator { get; init; }

    public TargetDefinition? Target { get; init; }

    public TermComparison Comparison { get; init; } = TermComparison.None;

    /// <summary>Whether township-level partials are produced (the forms carry a township).</summary>
    public bool ByTownship { get; init; } = true;

    /// <summary>True when the figure is a term figure (Term is set on its partials).</summary>
    public bool UsesTerm => Numerator.UsesTerm || (Denominator?.UsesTerm ?? false);

    public IEnumerable<string> Forms =>
        new[] { Numerator.Form, Denominator?.Form }.Where(f => f is not null).Select(f => f!).Distinct();
}
