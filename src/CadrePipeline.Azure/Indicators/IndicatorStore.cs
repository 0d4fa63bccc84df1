using CadrePipeline.Azure.Cosmos;
using Microsoft.Azure.Cosmos;

namespace CadrePipeline.Azure.Indicators;

/// <summary>Reads and writes indicator documents; every read is a point read or a single-partition query.</summary>
public sealed class IndicatorStore(CosmosStore store)
{
    /// <summary>Every indicator of every child of <paramref name="parentCode"/> in a period: one partition.</summary>
    public async Task<List<IndicatorDocument>> ListChildrenAsync(int period, string parentCode, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        return await store.QueryPartitionAsync<IndicatorDocument>(store.Indicators, IndicatorDocument.PkFor(period, parentCode), null, cancellationToken);
    }

    /// <summary>All indicators of one area and period (one partition, filtered by area).</summary>
    public async Task<List<IndicatorDocument>> ListAreaAsync(int period, string areaCode, string parentCode, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        return await store.QueryPartitionAsync<IndicatorDocument>(
            store.Indicators, IndicatorDocument.PkFor(period, parentCode), "c.areaCode = @area", cancellationToken, ("@area", areaCode));
    }

    /// <summary>
    /// Upserts many documents concurrently (the SDK batches them when AllowBulkExecution is on; deterministic ids
    /// make a repeat a no-op). 429s are retried by the SDK itself, transport faults by <see cref="CosmosStore.RunAsync"/>.
    /// </summary>
    public async Task UpsertManyAsync(IReadOnlyCollection<IndicatorDocument> docs, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        using var gate = new SemaphoreSlim(16);
        var tasks = docs.Select(async d =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await store.RunAsync(ct => store.Indicators.UpsertItemAsync(d, new PartitionKey(d.Pk), new ItemRequestOptions { EnableContentResponseOnWrite = false }, ct), cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
    }

    /// <summary>Deletes documents of areas that are no longer produced (e.g. a township dropped from the register).</summary>
    public async Task DeleteManyAsync(IEnumerable<IndicatorDocument> docs, CancellationToken cancellationToken)
    {
        foreach (var d in docs)
        {
            try
            {
                await store.RunAsync(ct => store.Indicators.DeleteItemAsync<IndicatorDocument>(d.Id, new PartitionKey(d.Pk), cancellationToken: ct), cancellationToken);
            }
            catch (CosmosException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Already gone.
            }
        }
    }
}
