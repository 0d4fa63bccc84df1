using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CadrePipeline.Azure.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Cli.Commands;

/// <summary><c>cadre export --out DIR</c>: copies <c>powerbi/latest/</c> (Parquet, CSV, manifest.json) to a local folder.</summary>
internal sealed class ExportCommand : ICadreCommand
{
    private const string Latest = "latest/";

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
        var names = new List<string>();
        if ((await container.ExistsAsync(cancellationToken)).Value)
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Latest, cancellationToken))
            {
                names.Add(blob.Name);
            }
        }

        if (names.Count == 0)
        {
            Console.Error.WriteLine("还没有发布的数据 nothing is published yet; run ./cadre demo or ./cadre recalc first.");
            return ExitCodes.Failed;
        }

        Directory.CreateDirectory(outDir);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(outDir, name[Latest.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await container.GetBlobClient(name).DownloadToAsync(target, cancellationToken);
            Console.WriteLine($"{target}  ({new FileInfo(target).Length:#,0} bytes)");
        }

        return ExitCodes.Ok;
    }
}
