using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CadrePipeline.Core.Indicators.Filters;

namespace CadrePipeline.Core.Indicators;

/// <summary>
/// The indicator catalogue: every indicator as data (embedded <c>Indicators/indicators.json</c>), read by the
/// generic <see cref="IndicatorEngine"/>. A new indicator of the same shape is a new JSON entry, not code.
/// </summary>
public sealed partial class IndicatorCatalog
{
    // Declared before Default: static initializers run in textual order.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, IndicatorDefinition> _byId;

    public IndicatorCatalog(IEnumerable<IndicatorDefinition> indicators, string termForm = "village-secretaries", string termField = "term")
    {
        Indicators = indicators.ToList();
        _byId = new Dictionary<string, IndicatorDefinition>(StringComparer.Ordinal);
        foreach (var i in Indicators)
        {
            if (!_byId.TryAdd(i.Id, i))
            {
                throw new InvalidDataException($"indicator '{i.Id}' is defined twice");
            }
        }

        TermForm = termForm;
        TermField = termField;
    }

    /// <summary>The catalogue shipped with the pipeline (the table of the indicator spec).</summary>
    public static IndicatorCatalog Default { get; } = LoadEmbedded();

    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    /// <summary>The form whose rows carry the term (届): its terms define the current and previous term.</summary>
    public string TermForm { get; }

    /// <summary>The field of <see cref="TermForm"/> holding the term year.</summary>
    public string TermField { get; }

    public IndicatorDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Loads and validates a catalogue from JSON of the shape of the embedded <c>indicators.json</c>.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a valid catalogue (unknown aggregate, bad filter, ...).</exception>
    public static IndicatorCatalog Load(Stream json)
    {
        var file = JsonSerializer.Deserialize<CatalogFile>(json, JsonOptions) ?? throw new InvalidDataException("empty indicator catalogue");
        var list = new List<IndicatorDefinition>();
        if (file.Indicators is not { Count: > 0 })
        {
            throw new InvalidDataException("the catalogue has no 'indicators'");
        }

        foreach (var dto in file.Indicators)
        {
            try
            {
                list.Add(ToDefinition(dto));
            }
            catch (Exception e) when (e is FormatException or InvalidDataException)
            {
                throw new InvalidDataException($"indicator '{dto.Id}': {e.Message}", e);
            }
        }

        return new IndicatorCatalog(list, file.Terms?.Form ?? "village-secretaries", file.Terms?.Field ?? "term");
    }

    private static IndicatorCatalog LoadEmbedded()
    {
        using var stream = typeof(IndicatorCatalog).Assembly.GetManifestResourceStream("CadrePipeline.Core.Indicators.indicators.json")
            ?? throw new InvalidOperationException("indicators.json resource missing");
        return Load(stream);
    }

    private static IndicatorDefinition ToDefinition(IndicatorDto dto)
    {
        if (string.IsNullOrWhiteSpace(dto.Id) || dto.Numerator is null)
        {
            throw new InvalidDataException("an indicator needs an id and a numerator");
        }

        var numerator = ToAggregation(dto.Numerator);
        var denominator = dto.Denominator is null ? null : ToAggregation(dto.Denominator);
        if (numerator.Aggregate == AggregateKind.Avg && denominator is not null)
        {
            throw new InvalidDataException("an average carries its own row count and takes no denominator");
        }

        var comparison = ParseEnum<TermComparison>(dto.Comparison ?? "none", "comparison");
        if (comparison != TermComparison.None && numerator.Term != TermScope.Current)
        {
            throw new InvalidDataException("a previous-term comparison needs a numerator scoped to the current term");
        }

        TargetDefinition? target = null;
        if (dto.Target is not null)
        {
            target = new TargetDefinition(dto.Target.Operator ?? ">=", dto.Target.Value);
            _ = target.IsMetBy(0m);
        }

        return new IndicatorDefinition
        {
            Id = dto.Id,
            NameZh = dto.NameZh ?? dto.Id,
            NameEn = dto.NameEn ?? dto.Id,
            Group = dto.Group ?? "",
            Unit = dto.Unit ?? "count",
            Factor = dto.Factor ?? 1m,
            Definition = dto.Definition ?? "",
            Numerator = numerator,
            Denominator = denominator,
            Target = target,
            Comparison = comparison,
            ByTownship = dto.ByTownship ?? true,
        };
    }

