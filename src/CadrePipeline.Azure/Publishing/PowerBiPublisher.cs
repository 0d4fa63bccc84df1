using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Core.Publishing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Publishing;

/// <summary>
/// Publishes the star schema after a recalculation: to Azure Tables (<c>{TablePrefix}{Table}</c>) and, as one Parquet
/// and one CSV per table, to the blob container <c>powerbi</c>.
/// <list type="number">
/// <item><c>snapshots/{yyyyMMddTHHmmssZ}/{Table}.parquet|.csv</c>, then that folder's <c>manifest.json</c>;</item>
/// <item>the Azure Tables, brought in line with the snapshot (only changed rows written, vanished rows deleted);</item>
/// <item><c>latest/{Table}.parquet|.csv</c>, replaced, then <c>latest/manifest.json</c>;</item>
/// <item><c>manifest.json</c> at the container root: the very last write, naming the complete snapshot;</item>
/// <item>retention: snapshot folders beyond <see cref="PublishOptions.KeepSnapshots"/> are deleted, oldest first.</item>
/// </list>
/// The files carry no publish time, so republishing the same data writes the same bytes; only the snapshot folder and
/// the manifest's time change. Transient faults are retried by the Azure SDK clients; retrying the whole publish
/// (idempotent) is the caller's choice.
/// </summary>
public sealed class PowerBiPublisher
{
    internal const string ManifestName = "manifest.json";
    internal const string LatestFolder = "latest/";
    internal const string SnapshotsFolder = "snapshots/";

    private readonly BlobServiceClient blobs;
    private readonly TableServiceClient tables;
    private readonly StorageOptions storage;
    private readonly PublishOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<PowerBiPublisher> logger;
    private readonly IReadOnlyList<IPublishStepObserver> observers;

