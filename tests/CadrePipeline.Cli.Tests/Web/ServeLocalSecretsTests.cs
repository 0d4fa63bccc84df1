using CadrePipeline.Cli.Commands;

namespace CadrePipeline.Cli.Tests.Web;

/// <summary>
/// <c>cadre serve</c> reads functions/local.settings.json (its development ID-hash key and local-… access codes): pointed
/// at a Storage account off this machine, it refuses to start, with the one bilingual message the CLI prints.
/// </summary>
public sealed class ServeLocalSecretsTests
{
    [Fact]
    public async Task Start_LocalSecretsWithAzureStorage_RefusedWithOneBilingualMessage()
    {
        await using var app = ServeHost.Build(0, new Dictionary<string, string?>
        {
            ["CadreStorage"] = null,
            ["CadreStorage:BlobServiceUri"] = "https://cadreprod.blob.core.windows.net",
        });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        var failure = Assert.Single(CadreApp.SettingsFailures(ex));
        Assert.Contains("是公开的本地设置，只能用于本机的存储和 Cosmos", failure, StringComparison.Ordinal);
        Assert.Contains("CadreStorage__blobServiceUri = https://cadreprod.blob.core.windows.net", failure, StringComparison.Ordinal);
    }
}