    private static AggregationDefinition ToAggregation(AggregationDto dto)
    {
        var kind = ParseEnum<AggregateKind>(dto.Aggregate ?? "", "aggregate");
        var needsField = kind is AggregateKind.Sum or AggregateKind.Avg or AggregateKind.CountDistinct;
        if (needsField && string.IsNullOrWhiteSpace(dto.Field))
        {
            throw new InvalidDataException($"aggregate '{dto.Aggregate}' needs a field");
        }

        if (kind != AggregateKind.CountUnits && string.IsNullOrWhiteSpace(dto.Form))
        {
            throw new InvalidDataException($"aggregate '{dto.Aggregate}' needs a form");
        }

        if (kind == AggregateKind.CountUnits && dto.Unit is not ("village" or "township"))
        {
            throw new InvalidDataException("countUnits needs unit 'village' or 'township'");
        }

        HavingClause? having = null;
        if (dto.Having is not null)
        {
            having = ParseHaving(dto.Having);
        }
        else if (kind == AggregateKind.CountUnits && dto.Form is not null)
        {
            having = new HavingClause(AggregateKind.Count, null, ">=", 1m);
        }

        var filter = dto.Filter ?? [];
        var unitFilter = dto.UnitFilter ?? [];
        return new AggregationDefinition
        {
            Form = dto.Form,
            Aggregate = kind,
            Field = dto.Field,
            FilterText = filter,
            Filter = FilterExpression.ParseAll(filter),
            Term = ParseEnum<TermScope>(dto.Term ?? "any", "term"),
            Unit = dto.Unit,
            UnitFilterText = unitFilter,
            UnitFilter = FilterExpression.ParseAll(unitFilter),
            Having = having,
        };
    }

    private static HavingClause ParseHaving(string text)
    {
        var m = HavingPattern().Match(text);
        if (!m.Success)
        {
            throw new InvalidDataException($"having \"{text}\": expected 'count OP n' or 'sum(field) OP n'");
        }

        var value = decimal.Parse(m.Groups["value"].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
        return m.Groups["field"].Success
            ? new HavingClause(AggregateKind.Sum, m.Groups["field"].Value, m.Groups["op"].Value, value)
            : new HavingClause(AggregateKind.Count, null, m.Groups["op"].Value, value);
    }

    private static T ParseEnum<T>(string text, string what)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var v) && Enum.IsDefined(v)
            ? v
            : throw new InvalidDataException($"unknown {what} '{text}'");

    [GeneratedRegex(@"^\s*(?:count|sum\((?<field>[A-Za-z_][A-Za-z0-9_]*)\))\s*(?<op>>=|<=|=|>|<)\s*(?<value>-?[0-9]+(?:\.[0-9]+)?)\s*$")]
    private static partial Regex HavingPattern();

    private sealed record CatalogFile(int SchemaVersion, TermSourceDto? Terms, List<IndicatorDto>? Indicators);

    private sealed record TermSourceDto(string? Form, string? Field);

    private sealed record IndicatorDto(
        string? Id,
        string? NameZh,
        string? NameEn,
        string? Group,
        string? Unit,
        decimal? Factor,
        string? Definition,
        AggregationDto? Numerator,
        AggregationDto? Denominator,
        TargetDto? Target,
        string? Comparison,
        bool? ByTownship);

    private sealed record AggregationDto(
        string? Form,
        string? Aggregate,
        string? Field,
        List<string>? Filter,
        string? Term,
        string? Unit,
        List<string>? UnitFilter,
        string? Having);

    private sealed record TargetDto(string? Operator, decimal Value);
}
