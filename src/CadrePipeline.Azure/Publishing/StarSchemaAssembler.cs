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
/// Builds the whole star schema from the stores: areas from the catalogue and the counties' current registers,
/// indicator values of every area level, the ledger and completeness, for every active period. Aggregates only:
/// nothing here carries a name or an ID number.
/// </summary>
public sealed class StarSchemaAssembler(
    AreaCatalog areas,
    IndicatorCatalog indicators,
    IndicatorStore store,
    SubmissionLedger ledger,
    CountyAggregator aggregator,
    CompletenessService completeness)
{
    public async Task<StarSchema> BuildAsync(CancellationToken cancellationToken)
    {
        var periods = await ledger.ActivePeriodsAsync(areas.Counties.Select(c => c.Code), cancellationToken);
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
            foreach (var county in areas.Counties)
            {
                var register = await aggregator.LoadRegisterAsync(county.Code, period, cancellationToken);
                foreach (var (code, name) in register.Townships)
                {
                    dimArea.TryAdd(code, new DimAreaRow(code, name, code, "township", county.Code, county.Code, false));
                }

                foreach (var v in register.Villages)
                {
                    dimArea.TryAdd(v.VillageCode, new DimAreaRow(v.VillageCode, v.VillageName, v.VillageCode, "village", v.TownshipCode, county.Code, v.KeyVillage));
                }

                facts.AddRange((await store.ListChildrenAsync(period, county.Code, cancellationToken)).Select(d => d.ToValue().ToRow()));
                foreach (var s in await ledger.ListAsync(county.Code, period, cancellationToken))
                {
                    submissions.AddRange(ToRows(s));
                }
            }

            int? term = null;
            foreach (var parent in areas.Areas.Where(a => a.Level < AreaLevel.County).Select(a => a.ParentCode ?? RecalculationService.RootParent).Distinct())
            {
                var docs = await store.ListChildrenAsync(period, parent, cancellationToken);
                facts.AddRange(docs.Where(d => areas.Find(d.AreaCode) is not null).Select(d => d.ToValue().ToRow()));
                term ??= docs.Where(d => d.ParentCode == RecalculationService.RootParent || parent == RecalculationService.RootParent).Select(d => d.Term).Max();
            }

            dimPeriod.Add(new DimPeriodRow(period, period, term));
            completenessRows.AddRange((await completeness.ComputeAsync(period, cancellationToken))
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
