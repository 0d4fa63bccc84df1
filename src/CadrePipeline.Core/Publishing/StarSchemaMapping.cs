using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;

namespace CadrePipeline.Core.Publishing;

/// <summary>Conversions from the domain types to published rows, so that every caller converts the same way.</summary>
public static class StarSchemaMapping
{
    /// <summary>
    /// A computed value as a <see cref="FactIndicatorValueRow"/>: decimals become doubles (full precision kept as far as
    /// a double holds it; nothing is rounded), and the computation time becomes a UTC <see cref="DateTime"/>.
    /// </summary>
    public static FactIndicatorValueRow ToRow(this IndicatorValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new FactIndicatorValueRow(
            value.AreaCode,
            value.Period,
            value.IndicatorId,
            ToDouble(value.Value),
            (double)value.Numerator,
            ToDouble(value.Denominator),
            ToDouble(value.TargetValue),
            value.MeetsTarget,
            ToDouble(value.PreviousValue),
            ToDouble(value.Change),
            value.ComputedAtUtc.UtcDateTime);
    }

    /// <summary>
    /// An area as a <see cref="DimAreaRow"/>. <paramref name="countyCode"/> is the county the area lies in (its own code
    /// for a county; null above county level).
    /// </summary>
    public static DimAreaRow ToRow(this Area area, string? countyCode, bool isKeyVillage = false)
    {
        ArgumentNullException.ThrowIfNull(area);
        return new DimAreaRow(area.Code, area.NameZh, area.NameEn, LevelName(area.Level), area.ParentCode, countyCode, isKeyVillage);
    }

    /// <summary>The published spelling of a level: <c>city</c>, <c>county</c>, <c>township</c>, <c>village</c> (or <c>province</c>, <c>nation</c>).</summary>
    public static string LevelName(AreaLevel level) => level.ToString().ToLowerInvariant();

    private static double? ToDouble(decimal? value) => value is { } v ? (double)v : null;
}
