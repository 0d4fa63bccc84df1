using CadrePipeline.Azure.Hosting;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace CadrePipeline.Azure.Cosmos;

/// <summary>
/// The database <c>cadre</c> and its two containers. Both use the partition key path <c>/pk</c>:
/// <list type="bullet">
/// <item><c>indicators</c>: pk = <c>{period}:{parentAreaCode}</c>, so "every county of a city in a period" and
/// "all indicators of one area and period" are single-partition reads (see docs/storage.md).</item>
/// <item><c>submissions</c>: pk = county code (the ledger, the current-forms pointer) or <c>locks</c>.</item>
/// </list>
/// </summary>
public sealed class CosmosStore(CosmosClient client, IOptions<CosmosOptions> options, ResiliencePipelineProvider<string> pipelines)
{
    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(CosmosResilience.Key);
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _ready;

    public Container Indicators => client.GetContainer(options.Value.Database, options.Value.IndicatorsContainer);

    public Container Submissions => client.GetContainer(options.Value.Database, options.Value.SubmissionsContainer);

    /// <summary>
    /// Runs one Cosmos call through the resilience layer (<see cref="CosmosResilience"/>): repeated on a transport
    /// fault, so the call must be safe to repeat.
    /// </summary>
    public ValueTask<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async ct => await call(ct).ConfigureAwait(false), cancellationToken);

    /// <summary>Creates the database and containers when configured to (local stack, tests). Idempotent.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_ready || !options.Value.CreateIfNotExists)
        {
            return;
        }

        await _init.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            for (var attempt = 0; ; attempt++)
            {
                var created = await RunAsync(ct => client.CreateDatabaseIfNotExistsAsync(options.Value.Database, cancellationToken: ct), cancellationToken);
                var db = created.Database;
                await RunAsync(ct => db.CreateContainerIfNotExistsAsync(new ContainerProperties(options.Value.IndicatorsContainer, "/pk"), cancellationToken: ct), cancellationToken);
                var c = await RunAsync(ct => db.CreateContainerIfNotExistsAsync(new ContainerProperties(options.Value.SubmissionsContainer, "/pk"), cancellationToken: ct), cancellationToken);

                // The local server encodes resource ids in plain base64, so some contain '/', and the SDK's rid-based
                // requests (partition key ranges) then miss. A database it just created with such an id is recreated.
                var badRid = IsLocalServer && c.Resource.SelfLink.Trim('/').Split('/').Length != 4;
                if (!badRid || created.StatusCode != System.Net.HttpStatusCode.Created || attempt >= 3)
                {
                    break;
                }

                await RunAsync(ct => db.DeleteAsync(cancellationToken: ct), cancellationToken);
            }

            _ready = true;
        }
        finally
        {
            _init.Release();
        }
    }

    /// <summary>
    /// Runs <c>SELECT * FROM c WHERE c.pk = @pk AND (filter)</c> within one partition and returns every item. The pk
    /// filter is in the text as well as in the request options, which the local server requires and Cosmos accepts.
    /// A transport fault reruns the whole query.
    /// </summary>
    public async Task<List<T>> QueryPartitionAsync<T>(
        Container container, string partitionKey, string? filter, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk" + (filter is null ? "" : $" AND ({filter})"))
            .WithParameter("@pk", partitionKey);
        foreach (var (name, value) in parameters)
        {
            query = query.WithParameter(name, value);
        }

        return await RunAsync(async ct =>
        {
            var results = new List<T>();
            using var it = container.GetItemQueryIterator<T>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey) });
            while (it.HasMoreResults)
            {
                results.AddRange(await it.ReadNextAsync(ct));
            }

            return results;
        }, cancellationToken);
    }

    /// <summary>
    /// A point read (1 RU) that returns null, not an exception, when the item does not exist. The local
    /// Cosmos-compatible server answers a point read of a missing item with 500 instead of 404; only for a loopback
    /// endpoint is that answered by a single-partition query by id instead.
    /// </summary>
    public async Task<(T? Item, string? ETag)> TryReadAsync<T>(Container container, string id, string partitionKey, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var r = await RunAsync(ct => container.ReadItemAsync<T>(id, new PartitionKey(partitionKey), cancellationToken: ct), cancellationToken);
            return (r.Resource, r.ETag);
        }
        catch (CosmosException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return (null, null);
        }
        catch (CosmosException ex) when (ex.StatusCode == System.Net.HttpStatusCode.InternalServerError && IsLocalServer
            && ex.Message.Contains("Cannot read properties of undefined", StringComparison.Ordinal))
        {
            // The local server's answer to a point read of a missing item.
            return (null, null);
        }
    }

    private bool IsLocalServer => options.Value.AccountEndpoint is { } e && CosmosClientFactory.IsLoopback(e);
}
