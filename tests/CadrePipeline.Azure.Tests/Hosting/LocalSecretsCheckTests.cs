using System.Text.Json;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Tests.Infrastructure;
using CadrePipeline.Core.Intake;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Tests.Hosting;

/// <summary>
/// The public secrets of functions/local.settings.json are refused unless Storage and Cosmos are on this machine. No
/// store is contacted: the check reads settings only, so these tests need no local stack.
/// </summary>
public sealed class LocalSecretsCheckTests
{
    /// <summary>A real-looking key and code, not the ones of local.settings.json.</summary>
    private const string RealKey = "cHJvZHVjdGlvbi1saWtlLWtleS1mb3ItdGhlc2UtdGVzdHMtb25seS0wMDAwMDA=";

    /// <summary>The settings exactly as functions/local.settings.json holds them (Values, with __ as :).</summary>
    private static Dictionary<string, string?> LocalSettings()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(LocalStackFixture.RepositoryRoot, "functions", "local.settings.json")));
        return doc.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => p.Value.GetString());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCadrePipeline(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Runs the start-up validation (what ValidateOnStart does in a host) and returns the distinct failures.</summary>
    private static List<string> StartFailures(Dictionary<string, string?> settings)
    {
        using var provider = Build(settings);
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures.Distinct()];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Distinct()];
        }
    }

    private static Dictionary<string, string?> WithRemoteStorage(Dictionary<string, string?> settings)
    {
        settings["CadreStorage"] = null;
        settings["CadreStorage:BlobServiceUri"] = "https://cadreprod.blob.core.windows.net";
        return settings;
    }

    [Fact]
    public void LocalSettingsFile_HoldsOnlyTheKnownDevelopmentSecrets()
    {
        var settings = LocalSettings();
        Assert.Equal(LocalSecretsCheck.DevelopmentIdHashKey, settings["IdHash:Key"]);
        Assert.Equal("http://127.0.0.1:10090", settings["SignIn:Authority"]);
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("Access:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Start_LocalSettingsWithLoopbackStores_Accepted()
    {
        Assert.Empty(StartFailures(LocalSettings()));
    }

    [Fact]
    public void Start_LocalSettingsWithAzureStorage_RefusedWithBilingualMessageNamingTheEndpoint()
    {
        var failures = StartFailures(WithRemoteStorage(LocalSettings()));

        var failure = Assert.Single(failures);
        Assert.Contains("本地开发用的身份证号哈希密钥 IdHash__Key", failure, StringComparison.Ordinal);
        Assert.Contains("本机的登录颁发方 SignIn__Authority = http://127.0.0.1:10090", failure, StringComparison.Ordinal);
        Assert.Contains("只能用于本机的存储和 Cosmos", failure, StringComparison.Ordinal);
        Assert.Contains("Refused: the development ID-hash key IdHash__Key and the sign-in issuer on this machine SignIn__Authority = http://127.0.0.1:10090", failure, StringComparison.Ordinal);
        Assert.Contains("CadreStorage__blobServiceUri = https://cadreprod.blob.core.windows.net", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_LocalIssuerOnlyWithAzureCosmos_Refused()
    {
        var settings = LocalSettings();
        settings["IdHash:Key"] = RealKey;
        settings["Cosmos:AccountEndpoint"] = "https://cadre-prod.documents.azure.com:443/";

        var failure = Assert.Single(StartFailures(settings));

        Assert.DoesNotContain("development ID-hash key", failure, StringComparison.Ordinal);
        Assert.Contains("Refused: the sign-in issuer on this machine SignIn__Authority = http://127.0.0.1:10090", failure, StringComparison.Ordinal);
        Assert.Contains("Cosmos__AccountEndpoint = https://cadre-prod.documents.azure.com", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_DevelopmentKeyInAConnectionStringToAzure_Refused()
    {
        var settings = new Dictionary<string, string?>
        {
            ["CadreStorage"] = "DefaultEndpointsProtocol=https;AccountName=cadreprod;AccountKey=a2V5;EndpointSuffix=core.windows.net",
            ["Cosmos:AccountEndpoint"] = "https://127.0.0.1:8081/",
            ["IdHash:Key"] = LocalSecretsCheck.DevelopmentIdHashKey,
            ["SignIn:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
            ["SignIn:Audience"] = "api://cadre-pipeline",
        };

        var failure = Assert.Single(StartFailures(settings));

        Assert.Contains("CadreStorage (blob) = https://cadreprod.blob.core.windows.net", failure, StringComparison.Ordinal);
        Assert.Contains("CadreStorage (table) = https://cadreprod.table.core.windows.net", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_RealSecretsWithAzureStores_Accepted()
    {
        var settings = new Dictionary<string, string?>
        {
            ["CadreStorage:BlobServiceUri"] = "https://cadreprod.blob.core.windows.net",
            ["Cosmos:AccountEndpoint"] = "https://cadre-prod.documents.azure.com:443/",
            ["IdHash:Key"] = RealKey,
            ["SignIn:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
            ["SignIn:Audience"] = "api://cadre-pipeline",
        };

        Assert.Empty(StartFailures(settings));
    }

    [Theory]
    [InlineData("http://login.example.org/tenant/v2.0", "https")]
    [InlineData("not a url", "SignIn__Authority")]
    public void Start_SignInIssuerOffThisMachineWithoutHttpsOrNotAUrl_Refused(string authority, string expected)
    {
        var settings = LocalSettings();
        settings["SignIn:Authority"] = authority;

        var failure = Assert.Single(StartFailures(settings));

        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCodePath_LocalSettingsWithAzureStorage_RefusedWithoutAStartCheck()
    {
        // A service provider nobody starts (as a library caller would build one): each store and secret still refuses.
        using var provider = Build(WithRemoteStorage(LocalSettings()));

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IIdHasher>());
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AccessControl>());
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<BlobServiceClient>());
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<CosmosClient>());
    }
}
