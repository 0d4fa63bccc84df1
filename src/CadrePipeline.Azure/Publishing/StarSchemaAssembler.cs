using CadrePipeline.Azure.Completeness;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Publishing;

namespace CadrePipeline.Azure.Publishing;

/// <summary>
/// Builds the whole star schema from the stores: areas from the catalogue and the counties' current registers;
/// indicator values of every level the catalogue produces (township, county, city and any level above, read from
/// each parent's partition); the ledger and completeness, for every active period. Village-level values are not
/// produced (villages are DimArea rows only). Aggregates only:
/// nothing here carries a name or an ID number.
/// </summary>
public sealed class StarSchemaAssembler(
    AreaCatalog areas,
    IndicatorCatalog indicators,
    IndicatorStore store,
    IndicatorEngine engine,
    SubmissionLedger ledger,
    CountyAggregator aggregator,
    CompletenessService completeness)
{
    public Task<StarSchema> BuildAsync(CancellationToken cancellationToken) => BuildAsync(null, cancellationToken);

    /// <summary>
    /// Builds the schema. Each county's ledger and pointers come from one query of its partition; the partials from
    /// <paramref name="snapshot"/> (what the recalculation just read and wrote) where it has them, else one query per
    /// parent partition.
    /// </summary>
    public async Task<StarSchema> BuildAsync(RecalculationSnapshot? snapshot, CancellationToken cancellationToken)
    {
        var counties = await Task.WhenAll(areas.Counties.Select(async c => (County: c, State: await ledger.ReadCountyAsync(c.Code, cancellationToken))));
        var periods = counties.SelectMany(c => c.State.Current).Where(d => d.Forms.Count > 0).Select(d => d.Period).Distinct().Order().ToList();
        var partitions = new Dictionary<(int, string), List<PartialsDocument>>(snapshot?.Partitions ?? []);
        async Task<List<PartialsDocument>> PartitionAsync(int period, string parent)
        {
            if (!partitions.TryGetValue((period, parent), out var docs))
            {
                partitions[(period, parent)] = docs = await store.ListPartitionAsync(period, parent, cancellationToken);
            }

            return docs;
        }

        var dimArea = new Dictionary<string, DimAreaRow>(StringComparer.Ordinal);
        foreach (var a in areas.Areas)
        {
            dimArea[a.Code] = a.ToRow(a.Level == AreaLevel.County ? a.Code : null);
        }

        var facts = new List<FactIndicatorValueRow>();
        var submissions = new List<FactSubmissionRow>();
        var completenessRows = new List<FactCompletenessRow>();
        var dimPeriod = new List<DimPeriodRow>();
        foreach (var period in periods)
        {
            var currentByCounty = new Dictionary<string, CurrentFormsDocument>(StringComparer.Ordinal);
            foreach (var (county, state) in counties)
            {
                var current = state.Current.FirstOrDefault(d => d.Period == period)
                    ?? new CurrentFormsDocument { CountyCode = county.Code, Period = period };
                currentByCounty[county.Code] = current;
                var register = await aggregator.LoadRegisterAsync(current, cancellationToken);
                var townships = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (code, name) in register.Townships)
                {
                    townships.Add(code);
                    dimArea.TryAdd(code, new DimAreaRow(code, name, code, "township", county.Code, county.Code, false));
                }

                foreach (var v in register.Villages)
                {
                    dimArea.TryAdd(v.VillageCode, new DimAreaRow(v.VillageCode, v.VillageName, v.VillageCode, "village", v.TownshipCode, county.Code, v.KeyVillage));
                }

                // A county's document (in its parent's partition) holds its townships' partials.
                var countyDoc = (await PartitionAsync(period, store.ParentOf(county.Code))).FirstOrDefault(d => d.AreaCode == county.Code);
                if (countyDoc is not null)
                {
                    AddFacts(facts, store.TownshipsOf(countyDoc), townships);
                }

                foreach (var s in state.Submissions.Where(s => s.Period == period))
                {
                    submissions.AddRange(ToRows(s));
                }
            }

            // Every catalogue area (county, city, province, …) lives in its parent's partition; the roots in RootParent's.
            int? term = null;
            foreach (var group in areas.Areas.GroupBy(a => a.ParentCode ?? RecalculationService.RootParent))
            {
                var codes = group.Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
                var docs = (await PartitionAsync(period, group.Key)).SelectMany(store.Own).ToList();
                AddFacts(facts, docs, codes);
                if (group.Key == RecalculationService.RootParent)
                {
                    term = docs.Where(d => codes.Contains(d.AreaCode)).Select(d => d.Term).Max();
                }
            }

            dimPeriod.Add(new DimPeriodRow(period, period, term));
            completenessRows.AddRange(completeness.Compute(period, currentByCounty)
                .Select(c => new FactCompletenessRow(c.CountyCode, c.Period, c.Form, c.Submitted, c.OnTime, c.LastSubmissionAtUtc?.UtcDateTime)));
        }

        return new StarSchema
        {
            DimArea = [.. dimArea.Values],
            DimIndicator = [.. indicators.Indicators.Select(ToRow)],
            DimPeriod = dimPeriod,
            FactIndicatorValue = facts,
            FactSubmission = submissions,
            FactCompleteness = completenessRows,
        };
    }

    /// <summary>
    /// The published rows of a partition's documents: only areas in <paramref name="areaCodes"/>, only indicators with
    /// data (a county that submitted no such form has no value, and so no row), each re-evaluated from its partials so
    /// that Value, Denominator and the term columns follow the catalogue as it is now.
    /// </summary>
    private void AddFacts(List<FactIndicatorValueRow> facts, IEnumerable<IndicatorDocument> docs, HashSet<string> areaCodes)
    {
        foreach (var d in docs)
        {
            if (d.HasData && areaCodes.Contains(d.AreaCode) && indicators.Find(d.IndicatorId) is not null)
            {
                facts.Add(engine.Evaluate(d.ToPartial(), d.ComputedAtUtc).ToRow());
            }
        }
    }

    /// <summary>One FactSubmission row per upload (its grain); Form lists the forms it delivered, comma-separated.</summary>
    private static IEnumerable<FactSubmissionRow> ToRows(SubmissionDocument s)
    {
        var forms = string.Join(',', s.Forms.Select(f => f.Form).Distinct().Order(StringComparer.Ordinal));
        yield return new FactSubmissionRow(
            s.Id, s.CountyCode, s.Period, forms, s.FileName, s.ReceivedAtUtc.UtcDateTime, s.Status.ToString().ToLowerInvariant(),
            s.RowsRead, s.RowsAccepted, s.Errors, s.Warnings, s.SupersededBy);
    }

    private static DimIndicatorRow ToRow(IndicatorDefinition d) => new(
        d.Id, d.NameZh, d.NameEn, d.Group, d.Unit, (double)d.Factor, d.Target?.Operator, d.Target is null ? null : (double)d.Target.Value, d.Definition);
}
