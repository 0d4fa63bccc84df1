using Azure.Storage.Blobs;
using CadrePipeline.Cli.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Cosmos;
using CadrePipeline.Azure.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Cli.Tests.Web;

/// <summary>
/// <c>cadre serve</c>'s host, in process, on a free loopback port, against the real local stack (started with
/// scripts/stack.sh when it is not answering), with unique container and database names and four access codes.
/// </summary>
public class ServeFixture : IAsyncLifetime
{
    public const string CountyToken = "yanchi-test-code-640323";
    public const string OtherCountyToken = "litong-test-code-640302";
    public const string CityToken = "city-office-test-code";
    public const string OperatorToken = "operator-test-code";

    private readonly string _id = Guid.NewGuid().ToString("N")[..10];
    private WebApplication? _app;

    public static string RepositoryRoot => CliHost.RepositoryRoot;

    public string BaseAddress { get; private set; } = "";

    public HttpClient Client { get; } = new();

    public async Task InitializeAsync()
    {
        await LocalStackFixture.EnsureRunningAsync();
        var settings = LocalStackFixture.UniqueSettings(_id);
        settings[$"Access:Tokens:{CountyToken}"] = "640323";
        settings[$"Access:Tokens:{OtherCountyToken}"] = "640302";
        settings[$"Access:Tokens:{CityToken}"] = "city";
        settings[$"Access:Tokens:{OperatorToken}"] = "operator";
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
