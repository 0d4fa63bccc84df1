using CadrePipeline.Core.Indicators;

namespace CadrePipeline.Azure.Indicators;

/// <summary>
/// One indicator of one area and period in the Cosmos container <c>indicators</c>. The id
/// <c>{areaCode}:{period}:{indicatorId}</c> is deterministic, so writing it twice changes nothing; the partition key
/// <c>{period}:{parentCode}</c> groups siblings (every county of a city, every township of a county).
/// </summary>
public sealed class IndicatorDocument
{
    public string Id { get; set; } = "";

    public string Pk { get; set; } = "";

    public string AreaCode { get; set; } = "";

    public string ParentCode { get; set; } = "";

    public string Level { get; set; } = "";

    public int Period { get; set; }

    public string IndicatorId { get; set; } = "";

    public decimal Numerator { get; set; }

    public decimal Denominator { get; set; }

    public bool HasData { get; set; }

    public int? Term { get; set; }

    public decimal? PreviousNumerator { get; set; }

    public decimal? PreviousDenominator { get; set; }

    public int? PreviousTerm { get; set; }

    public decimal? Value { get; set; }

    public decimal? TargetValue { get; set; }

    public bool? MeetsTarget { get; set; }

    public decimal? PreviousValue { get; set; }

    public decimal? Change { get; set; }

    /// <summary>The submissions whose records these sums came from (county and township level).</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>The version of the county's current-forms pointer the sums were computed from.</summary>
    public long SourceVersion { get; set; }

    public DateTimeOffset ComputedAtUtc { get; set; }

    public static string IdFor(string areaCode, int period, string indicatorId) => $"{areaCode}:{period}:{indicatorId}";

    public static string PkFor(int period, string parentCode) => $"{period}:{parentCode}";

    public static IndicatorDocument From(IndicatorPartial p, IndicatorValue v, string parentCode, string level, IEnumerable<string> sources, long sourceVersion) => new()
    {
        Id = IdFor(p.AreaCode, p.Period, p.IndicatorId),
        Pk = PkFor(p.Period, parentCode),
        AreaCode = p.AreaCode,
        ParentCode = parentCode,
        Level = level,
        Period = p.Period,
        IndicatorId = p.IndicatorId,
        Numerator = p.Numerator,
        Denominator = p.Denominator,
        HasData = p.HasData,
        Term = p.Term,
        PreviousNumerator = p.PreviousNumerator,
        PreviousDenominator = p.PreviousDenominator,
        PreviousTerm = p.PreviousTerm,
        Value = v.Value,
        TargetValue = v.TargetValue,
        MeetsTarget = v.MeetsTarget,
        PreviousValue = v.PreviousValue,
        Change = v.Change,
        Sources = [.. sources],
        SourceVersion = sourceVersion,
        ComputedAtUtc = v.ComputedAtUtc,
    };

    public IndicatorPartial ToPartial() => new()
    {
        AreaCode = AreaCode,
        Period = Period,
        IndicatorId = IndicatorId,
        Numerator = Numerator,
        Denominator = Denominator,
        HasData = HasData,
        Term = Term,
        PreviousNumerator = PreviousNumerator,
        PreviousDenominator = PreviousDenominator,
        PreviousTerm = PreviousTerm,
    };

    public IndicatorValue ToValue() => new()
    {
        AreaCode = AreaCode,
        Period = Period,
        IndicatorId = IndicatorId,
        Value = Value,
        Numerator = Numerator,
        Denominator = Denominator,
        TargetValue = TargetValue,
        MeetsTarget = MeetsTarget,
        PreviousValue = PreviousValue,
        Change = Change,
        ComputedAtUtc = ComputedAtUtc,
    };
}
