using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CadrePipeline.Core.Publishing;
using Parquet.Serialization;

namespace CadrePipeline.Cli;

/// <summary>One row of the published FactIndicatorValue as a reader of the Parquet file sees it.</summary>
internal sealed class PublishedFact
{
    public string AreaCode { get; set; } = "";

    public int Period { get; set; }

    public string IndicatorId { get; set; } = "";

    public double? Value { get; set; }

    public double Numerator { get; set; }

    public double? Denominator { get; set; }
}

/// <summary>What an analyst reads: the publication the root <c>manifest.json</c> names, in the Power BI container.</summary>
internal static class PublishedFiles
{
    private const string Latest = "latest/";

    /// <summary>
    /// The FactIndicatorValue rows of the current publication, read from its Parquet file (the snapshot folder the
    /// root manifest names), or null when nothing is published.
    /// </summary>
    public static async Task<(PublishManifest Manifest, List<PublishedFact> Facts)?> ReadFactsAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        var root = container.GetBlobClient("manifest.json");
        if (!(await root.ExistsAsync(cancellationToken)).Value)
        {
            return null;
        }

        var manifest = PublishManifest.Parse((await root.DownloadContentAsync(cancellationToken)).Value.Content.ToArray());
        var folder = manifest.Snapshot.EndsWith('/') ? manifest.Snapshot : manifest.Snapshot + "/";
        await using var parquet = new MemoryStream();
        await container.GetBlobClient(folder + "FactIndicatorValue.parquet").DownloadToAsync(parquet, cancellationToken);
        parquet.Position = 0;
        var facts = await ParquetSerializer.DeserializeAsync<PublishedFact>(parquet, cancellationToken: cancellationToken);
        return (manifest, [.. facts.Data]);
    }

    /// <summary>Copies <c>latest/</c> (Parquet, CSV, manifest.json) to <paramref name="outDir"/>; returns the files written.</summary>
    public static async Task<IReadOnlyList<string>> ExportLatestAsync(BlobContainerClient container, string outDir, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        if ((await container.ExistsAsync(cancellationToken)).Value)
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Latest, cancellationToken))
            {
                names.Add(blob.Name);
            }
        }

        var written = new List<string>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(outDir, name[Latest.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await container.GetBlobClient(name).DownloadToAsync(target, cancellationToken);
            written.Add(target);
        }

        return written;
    }
}
