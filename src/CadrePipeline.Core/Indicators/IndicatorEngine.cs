using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators.Filters;
using CadrePipeline.Core.Records;

namespace CadrePipeline.Core.Indicators;

/// <summary>
/// Evaluates the indicator catalogue: county (and township) partial sums from a county's normalized rows,
/// rollups of partials to any parent area, and values from partials. Generic over the catalogue: there is
/// no code per indicator.
/// </summary>
public sealed class IndicatorEngine
{
    private static readonly IReadOnlyList<NormalizedRecord> NoRows = [];

    public IndicatorEngine(IndicatorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
    }

    public IndicatorCatalog Catalog { get; }

    /// <summary>
    /// The partials of every indicator for one county and period: one per indicator with
    /// <c>AreaCode = countyCode</c>, then, for indicators whose forms carry a township, one per township of
    /// the register (<c>AreaCode</c> = 9-digit township code). Rows whose township does not resolve count only
    /// at county level. An indicator whose form has no rows for the county gets <c>HasData = false</c>.
    /// </summary>
    /// <param name="countyCode">The county's 6-digit code.</param>
    /// <param name="period">The reporting year.</param>
    /// <param name="recordsByForm">The county's current accepted rows by form id (village secretaries: all terms).</param>
    /// <param name="register">The county's village register (may be empty).</param>
    public IReadOnlyList<IndicatorPartial> ComputePartials(
        string countyCode,
        int period,
        IReadOnlyDictionary<string, IReadOnlyList<NormalizedRecord>> recordsByForm,
        VillageRegister register)
    {
        ArgumentNullException.ThrowIfNull(recordsByForm);
        ArgumentNullException.ThrowIfNull(register);

        var (currentTerm, previousTerm) = FindTerms(recordsByForm.GetValueOrDefault(Catalog.TermForm) ?? NoRows, period);
        var rowsByForm = new Dictionary<string, RowView[]>(StringComparer.Ordinal);
        var units = new UnitIndex(register);
        var townships = register.Townships.Select(t => t.Code).Order(StringComparer.Ordinal).ToList();

        var county = new List<IndicatorPartial>(Catalog.Indicators.Count);
        var byTownship = new List<IndicatorPartial>();
        foreach (var def in Catalog.Indicators)
        {
            var hasData = def.Forms.All(f => recordsByForm.TryGetValue(f, out var rows) && rows.Count > 0)
                && (!def.UsesTerm || currentTerm is not null);
            if (!hasData)
            {
                county.Add(Empty(countyCode, period, def.Id));
                if (def.ByTownship)
                {
                    byTownship.AddRange(townships.Select(t => Empty(t, period, def.Id)));
                }

                continue;
            }

            var current = Compute(def, period, currentTerm, recordsByForm, rowsByForm, register, units);
            Sums? previous = def.Comparison != TermComparison.None && previousTerm is not null
                ? Compute(def, period, previousTerm, recordsByForm, rowsByForm, register, units)
                : null;
            var term = def.UsesTerm ? currentTerm : null;
            county.Add(ToPartial(countyCode, period, def.Id, term, current.Numerator.Total, current.Denominator.Total, previous?.Numerator.Total, previous?.Denominator.Total, previousTerm));
            if (def.ByTownship)
            {
                foreach (var t in townships)
                {
                    byTownship.Add(ToPartial(
                        t, period, def.Id, term,
                        current.Numerator.For(t), current.Denominator.For(t),
                        previous?.Numerator.For(t), previous?.Denominator.For(t), previousTerm));
                }
            }
        }

        county.AddRange(byTownship);
        return county;
    }

    /// <summary>A parent's partials: the element-wise sum of its children's, per indicator (order of first appearance).</summary>
    /// <exception cref="ArgumentException">Two partials of one indicator belong to different periods.</exception>
    public static IReadOnlyList<IndicatorPartial> Rollup(string parentCode, IEnumerable<IndicatorPartial> childPartials)
    {
        ArgumentNullException.ThrowIfNull(childPartials);
        var sums = new Dictionary<string, IndicatorPartial>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var p in childPartials)
        {
            if (sums.TryGetValue(p.IndicatorId, out var acc))
            {
                if (acc.Period != p.Period)
                {
                    throw new ArgumentException($"indicator {p.IndicatorId}: periods {acc.Period} and {p.Period} cannot be summed", nameof(childPartials));
                }

                sums[p.IndicatorId] = acc.Add(p, parentCode);
            }
            else
            {
                sums[p.IndicatorId] = p with { AreaCode = parentCode };
                order.Add(p.IndicatorId);
            }
        }

