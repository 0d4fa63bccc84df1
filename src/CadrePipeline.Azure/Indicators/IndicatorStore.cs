using System.Net;
using CadrePipeline.Azure.Cosmos;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using Microsoft.Azure.Cosmos;

namespace CadrePipeline.Azure.Indicators;

/// <summary>
/// Reads and writes <see cref="PartialsDocument"/>s: one per area and period, a county's holding its townships. Every
/// read is a point read or a single-partition query; every write is one conditional or idempotent upsert. Readers get
/// <see cref="IndicatorDocument"/>s, one per area and indicator, with values evaluated from the stored sums.
/// </summary>
public sealed class IndicatorStore(CosmosStore store, AreaCatalog areas, IndicatorEngine engine)
{
    /// <summary>The parent code of the top areas' partition.</summary>
    public const string RootParent = "root";

    /// <summary>The parent whose partition holds the document of <paramref name="areaCode"/> (a catalogue area).</summary>
    public string ParentOf(string areaCode) => areas.Find(areaCode)?.ParentCode ?? RootParent;

    /// <summary>One area's document and its ETag (one point read).</summary>
    public async Task<(PartialsDocument? Doc, string? ETag)> ReadAsync(string areaCode, int period, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        return await store.TryReadAsync<PartialsDocument>(store.Indicators, PartialsDocument.IdFor(areaCode, period), PartialsDocument.PkFor(period, ParentOf(areaCode)), cancellationToken);
    }

    /// <summary>Every document in the partition of <paramref name="parentCode"/>'s children for a period (one query).</summary>
    public async Task<List<PartialsDocument>> ListPartitionAsync(int period, string parentCode, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        return await store.QueryPartitionAsync<PartialsDocument>(
            store.Indicators, PartialsDocument.PkFor(period, parentCode), "c.type = @type", cancellationToken, ("@type", PartialsDocument.TypeName));
    }

