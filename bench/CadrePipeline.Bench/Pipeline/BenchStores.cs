using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Cli;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Bench.Pipeline;

/// <summary>
/// Stores of the benchmark's own on the shared local stack (a Cosmos database, blob containers and a table prefix
/// named after the run), so it never touches what the tests or the demo use; removed again at the end.
/// </summary>
internal sealed class BenchStores
{
    public BenchStores(string? id = null)
    {
        Id = id ?? "b15" + DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture) + System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Settings = new Dictionary<string, string?>
        {
            ["Cosmos:Database"] = $"bench-{Id}",
            ["CadreStorage:SubmissionsContainer"] = $"{Id}-submissions",
            ["CadreStorage:ReportsContainer"] = $"{Id}-reports",
            ["CadreStorage:CuratedContainer"] = $"{Id}-curated",
            ["CadreStorage:PowerBiContainer"] = $"{Id}-powerbi",
            ["CadreStorage:TablePrefix"] = "B" + Id,
        };
    }

    public string Id { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The same settings as environment variables, for a child <c>cadre</c> process.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Environment =>
        Settings.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace(":", "__", StringComparison.Ordinal), kv.Value));

    /// <summary>Makes these stores the ones <see cref="CliHost"/> builds services for, in this process.</summary>
    public void Apply()
    {
        foreach (var (k, v) in Settings)
        {
            CliHost.Overrides[k] = v;
        }
    }

    public async Task DeleteAsync(IServiceProvider services)
    {
        var cosmos = services.GetRequiredService<CosmosClient>();
        var o = services.GetRequiredService<IOptions<CosmosOptions>>().Value;
        try
        {
            await cosmos.GetDatabase(o.Database).DeleteAsync();
        }
        catch (CosmosException)
        {
        }

        var blobs = services.GetRequiredService<BlobServiceClient>();
        await foreach (var c in blobs.GetBlobContainersAsync(prefix: Id))
        {
            await blobs.DeleteBlobContainerAsync(c.Name);
        }

        var tables = services.GetRequiredService<TableServiceClient>();
        var prefix = "B" + Id;
        await foreach (var t in tables.QueryAsync())
        {
            if (t.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                await tables.DeleteTableAsync(t.Name);
            }
        }
    }
}
