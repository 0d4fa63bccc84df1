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
        return ComputePartials(countyCode, period, form => recordsByForm.GetValueOrDefault(form) ?? NoRows, register);
    }

    /// <summary>
    /// As the overload over lists, with the rows streamed: <paramref name="rowsOf"/> enumerates the current rows of one
    /// form (it is asked once per form, and twice for the form that carries the term). Each row is resolved once and
    /// handed to every aggregation of its form, so memory holds sums, not rows.
    /// </summary>
    public IReadOnlyList<IndicatorPartial> ComputePartials(
        string countyCode,
        int period,
        Func<string, IEnumerable<NormalizedRecord>> rowsOf,
        VillageRegister register)
    {
        ArgumentNullException.ThrowIfNull(rowsOf);
        ArgumentNullException.ThrowIfNull(register);

        var (currentTerm, previousTerm) = FindTerms(rowsOf(Catalog.TermForm), period);
        var units = new UnitIndex(register);
        var townships = register.Townships.Select(t => t.Code).Order(StringComparer.Ordinal).ToList();

        // One accumulator per aggregation that reads rows, grouped by its form; the rest need only the register.
        var plans = new List<(IndicatorDefinition Def, Plan Current, Plan? Previous)>(Catalog.Indicators.Count);
        var byForm = new Dictionary<string, List<Accumulator>>(StringComparer.Ordinal);
        var rowCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var def in Catalog.Indicators)
        {
            foreach (var f in def.Forms)
            {
                rowCounts.TryAdd(f, 0);
            }

            var current = PlanFor(def, period, currentTerm, units, byForm);
            var previous = def.Comparison != TermComparison.None && previousTerm is not null
                ? PlanFor(def, period, previousTerm, units, byForm)
                : null;
            plans.Add((def, current, previous));
        }

        foreach (var form in rowCounts.Keys.Union(byForm.Keys).ToList())
        {
            var accumulators = byForm.GetValueOrDefault(form);
            long n = 0;
            foreach (var record in rowsOf(form))
            {
                n++;
                if (accumulators is null)
                {
                    continue;
                }

                var row = RowView.Resolve(record, register);
                foreach (var a in accumulators)
                {
                    a.Add(row);
                }
            }

            rowCounts[form] = n;
        }

        var county = new List<IndicatorPartial>(Catalog.Indicators.Count);
        var byTownship = new List<IndicatorPartial>();
        foreach (var (def, currentPlan, previousPlan) in plans)
        {
            var hasData = def.Forms.All(f => rowCounts.GetValueOrDefault(f) > 0)
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

            var current = currentPlan.Finish();
            var previous = previousPlan?.Finish();
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

    private (int? Current, int? Previous) FindTerms(IEnumerable<NormalizedRecord> termRows, int period)
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

    /// <summary>The numerator and denominator of one indicator for one term, as accumulators still to be fed.</summary>
    private sealed class Plan(Accumulator numerator, Accumulator? denominator, bool averageDenominator)
    {
        public Sums Finish()
        {
            var n = numerator.Finish();
            var d = denominator is not null ? denominator.Finish() : averageDenominator ? n.Counts() : Totals.Zero;
            return new Sums(n, d);
        }
    }

    private Plan PlanFor(IndicatorDefinition def, int period, int? term, UnitIndex units, Dictionary<string, List<Accumulator>> byForm)
    {
        var context = new FilterContext(period, term);
        var numerator = Register(new Accumulator(this, def.Numerator, context, term, units), byForm);
        var denominator = def.Denominator is { } d ? Register(new Accumulator(this, d, context, term, units), byForm) : null;
        return new Plan(numerator, denominator, def.Numerator.Aggregate == AggregateKind.Avg);
    }

    private static Accumulator Register(Accumulator a, Dictionary<string, List<Accumulator>> byForm)
    {
        if (a.Form is { } form)
        {
            if (!byForm.TryGetValue(form, out var list))
            {
                byForm[form] = list = [];
            }

            list.Add(a);
        }

        return a;
    }

    /// <summary>One aggregation of one term, fed row by row.</summary>
    private sealed class Accumulator
    {
        private readonly IndicatorEngine _engine;
        private readonly AggregationDefinition _agg;
        private readonly FilterContext _context;
        private readonly decimal? _termValue;
        private readonly RowCursor _cursor;
        private readonly Totals _totals = new();
        private readonly HashSet<object>? _distinct;
        private readonly Dictionary<string, HashSet<object>>? _distinctByTownship;
        private readonly Dictionary<string, Unit>? _candidates;
        private readonly Dictionary<string, (decimal Count, decimal Sum)>? _unitSums;

        public Accumulator(IndicatorEngine engine, AggregationDefinition agg, FilterContext context, int? term, UnitIndex units)
        {
            _engine = engine;
            _agg = agg;
            _context = context;
            _termValue = agg.Term == TermScope.Current && term is { } t ? t : null;
            _cursor = new RowCursor(agg.Term == TermScope.Current && term is { } y ? y : context.Period);
            if (agg.Aggregate == AggregateKind.CountDistinct)
            {
                _distinct = [];
                _distinctByTownship = new Dictionary<string, HashSet<object>>(StringComparer.Ordinal);
            }

            if (agg.Aggregate == AggregateKind.CountUnits)
            {
                _candidates = units.Select(agg.Unit!, agg.UnitFilter, context);
                _unitSums = new Dictionary<string, (decimal Count, decimal Sum)>(StringComparer.Ordinal);
            }

            // Units counted from the register alone read no rows.
            Form = agg.Aggregate == AggregateKind.CountUnits && agg.Having is null ? null : agg.Form;
        }

        public string? Form { get; }

        public void Add(RowView row)
        {
            _cursor.Row = row;
            if (_candidates is not null)
            {
                var unitCode = _agg.Unit == "village" ? row.Village : row.Township;
                if (unitCode is null || !_candidates.ContainsKey(unitCode) || !_engine.Passes(_agg, row, _termValue, _cursor, _context))
                {
                    return;
                }

                var acc = _unitSums!.GetValueOrDefault(unitCode);
                var add = _agg.Having!.Field is { } f ? _cursor.Get(f) as decimal? ?? 0m : 0m;
                _unitSums![unitCode] = (acc.Count + 1m, acc.Sum + add);
                return;
            }

            if (!_engine.Passes(_agg, row, _termValue, _cursor, _context))
            {
                return;
            }

            switch (_agg.Aggregate)
            {
                case AggregateKind.Count:
                    _totals.Add(row.Township, 1m, 1m);
                    break;
                case AggregateKind.Sum:
                case AggregateKind.Avg:
                    var v = _cursor.Get(_agg.Field!) as decimal?;
                    if (_agg.Aggregate == AggregateKind.Avg && v is null)
                    {
                        return; // a blank is not averaged as 0
                    }

                    _totals.Add(row.Township, v ?? 0m, 1m);
                    break;
                case AggregateKind.CountDistinct:
                    if (_cursor.Get(_agg.Field!) is not { } key || (key is string s && s.Length == 0))
                    {
                        return;
                    }

                    if (_distinct!.Add(key))
                    {
                        _totals.Add(null, 1m, 1m);
                    }

                    if (row.Township is { } tw)
                    {
                        if (!_distinctByTownship!.TryGetValue(tw, out var set))
                        {
                            _distinctByTownship[tw] = set = [];
                        }

                        if (set.Add(key))
                        {
                            _totals.AddTownshipOnly(tw, 1m, 1m);
                        }
                    }

                    break;
            }
        }

        public Totals Finish()
        {
            if (_candidates is null)
            {
                return _totals;
            }

            var totals = new Totals();
            if (_agg.Form is null || _agg.Having is null)
            {
                foreach (var u in _candidates.Values)
                {
                    totals.Add(u.Township, 1m, 1m);
                }

                return totals;
            }

            foreach (var (code, acc) in _unitSums!)
            {
                var measure = _agg.Having!.Aggregate == AggregateKind.Count ? acc.Count : acc.Sum;
                if (_agg.Having.IsMetBy(measure))
                {
                    totals.Add(_candidates[code].Township, 1m, 1m);
                }
            }

            return totals;
        }
    }

    private bool Passes(AggregationDefinition agg, RowView row, decimal? termValue, RowCursor cursor, FilterContext context)
    {
        if (agg.Term == TermScope.Current && (termValue is null || row.Record.GetDecimal(Catalog.TermField) != termValue))
        {
            return false;
        }

        return agg.Filter is null || agg.Filter.Evaluate(cursor, context);
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