    /// <summary>
    /// Writes a document if it is unchanged since it was read with <paramref name="etag"/> (created when
    /// <paramref name="etag"/> is null). False when another writer came first.
    /// </summary>
    public async Task<bool> TryWriteAsync(PartialsDocument doc, string? etag, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        try
        {
            if (etag is null)
            {
                await store.RunAsync(ct => store.Indicators.CreateItemAsync(doc, new PartitionKey(doc.Pk), NoContent, ct), cancellationToken);
            }
            else
            {
                await store.RunAsync(ct => store.Indicators.ReplaceItemAsync(doc, doc.Id, new PartitionKey(doc.Pk), new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, ct), cancellationToken);
            }

            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Writes a document whatever is stored (a parent's sums, which only the recalculation, under its lock, writes).</summary>
    public async Task UpsertAsync(PartialsDocument doc, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        await store.RunAsync(ct => store.Indicators.UpsertItemAsync(doc, new PartitionKey(doc.Pk), NoContent, ct), cancellationToken);
    }

    /// <summary>
    /// Every indicator of every child of <paramref name="parentCode"/> in a period: a county's townships come from the
    /// county's own document (one point read), any other parent's children from its partition (one query).
    /// </summary>
    public async Task<List<IndicatorDocument>> ListChildrenAsync(int period, string parentCode, CancellationToken cancellationToken)
    {
        if (areas.IsCounty(parentCode))
        {
            var (county, _) = await ReadAsync(parentCode, period, cancellationToken);
            return county is null ? [] : [.. TownshipsOf(county)];
        }

        return [.. (await ListPartitionAsync(period, parentCode, cancellationToken)).SelectMany(Own)];
    }

    /// <summary>All indicators of one area and period (a township's from its county's document).</summary>
    public async Task<List<IndicatorDocument>> ListAreaAsync(int period, string areaCode, string parentCode, CancellationToken cancellationToken)
    {
        if (areas.IsCounty(parentCode))
        {
            return [.. (await ListChildrenAsync(period, parentCode, cancellationToken)).Where(d => d.AreaCode == areaCode)];
        }

        await store.EnsureCreatedAsync(cancellationToken);
        var (doc, _) = await store.TryReadAsync<PartialsDocument>(store.Indicators, PartialsDocument.IdFor(areaCode, period), PartialsDocument.PkFor(period, parentCode), cancellationToken);
        return doc is null ? [] : [.. Own(doc)];
    }

    /// <summary>
    /// Stores indicator rows as documents: grouped by area, townships (level <c>township</c>) into their county's
    /// document. For seeding and repairs; the ingest and the recalculation write whole documents.
    /// </summary>
    public async Task UpsertManyAsync(IReadOnlyCollection<IndicatorDocument> docs, CancellationToken cancellationToken)
    {
        foreach (var area in docs.Where(d => d.Level != "township").GroupBy(d => (d.AreaCode, d.Period, d.ParentCode)))
        {
            var (existing, _) = await store.TryReadAsync<PartialsDocument>(store.Indicators, PartialsDocument.IdFor(area.Key.AreaCode, area.Key.Period), PartialsDocument.PkFor(area.Key.Period, area.Key.ParentCode), cancellationToken);
            var doc = existing ?? NewDocument(area.First());
            doc.Partials = Merge(doc.Partials, area);
            await UpsertAsync(doc, cancellationToken);
        }

        foreach (var county in docs.Where(d => d.Level == "township").GroupBy(d => (d.ParentCode, d.Period)))
        {
            var (existing, _) = await ReadAsync(county.Key.ParentCode, county.Key.Period, cancellationToken);
            var doc = existing ?? new PartialsDocument
            {
                Id = PartialsDocument.IdFor(county.Key.ParentCode, county.Key.Period),
                Pk = PartialsDocument.PkFor(county.Key.Period, ParentOf(county.Key.ParentCode)),
                AreaCode = county.Key.ParentCode,
                ParentCode = ParentOf(county.Key.ParentCode),
                Level = "county",
                Period = county.Key.Period,
                ComputedAtUtc = county.Max(d => d.ComputedAtUtc),
            };
            foreach (var township in county.GroupBy(d => d.AreaCode))
            {
                var child = doc.Children.FirstOrDefault(c => c.AreaCode == township.Key);
                if (child is null)
                {
                    doc.Children.Add(child = new ChildPartials { AreaCode = township.Key });
                }

                child.Partials = Merge(child.Partials, township);
            }

            await UpsertAsync(doc, cancellationToken);
        }
    }

    /// <summary>The area's own indicators of a document, evaluated.</summary>
    public IEnumerable<IndicatorDocument> Own(PartialsDocument doc) =>
        doc.OwnPartials().Select(p => IndicatorDocument.From(p, engine.Evaluate(p, doc.ComputedAtUtc), doc.ParentCode, doc.Level, doc.Sources, doc.SourceVersion));

    /// <summary>A county document's townships' indicators, evaluated.</summary>
    public IEnumerable<IndicatorDocument> TownshipsOf(PartialsDocument county) =>
        county.ChildPartialsFlat().Select(c => IndicatorDocument.From(c.Partial, engine.Evaluate(c.Partial, county.ComputedAtUtc), county.AreaCode, "township", county.Sources, county.SourceVersion));

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private static PartialsDocument NewDocument(IndicatorDocument d) => new()
    {
        Id = PartialsDocument.IdFor(d.AreaCode, d.Period),
        Pk = PartialsDocument.PkFor(d.Period, d.ParentCode),
        AreaCode = d.AreaCode,
        ParentCode = d.ParentCode,
        Level = d.Level,
        Period = d.Period,
        SourceVersion = d.SourceVersion,
        Sources = [.. d.Sources],
        ComputedAtUtc = d.ComputedAtUtc,
    };

    private static List<PartialEntry> Merge(List<PartialEntry> existing, IEnumerable<IndicatorDocument> docs)
    {
        var byId = existing.ToDictionary(e => e.IndicatorId, StringComparer.Ordinal);
        foreach (var d in docs)
        {
            byId[d.IndicatorId] = PartialEntry.From(d.ToPartial());
        }

        return [.. byId.Values.OrderBy(e => e.IndicatorId, StringComparer.Ordinal)];
    }
}