    public PowerBiPublisher(
        BlobServiceClient blobs,
        TableServiceClient tables,
        IOptions<StorageOptions> storage,
        IOptions<PublishOptions> options,
        TimeProvider time,
        ILogger<PowerBiPublisher> logger,
        IEnumerable<IPublishStepObserver>? observers = null)
    {
        this.observers = [.. observers ?? []];
        this.blobs = blobs;
        this.tables = tables;
        this.storage = storage.Value;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    private async Task StepAsync(PublishStep step, CancellationToken ct)
    {
        foreach (var o in observers)
        {
            await o.OnStepCompletedAsync(null, step, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The Azure Table name of a star-schema table: the configured prefix, then the table name.</summary>
    public string TableName(StarSchemaTable table) => storage.TablePrefix + table.Name;

    /// <summary>The publication the root manifest names, or null when there is none (or it cannot be read).</summary>
    private static async Task<PublishManifest?> ReadRootManifestAsync(BlobContainerClient container, CancellationToken ct)
    {
        try
        {
            var r = await container.GetBlobClient(ManifestName).DownloadContentAsync(ct).ConfigureAwait(false);
            return PublishManifest.Parse(r.Value.Content.ToMemory().Span);
        }
        catch (global::Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>True when the last publication has the same schema version and byte-identical files for every table.</summary>
    private static bool SameFiles(PublishManifest last, IReadOnlyList<ManifestTable> tables) =>
        last.SchemaVersion == TableSchemaInfo.SchemaVersion
        && last.Tables.Count == tables.Count
        && tables.All(t => last.Tables.Any(l => l.Name == t.Name && l.ParquetSha256 == t.ParquetSha256 && l.CsvSha256 == t.CsvSha256));

    public async Task<PublishResult> PublishAsync(StarSchema schema, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);

        // Whole seconds: the folder name has second resolution, and the manifest time must name the same instant.
        var now = time.GetUtcNow();
        var snapshotTime = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var folder = PublishManifest.SnapshotFolder(snapshotTime);
        var container = blobs.GetBlobContainerClient(storage.PowerBiContainer);
        Log.PublishStarted(logger, folder, container.Name);
        await container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);

        var work = Directory.CreateTempSubdirectory("cadre-publish-");
        try
        {
            var files = new List<(string Name, string Path, string ContentType)>();
            var manifestTables = new List<ManifestTable>();
            foreach (var table in TableSchemaInfo.Tables)
            {
                var parquet = Path.Combine(work.FullName, table.Name + ".parquet");
                var csv = Path.Combine(work.FullName, table.Name + ".csv");
                await WriteFileAsync(parquet, s => table.WriteParquetAsync(schema, s, ct)).ConfigureAwait(false);
                await WriteFileAsync(csv, s => table.WriteCsvAsync(schema, s, ct)).ConfigureAwait(false);
                files.Add((table.Name + ".parquet", parquet, "application/vnd.apache.parquet"));
                files.Add((table.Name + ".csv", csv, "text/csv; charset=utf-8"));
                manifestTables.Add(new ManifestTable(
                    table.Name,
                    table.RowCount(schema),
                    table.Name + ".parquet",
                    table.Name + ".csv",
                    await Sha256Async(parquet, ct).ConfigureAwait(false),
                    await Sha256Async(csv, ct).ConfigureAwait(false),
                    table.Columns.Select(c => new ManifestColumn(c.Name, c.Type, c.Nullable)).ToList()));
            }

            if (options.SkipUnchanged && await ReadRootManifestAsync(container, ct).ConfigureAwait(false) is { } last && SameFiles(last, manifestTables))
            {
                Log.PublishSkipped(logger, last.Snapshot);
                return new PublishResult(last, [], []) { Skipped = true };
            }

            var manifest = new PublishManifest(TableSchemaInfo.SchemaVersion, snapshotTime, folder, manifestTables);
            var manifestJson = BinaryData.FromBytes(manifest.ToJsonBytes());

            foreach (var file in files)
            {
                await UploadFileAsync(container, folder + file.Name, file.Path, file.ContentType, ct).ConfigureAwait(false);
            }

            await UploadAsync(container, folder + ManifestName, manifestJson, "application/json", ct).ConfigureAwait(false);
            await StepAsync(PublishStep.SnapshotWritten, ct).ConfigureAwait(false);

            var synced = new List<TableSyncResult>();
            foreach (var table in TableSchemaInfo.Tables)
            {
                var result = await StarSchemaTableSync.SyncAsync(
                    tables.GetTableClient(TableName(table)), table, schema, options.TableParallelism, ct).ConfigureAwait(false);
                Log.TableSynced(logger, result.Table, table.RowCount(schema), result.Upserted, result.Deleted, result.Unchanged, result.Transactions);
                synced.Add(result);
            }

            await StepAsync(PublishStep.TablesSynced, ct).ConfigureAwait(false);

            // latest/ and the root manifest are replaced last, so that a failure before this point (the Tables make
            // the most requests) leaves latest/ and manifest.json as they were: both still the previous snapshot.
            foreach (var file in files)
            {
                await UploadFileAsync(container, LatestFolder + file.Name, file.Path, file.ContentType, ct).ConfigureAwait(false);
            }

            await UploadAsync(container, LatestFolder + ManifestName, manifestJson, "application/json", ct).ConfigureAwait(false);
            await StepAsync(PublishStep.LatestWritten, ct).ConfigureAwait(false);
            await UploadAsync(container, ManifestName, manifestJson, "application/json", ct).ConfigureAwait(false);
            await StepAsync(PublishStep.ManifestWritten, ct).ConfigureAwait(false);
            Log.PublishCompleted(logger, folder, manifestTables.Count, manifestTables.Sum(t => (long)t.RowCount));

            var removed = await RemoveOldSnapshotsAsync(container, ct).ConfigureAwait(false);
            return new PublishResult(manifest, synced, removed);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<IReadOnlyList<string>> RemoveOldSnapshotsAsync(BlobContainerClient container, CancellationToken ct)
    {
        var folders = new List<string>();
        await foreach (var item in container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/", Prefix = SnapshotsFolder }, ct).ConfigureAwait(false))
        {
            if (item.IsPrefix)
            {
                folders.Add(item.Prefix);
            }
        }

        // yyyyMMddTHHmmssZ sorts as time does.
        var old = folders.Order(StringComparer.Ordinal).SkipLast(options.KeepSnapshots).ToList();
        foreach (var folder in old)
        {
            var count = 0;
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = folder }, ct).ConfigureAwait(false))
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct).ConfigureAwait(false);
                count++;
            }

            Log.SnapshotRemoved(logger, folder, count);
        }

        return old;
    }

    private static async Task WriteFileAsync(string path, Func<Stream, Task> write)
    {
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            await write(file).ConfigureAwait(false);
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct).ConfigureAwait(false));
        }
    }

    private static async Task UploadFileAsync(BlobContainerClient container, string name, string path, string contentType, CancellationToken ct)
    {
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            await container.GetBlobClient(name).UploadAsync(
                file,
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
                ct).ConfigureAwait(false);
        }
    }

    private static Task UploadAsync(BlobContainerClient container, string name, BinaryData content, string contentType, CancellationToken ct) =>
        container.GetBlobClient(name).UploadAsync(
            content,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            ct);
}
