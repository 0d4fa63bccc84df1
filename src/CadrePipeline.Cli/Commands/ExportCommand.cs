using Azure.Storage.Blobs;
using CadrePipeline.Azure.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Cli.Commands;

/// <summary><c>cadre export --out DIR</c>: copies <c>powerbi/latest/</c> (Parquet, CSV, manifest.json) to a local folder.</summary>
internal sealed class ExportCommand : ICadreCommand
{
    public string Name => "export";

    public string Usage => "export --out DIR";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var outDir = args.Get("out");
        if (outDir is null || args.Positional.Count > 0 || args.Unknown("out").Any())
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}");
            return ExitCodes.Usage;
        }

        await using var services = CliHost.BuildServices();
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(storage.PowerBiContainer);
        var written = await PublishedFiles.ExportLatestAsync(container, outDir, cancellationToken);
        if (written.Count == 0)
        {
            Console.Error.WriteLine("还没有发布的数据 nothing is published yet; run ./cadre demo or ./cadre recalc first.");
            return ExitCodes.Failed;
        }

        foreach (var target in written)
        {
            Console.WriteLine($"{target}  ({new FileInfo(target).Length:#,0} bytes)");
        }

        return ExitCodes.Ok;
    }
}
