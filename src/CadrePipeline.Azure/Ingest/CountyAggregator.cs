using Azure.Storage.Blobs;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Storage;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Records;
using Microsoft.Extensions.Logging;

namespace CadrePipeline.Azure.Ingest;

/// <summary>
/// Recomputes a county's additive partials from all of its current accepted records, whatever the order in which
/// its forms arrived, and upserts them (county and township level) into Cosmos.
/// </summary>
public sealed class CountyAggregator(
    BlobServiceClient blobs,
    BlobLayout layout,
    SubmissionLedger ledger,
    IndicatorStore indicators,
    IndicatorEngine engine,
    FormCatalog forms,
    AreaCatalog areas,
    CrossCountyCheck persons,
    TimeProvider time,
    ILogger<CountyAggregator> logger)
{
    // The form whose accepted upload is the county's village register, as forms.json declares it.
    private string AreasForm => forms.RegisterFormId ?? "areas";

    /// <summary>The county's current village register for the period (empty when none was accepted).</summary>
    public async Task<VillageRegister> LoadRegisterAsync(string county, int period, CancellationToken cancellationToken)
    {
        var (current, _) = await ledger.GetCurrentAsync(county, period, cancellationToken);
        return current.Forms.TryGetValue(AreasForm, out var f)
            ? VillageRegister.FromRecords(county, await ReadCuratedAsync(f.CuratedPath, cancellationToken))
            : VillageRegister.Empty(county);
    }

    /// <summary>
    /// Recomputes and stores the county's partials. If the county's current forms changed while it ran (another
    /// upload of the same county), it runs again, so the last writer always leaves partials of the latest state.
    /// </summary>
    public async Task<IReadOnlyList<IndicatorPartial>> RecomputeAsync(string county, int period, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            var (current, _) = await ledger.GetCurrentAsync(county, period, cancellationToken);
            var byForm = new Dictionary<string, List<NormalizedRecord>>(StringComparer.Ordinal);
            var index = new PersonIndex();
            foreach (var (formKey, f) in current.Forms.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var form = FormKeys.FormOf(formKey);
                if (!byForm.TryGetValue(form, out var list))
                {
                    byForm[form] = list = [];
                }

                var records = await ReadCuratedAsync(f.CuratedPath, cancellationToken);
                list.AddRange(records);
                var people = records.Where(r => r.PersonKey is not null && r.PersonCell is not null)
                    .GroupBy(r => r.PersonKey!, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => new PersonEntry(f.SubmissionId, f.FileName, g.First().Sheet, g.First().PersonCell!, g.First().Row, g.First().PersonMasked), StringComparer.Ordinal);
                if (people.Count > 0)
                {
                    index.Forms[formKey] = people;
                }
            }

            await persons.WriteIndexAsync(county, period, index, cancellationToken);

            var register = byForm.TryGetValue(AreasForm, out var areaRecords)
                ? VillageRegister.FromRecords(county, areaRecords)
                : VillageRegister.Empty(county);
            var partials = engine.ComputePartials(
                county, period, byForm.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<NormalizedRecord>)kv.Value), register);

            var now = time.GetUtcNow();
            var sources = current.Forms.Values.Select(f => f.SubmissionId).Distinct().Order(StringComparer.Ordinal).ToList();
            var cityCode = areas.Find(county)?.ParentCode ?? county;
            var docs = partials.Select(p => p.AreaCode == county
                    ? IndicatorDocument.From(p, engine.Evaluate(p, now), cityCode, "county", sources, current.Version)
                    : IndicatorDocument.From(p, engine.Evaluate(p, now), county, "township", sources, current.Version))
                .ToList();
            await indicators.UpsertManyAsync(docs, cancellationToken);

            // Townships that no longer appear (e.g. renamed in a corrected register) must not linger.
            var ids = docs.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var stale = (await indicators.ListChildrenAsync(period, county, cancellationToken)).Where(d => !ids.Contains(d.Id));
            await indicators.DeleteManyAsync(stale, cancellationToken);

            var (after, _) = await ledger.GetCurrentAsync(county, period, cancellationToken);
            if (after.Version == current.Version || round >= 10)
            {
                Log.Recomputed(logger, county, period, docs.Count);
                return partials;
            }
        }
    }

    private async Task<IReadOnlyList<NormalizedRecord>> ReadCuratedAsync(string path, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(layout.Options.CuratedContainer).GetBlobClient(path);
        await using var s = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        return NormalizedRecordJson.Read(s, forms);
    }
}
