namespace CadrePipeline.Core.Indicators;

/// <summary>
/// The additive partial sums of one indicator for one area and period. A parent area's partial is
/// the element-wise sum of its children's; the value is computed only after summing.
/// </summary>
public sealed record IndicatorPartial
{
    public required string AreaCode { get; init; }

    public required int Period { get; init; }

    public required string IndicatorId { get; init; }

    /// <summary>Numerator sum (for an average: the sum of the averaged field).</summary>
    public decimal Numerator { get; init; }

    /// <summary>Denominator sum (for an average: the row count). Zero where the indicator has no denominator.</summary>
    public decimal Denominator { get; init; }

    /// <summary>False when the area had no data for this indicator at all (no value is published).</summary>
    public bool HasData { get; init; } = true;

    /// <summary>The term the figures belong to, for term-based indicators (village secretaries); else null.</summary>
    public int? Term { get; init; }

    /// <summary>The same sums over the previous term, for indicators with a previous-term comparison.</summary>
    public decimal? PreviousNumerator { get; init; }

    public decimal? PreviousDenominator { get; init; }

    public int? PreviousTerm { get; init; }

    /// <summary>Element-wise sum of two partials of the same indicator and period.</summary>
    public IndicatorPartial Add(IndicatorPartial other, string areaCode) => this with
    {
        AreaCode = areaCode,
        Numerator = Numerator + other.Numerator,
        Denominator = Denominator + other.Denominator,
        HasData = HasData || other.HasData,
        Term = Term ?? other.Term,
        PreviousNumerator = SumNullable(PreviousNumerator, other.PreviousNumerator),
        PreviousDenominator = SumNullable(PreviousDenominator, other.PreviousDenominator),
        PreviousTerm = PreviousTerm ?? other.PreviousTerm,
    };

    private static decimal? SumNullable(decimal? a, decimal? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}

/// <summary>A computed indicator value for one area and period: what FactIndicatorValue publishes.</summary>
public sealed record IndicatorValue
{
    public required string AreaCode { get; init; }

    public required int Period { get; init; }

    public required string IndicatorId { get; init; }

    /// <summary>Full-precision value; null when there is no data or the denominator is zero.</summary>
    public decimal? Value { get; init; }

    public decimal Numerator { get; init; }

    public decimal? Denominator { get; init; }

    public decimal? TargetValue { get; init; }

    public bool? MeetsTarget { get; init; }

    public decimal? PreviousValue { get; init; }

    public decimal? Change { get; init; }

    public DateTimeOffset ComputedAtUtc { get; init; }

    /// <summary>The term of a term-based figure (village secretaries); else null.</summary>
    public int? Term { get; init; }

    /// <summary>The term <see cref="PreviousValue"/> belongs to; else null.</summary>
    public int? PreviousTerm { get; init; }
}
