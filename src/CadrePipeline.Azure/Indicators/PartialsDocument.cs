using System.Text.Json.Serialization;
using CadrePipeline.Core.Indicators;

namespace CadrePipeline.Azure.Indicators;

/// <summary>
/// The stored partial sums of one area and period in the Cosmos container <c>indicators</c>: id
/// <c>{areaCode}:{period}</c>, partition key <c>{period}:{parentCode}</c> (siblings share a partition: every county of a
/// city, every city of a province). A county's document also holds its townships' partials, so one ingest writes one
/// document and one city recalculation reads one partition. Values are not stored: they are evaluated from the sums
/// when read (<see cref="IndicatorStore"/>), so they always follow the catalogue.
/// </summary>
public sealed class PartialsDocument
{
    public const string TypeName = "partials";

    public string Id { get; set; } = "";

    public string Pk { get; set; } = "";

    public string Type { get; set; } = TypeName;

    public string AreaCode { get; set; } = "";

    public string ParentCode { get; set; } = "";

    public string Level { get; set; } = "";

    public int Period { get; set; }

    /// <summary>A county's: the version of its current-forms pointer the sums were computed from (0 for parents).</summary>
    public long SourceVersion { get; set; }

    /// <summary>The submissions (county) or child areas (parents) the sums came from.</summary>
    public List<string> Sources { get; set; } = [];

    public DateTimeOffset ComputedAtUtc { get; set; }

    /// <summary>The area's own partials, one per indicator of the catalogue.</summary>
    public List<PartialEntry> Partials { get; set; } = [];

    /// <summary>A county's townships and their partials (empty for other levels).</summary>
    public List<ChildPartials> Children { get; set; } = [];

    public static string IdFor(string areaCode, int period) => $"{areaCode}:{period}";

    public static string PkFor(int period, string parentCode) => $"{period}:{parentCode}";

    /// <summary>The area's own sums, then every child's, as partials.</summary>
    public IEnumerable<IndicatorPartial> OwnPartials() => Partials.Select(p => p.ToPartial(AreaCode, Period));

    public IEnumerable<(string AreaCode, IndicatorPartial Partial)> ChildPartialsFlat() =>
        Children.SelectMany(c => c.Partials.Select(p => (c.AreaCode, p.ToPartial(c.AreaCode, Period))));

    /// <summary>True when both hold the same sums from the same sources (a rewrite would change nothing but the time).</summary>
    public bool SameSumsAs(PartialsDocument other) =>
        Level == other.Level && ParentCode == other.ParentCode && SourceVersion == other.SourceVersion
        && Sources.SequenceEqual(other.Sources, StringComparer.Ordinal)
        && Partials.SequenceEqual(other.Partials)
        && Children.Count == other.Children.Count
        && Children.Zip(other.Children).All(z => z.First.AreaCode == z.Second.AreaCode && z.First.Partials.SequenceEqual(z.Second.Partials));
}

/// <summary>A township's partials inside its county's <see cref="PartialsDocument"/>.</summary>
public sealed class ChildPartials
{
    [JsonPropertyName("a")]
    public string AreaCode { get; set; } = "";

    [JsonPropertyName("p")]
    public List<PartialEntry> Partials { get; set; } = [];
}

/// <summary>
/// One indicator's sums, with short property names and defaults left out: a county document holds about 350 of them,
/// and Cosmos charges by the kilobyte.
/// </summary>
public sealed record PartialEntry
{
    [JsonPropertyName("i")]
    public string IndicatorId { get; init; } = "";

    [JsonPropertyName("h")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HasData { get; init; }

    [JsonPropertyName("n")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public decimal Numerator { get; init; }

    [JsonPropertyName("d")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public decimal Denominator { get; init; }

    [JsonPropertyName("t")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Term { get; init; }

    [JsonPropertyName("pn")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PreviousNumerator { get; init; }

    [JsonPropertyName("pd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PreviousDenominator { get; init; }

    [JsonPropertyName("pt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PreviousTerm { get; init; }

    public static PartialEntry From(IndicatorPartial p) => new()
    {
        IndicatorId = p.IndicatorId,
        HasData = p.HasData,
        Numerator = p.Numerator,
        Denominator = p.Denominator,
        Term = p.Term,
        PreviousNumerator = p.PreviousNumerator,
        PreviousDenominator = p.PreviousDenominator,
        PreviousTerm = p.PreviousTerm,
    };

    public IndicatorPartial ToPartial(string areaCode, int period) => new()
    {
        AreaCode = areaCode,
        Period = period,
        IndicatorId = IndicatorId,
        HasData = HasData,
        Numerator = Numerator,
        Denominator = Denominator,
        Term = Term,
        PreviousNumerator = PreviousNumerator,
        PreviousDenominator = PreviousDenominator,
        PreviousTerm = PreviousTerm,
    };
}