        return order.Select(id => sums[id]).ToList();
    }

    /// <summary>
    /// The value of a partial: factor × numerator ÷ denominator for a rate, sum ÷ count for an average, factor ×
    /// numerator for a count or sum. A zero denominator or missing data gives <c>Value = null</c>. Full precision.
    /// </summary>
    /// <exception cref="ArgumentException">The partial's indicator is not in the catalogue.</exception>
    public IndicatorValue Evaluate(IndicatorPartial partial, DateTimeOffset computedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(partial);
        var def = Catalog.Find(partial.IndicatorId)
            ?? throw new ArgumentException($"unknown indicator '{partial.IndicatorId}'", nameof(partial));

        var current = partial.HasData ? ValueOf(def, partial.Numerator, partial.Denominator) : null;
        var previous = partial.HasData && partial.PreviousNumerator is { } pn
            ? ValueOf(def, pn, partial.PreviousDenominator ?? 0m)
            : null;
        var change = current - previous;
        var value = def.Comparison == TermComparison.Change ? change : current;
        var hasDenominator = def.Denominator is not null || def.Numerator.Aggregate == AggregateKind.Avg;

        return new IndicatorValue
        {
            AreaCode = partial.AreaCode,
            Period = partial.Period,
            IndicatorId = partial.IndicatorId,
            Value = value,
            Numerator = partial.Numerator,
            Denominator = hasDenominator ? partial.Denominator : null,
            TargetValue = def.Target?.Value,
            MeetsTarget = def.Target is { } target && value is { } v ? target.IsMetBy(v) : null,
            PreviousValue = def.Comparison == TermComparison.None ? null : previous,
            Change = def.Comparison == TermComparison.None ? null : change,
            ComputedAtUtc = computedAtUtc,
            Term = partial.Term,
            PreviousTerm = partial.PreviousTerm,
        };
    }

    /// <summary>Evaluates many partials (e.g. the output of <see cref="Rollup"/>).</summary>
    public IReadOnlyList<IndicatorValue> EvaluateAll(IEnumerable<IndicatorPartial> partials, DateTimeOffset computedAtUtc) =>
        partials.Select(p => Evaluate(p, computedAtUtc)).ToList();

    private static decimal? ValueOf(IndicatorDefinition def, decimal numerator, decimal denominator)
    {
        if (def.Denominator is null && def.Numerator.Aggregate != AggregateKind.Avg)
        {
            return def.Factor * numerator;
        }

        return denominator == 0m ? null : def.Factor * numerator / denominator;
    }

    private static IndicatorPartial Empty(string area, int period, string id) => new()
    {
        AreaCode = area,
        Period = period,
        IndicatorId = id,
        HasData = false,
    };

    private static IndicatorPartial ToPartial(
        string area, int period, string id, int? term, decimal numerator, decimal denominator,
        decimal? previousNumerator, decimal? previousDenominator, int? previousTerm) => new()
        {
            AreaCode = area,
            Period = period,
            IndicatorId = id,
            Numerator = numerator,
            Denominator = denominator,
            Term = term,
            PreviousNumerator = previousNumerator,
            PreviousDenominator = previousNumerator is null ? null : previousDenominator,
            PreviousTerm = previousNumerator is null ? null : previousTerm,
        };

    private (int? Current, int? Previous) FindTerms(IReadOnlyList<NormalizedRecord> termRows, int period)
    {
        var terms = new SortedSet<int>();
        foreach (var r in termRows)
        {
            if (r.GetDecimal(Catalog.TermField) is { } t && t == decimal.Truncate(t) && t <= period)
            {
                terms.Add((int)t);
            }
        }

        if (terms.Count == 0)
        {
            return (null, null);
        }

        var current = terms.Max;
        var previous = terms.GetViewBetween(int.MinValue, current - 1);
        return (current, previous.Count == 0 ? null : previous.Max);
    }

    private Sums Compute(
        IndicatorDefinition def, int period, int? term,
        IReadOnlyDictionary<string, IReadOnlyList<NormalizedRecord>> recordsByForm,
        Dictionary<string, RowView[]> rowsByForm, VillageRegister register, UnitIndex units)
    {
        var context = new FilterContext(period, term);
        var numerator = Aggregate(def.Numerator, context, term, recordsByForm, rowsByForm, register, units);
        var denominator = def.Denominator is { } d
            ? Aggregate(d, context, term, recordsByForm, rowsByForm, register, units)
            : def.Numerator.Aggregate == AggregateKind.Avg ? numerator.Counts() : Totals.Zero;
        return new Sums(numerator, denominator);
    }

    private Totals Aggregate(
        AggregationDefinition agg, FilterContext context, int? term,
        IReadOnlyDictionary<string, IReadOnlyList<NormalizedRecord>> recordsByForm,
        Dictionary<string, RowView[]> rowsByForm, VillageRegister register, UnitIndex units)
    {
        var rows = agg.Form is null ? [] : Rows(agg.Form, recordsByForm, rowsByForm, register);
        var termValue = agg.Term == TermScope.Current && term is { } t ? (decimal?)t : null;
        var cursor = new RowCursor(agg.Term == TermScope.Current && term is { } y ? y : context.Period);
        if (agg.Aggregate == AggregateKind.CountUnits)
        {
            return CountUnits(agg, context, rows, termValue, cursor, units);
        }

        var totals = new Totals();
        var distinct = agg.Aggregate == AggregateKind.CountDistinct ? new HashSet<object>() : null;
        var distinctByTownship = distinct is null ? null : new Dictionary<string, HashSet<object>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            cursor.Row = row;
            if (!Passes(agg, row, termValue, cursor, context))
            {
                continue;
            }

            switch (agg.Aggregate)
            {
                case AggregateKind.Count:
                    totals.Add(row.Township, 1m, 1m);
                    break;
                case AggregateKind.Sum:
                case AggregateKind.Avg:
                    var v = cursor.Get(agg.Field!) as decimal?;
                    if (agg.Aggregate == AggregateKind.Avg && v is null)
                    {
                        continue; // a blank is not averaged as 0
                    }

                    totals.Add(row.Township, v ?? 0m, 1m);
                    break;
                case AggregateKind.CountDistinct:
                    if (cursor.Get(agg.Field!) is not { } key || (key is string s && s.Length == 0))
                    {
                        continue;
                    }

                    if (distinct!.Add(key))
                    {
                        totals.Add(null, 1m, 1m);
                    }

                    if (row.Township is { } tw)
                    {
                        if (!distinctByTownship!.TryGetValue(tw, out var set))
                        {
                            distinctByTownship[tw] = set = [];
                        }

                        if (set.Add(key))
                        {
                            totals.AddTownshipOnly(tw, 1m, 1m);
                        }
                    }

                    break;
            }
        }

        return totals;
    }

    private Totals CountUnits(
        AggregationDefinition agg, FilterContext context, RowView[] rows, decimal? termValue, RowCursor cursor, UnitIndex units)
    {
        var candidates = units.Select(agg.Unit!, agg.UnitFilter, context);
        var totals = new Totals();
        if (agg.Form is null || agg.Having is null)
        {
            foreach (var u in candidates.Values)
            {
                totals.Add(u.Township, 1m, 1m);
            }

            return totals;
        }

        var sums = new Dictionary<string, (decimal Count, decimal Sum)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var unitCode = agg.Unit == "village" ? row.Village : row.Township;
            if (unitCode is null || !candidates.ContainsKey(unitCode))
            {
                continue;
            }

            cursor.Row = row;
            if (!Passes(agg, row, termValue, cursor, context))
            {
                continue;
            }

            var acc = sums.GetValueOrDefault(unitCode);
            var add = agg.Having.Field is { } f ? cursor.Get(f) as decimal? ?? 0m : 0m;
            sums[unitCode] = (acc.Count + 1m, acc.Sum + add);
        }

        foreach (var (code, acc) in sums)
        {
            var measure = agg.Having.Aggregate == AggregateKind.Count ? acc.Count : acc.Sum;
            if (agg.Having.IsMetBy(measure))
            {
                totals.Add(candidates[code].Township, 1m, 1m);
            }
        }

        return totals;
    }

    private bool Passes(AggregationDefinition agg, RowView row, decimal? termValue, RowCursor cursor, FilterContext context)
    {
        if (agg.Term == TermScope.Current && (termValue is null || row.Record.GetDecimal(Catalog.TermField) != termValue))
        {
            return false;
        }

        return agg.Filter is null || agg.Filter.Evaluate(cursor, context);
    }

    private static RowView[] Rows(
        string form,
        IReadOnlyDictionary<string, IReadOnlyList<NormalizedRecord>> recordsByForm,
        Dictionary<string, RowView[]> cache,
        VillageRegister register)
    {
        if (cache.TryGetValue(form, out var rows))
        {
            return rows;
        }

        var records = recordsByForm.GetValueOrDefault(form) ?? NoRows;
        rows = new RowView[records.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = RowView.Resolve(records[i], register);
        }

        cache[form] = rows;
        return rows;
    }

    private sealed record Sums(Totals Numerator, Totals Denominator);

    /// <summary>A county total and per-township totals of one aggregation (value, and row count for averages).</summary>
    private sealed class Totals
    {
        public static readonly Totals Zero = new();

        private readonly Dictionary<string, (decimal Value, decimal Count)> _byTownship = new(StringComparer.Ordinal);

        public decimal Total { get; private set; }

        public decimal Count { get; private set; }

        public void Add(string? township, decimal value, decimal count)
        {
            Total += value;
            Count += count;
            if (township is not null)
            {
                AddTownshipOnly(township, value, count);
            }
        }

        public void AddTownshipOnly(string township, decimal value, decimal count)
        {
            var acc = _byTownship.GetValueOrDefault(township);
            _byTownship[township] = (acc.Value + value, acc.Count + count);
        }

        public decimal For(string township) => _byTownship.GetValueOrDefault(township).Value;

        /// <summary>The row counts as values: the denominator of an average.</summary>
        public Totals Counts()
        {
            var c = new Totals { Total = Count, Count = Count };
            foreach (var (t, acc) in _byTownship)
            {
                c._byTownship[t] = (acc.Count, acc.Count);
            }

            return c;
        }
    }

    /// <summary>A record with its township and village resolved against the register once.</summary>
    private sealed record RowView(NormalizedRecord Record, string? Township, string? Village)
    {
        public static RowView Resolve(NormalizedRecord record, VillageRegister register)
        {
            var township = register.ResolveTownship(record.GetString("townshipCode"))
                ?? register.ResolveTownship(record.GetString("township"));
            var village = register.ResolveVillage(township, record.GetString("villageCode"))
                ?? register.ResolveVillage(township ?? record.GetString("township"), record.GetString("village"));
            if (township is null && village is not null)
            {
                township = register.FindVillage(village)?.TownshipCode;
            }

            return new RowView(record, township, village);
        }
    }

    /// <summary>
    /// The field source filters see for a row: the record's fields plus the derived fields <c>age</c> (full years
    /// on 1 January of the reference year), <c>resolvedTownship</c> and <c>resolvedVillage</c> (the register code,
    /// or the text as written when it does not resolve).
    /// </summary>
    private sealed class RowCursor(int ageReferenceYear) : IFieldSource
    {
        public RowView Row { get; set; } = null!;

        public object? Get(string field) => field switch
        {
            "age" => Row.Record.GetDate("birthDate") is { } b ? (decimal)AgeOn(b, ageReferenceYear) : null,
            "resolvedTownship" => Row.Township ?? Blank(Row.Record.GetString("township")),
            "resolvedVillage" => Row.Village ?? Blank(Row.Record.GetString("village")),
            _ => Row.Record[field],
        };

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
    }

    /// <summary>Full years on 1 January of <paramref name="year"/>.</summary>
    internal static int AgeOn(DateOnly birthDate, int year) =>
        year - birthDate.Year - (birthDate.Month == 1 && birthDate.Day == 1 ? 0 : 1);

    /// <summary>The register's villages and townships as units for <see cref="AggregateKind.CountUnits"/>.</summary>
    private sealed class UnitIndex(VillageRegister register)
    {
        private readonly Dictionary<(string, FilterExpression?), Dictionary<string, Unit>> _cache = [];

        public Dictionary<string, Unit> Select(string unit, FilterExpression? filter, FilterContext context)
        {
            if (_cache.TryGetValue((unit, filter), out var selected))
            {
                return selected;
            }

            selected = new Dictionary<string, Unit>(StringComparer.Ordinal);
            foreach (var v in register.Villages)
            {
                var source = new VillageSource(v);
                if (filter is not null && !filter.Evaluate(source, context))
                {
                    continue;
                }

                if (unit == "village")
                {
                    selected[v.VillageCode] = new Unit(v.TownshipCode);
                }
                else
                {
                    selected.TryAdd(v.TownshipCode, new Unit(v.TownshipCode));
                }
            }

            _cache[(unit, filter)] = selected;
            return selected;
        }
    }

    private sealed record Unit(string Township);

    private sealed class VillageSource(RegisteredVillage village) : IFieldSource
    {
        public object? Get(string field) => field switch
        {
            "keyVillage" => village.KeyVillage,
            "relocationHeavy" => village.RelocationHeavy,
            "villageCode" => village.VillageCode,
            "townshipCode" => village.TownshipCode,
            "village" => village.VillageName,
            "township" => village.TownshipName,
            "county" => village.CountyCode,
            _ => null,
        };
    }
}
