using Azure.Storage.Blobs;
using CadrePipeline.Cli.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Cosmos;
using CadrePipeline.Azure.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Cli.Tests.Web;

/// <summary>
/// <c>cadre serve</c>'s host, in process, on a free loopback port, against the real local stack (started with
/// scripts/stack.sh when it is not answering), with unique container and database names, signing in with the local
/// identity provider. The <c>…Token</c> values are whole <c>Authorization</c> header values (<c>Bearer …</c>) from it.
/// </summary>
public class ServeFixture : IAsyncLifetime
{
    /// <summary>A county clerk of 盐池县 (640323).</summary>
    public static string CountyToken { get; private set; } = "";

    /// <summary>A county clerk of 利通区 (640302).</summary>
    public static string OtherCountyToken { get; private set; } = "";

    /// <summary>The city reviewer of 吴忠市 (640300).</summary>
    public static string CityToken { get; private set; } = "";

    /// <summary>An operator.</summary>
    public static string OperatorToken { get; private set; } = "";

    private readonly string _id = Guid.NewGuid().ToString("N")[..10];
    private WebApplication? _app;

    public static string RepositoryRoot => CliHost.RepositoryRoot;

    public string BaseAddress { get; private set; } = "";

    public HttpClient Client { get; } = new();

    public async Task InitializeAsync()
    {
        await LocalStackFixture.EnsureRunningAsync();
        var settings = LocalStackFixture.UniqueSettings(_id);
        CountyToken = "Bearer " + await LocalIdentity.ForUserAsync("yanchi-clerk");
        OtherCountyToken = "Bearer " + await LocalIdentity.ForUserAsync("litong-clerk");
        CityToken = "Bearer " + await LocalIdentity.ForUserAsync("city-reviewer");
        OperatorToken = "Bearer " + await LocalIdentity.ForUserAsync("operator");
        Configure(settings);
        _app = ServeHost.Build(0, settings);
        await _app.StartAsync();
        BaseAddress = ServeHost.BaseAddress(_app);
        Client.BaseAddress = new Uri(BaseAddress + "/");
    }

    /// <summary>The port the host listens on.</summary>
    public int Port => new Uri(BaseAddress).Port;

    /// <summary>Lets a derived fixture change settings before the host is built.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is null)
        {
            return;
        }

        try
        {
            var blobs = _app.Services.GetRequiredService<BlobServiceClient>();
            await foreach (var c in blobs.GetBlobContainersAsync())
            {
                if (c.Name.EndsWith(_id, StringComparison.Ordinal))
                {
                    await blobs.DeleteBlobContainerAsync(c.Name);
                }
            }

            await _app.Services.GetRequiredService<CosmosClient>().GetDatabase($"cadre-{_id}").DeleteAsync();
        }
        catch (global::Azure.RequestFailedException)
        {
            // Best effort: the local stack is throw-away.
        }
        catch (CosmosException)
        {
            // Likewise.
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
