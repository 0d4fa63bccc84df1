using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Hosting;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Azure.Tests.Infrastructure;

/// <summary>
/// The real local stack (Azurite, the Cosmos-compatible server and the local identity provider), shared by the integration tests.
/// It starts the stack with scripts/stack.sh when it is not answering. Each test asks for its own
/// <see cref="TestScope"/>, which has unique container, table and database names.
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    public const string StorageConnectionString = "UseDevelopmentStorage=true";
    public const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
    public const string TestIdHashKey = "dGVzdC1vbmx5LWlkLWhhc2gta2V5LWZvci1pbnRlZ3JhdGlvbi10ZXN0cy0wMDA=";

    public static string CosmosEndpoint => Environment.GetEnvironmentVariable("CADRE_COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/";

    public static string RepositoryRoot { get; } = FindRoot();

    public Task InitializeAsync() => EnsureRunningAsync();

    /// <summary>Starts the local stack with scripts/stack.sh unless Azurite, the Cosmos server and the identity provider already answer.</summary>
    public static async Task EnsureRunningAsync()
    {
        if (!Answers(10000) || !Answers(10002) || !Answers(new Uri(CosmosEndpoint).Port) || !Answers(new Uri(LocalIdentity.Authority).Port))
        {
            using var p = Process.Start(new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "scripts", "stack.sh"), "up"])
            {
                WorkingDirectory = RepositoryRoot,
            })!;
            await p.WaitForExitAsync();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException("the local stack did not start: run scripts/stack.sh up and see .local/logs");
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Settings for the local stack with container, table and database names ending in <paramref name="id"/>, so tests
    /// never share state. Shared by <see cref="TestScope"/> and the CLI's serve fixture.
    /// </summary>
    public static Dictionary<string, string?> UniqueSettings(string id) => new(LocalIdentity.Settings())
    {
        ["CadreStorage"] = StorageConnectionString,
        ["CadreStorage:SubmissionsContainer"] = $"sub-{id}",
        ["CadreStorage:ReportsContainer"] = $"rep-{id}",
        ["CadreStorage:CuratedContainer"] = $"cur-{id}",
        ["CadreStorage:PowerBiContainer"] = $"pbi-{id}",
        ["CadreStorage:TablePrefix"] = $"t{id}",
        ["Cosmos:AccountEndpoint"] = CosmosEndpoint,
        ["Cosmos:AccountKey"] = CosmosKey,
        ["Cosmos:Database"] = $"cadre-{id}",
        ["Cosmos:TrustLocalCertificate"] = "true",
        ["IdHash:Key"] = TestIdHashKey,
    };

    /// <summary>A new scope with unique names; dispose it to delete what it created.</summary>
    public TestScope CreateScope(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? customize = null) =>
        new(settings, customize);

    private static bool Answers(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CadrePipeline.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CadrePipeline.sln not found above the test binaries");
    }
}

/// <summary>Unique names and a service provider wired exactly as the hosts wire it, against the local stack.</summary>
public sealed class TestScope : IAsyncDisposable
{
    internal TestScope(IDictionary<string, string?>? overrides, Action<IServiceCollection>? customize)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        Id = id;
        var settings = LocalStackFixture.UniqueSettings(id);
        foreach (var kv in overrides ?? new Dictionary<string, string?>())
        {
            settings[kv.Key] = kv.Value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(Configuration);
        services.AddCadrePipeline(Configuration);
        customize?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public string Id { get; }

    public IConfiguration Configuration { get; }

    public ServiceProvider Services { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            var blobs = Get<BlobServiceClient>();
            await foreach (var c in blobs.GetBlobContainersAsync(prefix: null))
            {
                if (c.Name.EndsWith(Id, StringComparison.Ordinal))
                {
                    await blobs.DeleteBlobContainerAsync(c.Name);
                }
            }

            var tables = Get<TableServiceClient>();
            await foreach (var t in tables.QueryAsync(t => t.Name.CompareTo($"t{Id}") >= 0 && t.Name.CompareTo($"t{Id}~") < 0))
            {
                await tables.DeleteTableAsync(t.Name);
            }

            await Get<CosmosClient>().GetDatabase($"cadre-{Id}").DeleteAsync();
        }
        catch (global::Azure.RequestFailedException)
        {
            // Best effort: the local stack is throw-away.
        }
        catch (CosmosException)
        {
            // Likewise.
        }

        await Services.DisposeAsync();
    }

}

[CollectionDefinition(Name)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>
{
    public const string Name = "local stack";
}
