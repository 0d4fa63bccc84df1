using System.Data.Common;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Publishing;
using CadrePipeline.Azure.Tests.Infrastructure;
using CadrePipeline.Core.Publishing;
using CadrePipeline.Tests.Publishing;
using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CadrePipeline.Azure.Tests.Publishing;

[Collection(LocalStackCollection.Name)]
public sealed class PowerBiPublisherTests(LocalStackFixture stack)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 5, 0, 0, TimeSpan.Zero);

    private static readonly string[] TableNames =
        ["DimArea", "DimIndicator", "DimPeriod", "FactIndicatorValue", "FactSubmission", "FactCompleteness"];

    private static readonly Dictionary<string, int> SampleRowCounts = new()
    {
        ["DimArea"] = 4, ["DimIndicator"] = 3, ["DimPeriod"] = 2, ["FactIndicatorValue"] = 5, ["FactSubmission"] = 3, ["FactCompleteness"] = 3,
    };

    [Fact]
    public async Task PublishAsync_SampleSchema_WritesSnapshotThenLatestThenManifest()
    {
        var clock = new FakeTimeProvider(Start.AddMilliseconds(700));
        await using var scope = CreateScope(clock);
        var publisher = scope.Get<PowerBiPublisher>();

        var result = await publisher.PublishAsync(SampleStarSchema.Create(), default);

        Assert.Equal($"pbi-{scope.Id}", scope.Get<IOptions<StorageOptions>>().Value.PowerBiContainer);
        Assert.Equal($"t{scope.Id}FactIndicatorValue", publisher.TableName(TableSchemaInfo.FactIndicatorValue));
        var names = await BlobNamesAsync(scope);
        var files = TableNames.SelectMany(t => new[] { t + ".csv", t + ".parquet" }).ToList();
        Assert.Equal(
            files.Select(f => "latest/" + f)
                .Append("latest/manifest.json")
                .Append("manifest.json")
                .Concat(files.Select(f => "snapshots/20261126T050000Z/" + f))
                .Append("snapshots/20261126T050000Z/manifest.json")
                .Order(StringComparer.Ordinal),
            names);
        var manifest = PublishManifest.Parse((await Container(scope).GetBlobClient("manifest.json").DownloadContentAsync()).Value.Content);
        Assert.Equal("snapshots/20261126T050000Z/", manifest.Snapshot);
        Assert.Equal(Start, manifest.SnapshotTimeUtc);
        Assert.Equal(1, manifest.SchemaVersion);
        Assert.Equal(SampleRowCounts, manifest.Tables.ToDictionary(t => t.Name, t => t.RowCount));
        Assert.Equal(
            ["AreaCode:string:False", "Period:int32:False", "IndicatorId:string:False", "Value:double:True", "Numerator:double:False",
             "Denominator:double:True", "TargetValue:double:True", "MeetsTarget:boolean:True", "PreviousValue:double:True",
             "Change:double:True", "ComputedAtUtc:timestamp:False"],
            manifest.Tables.Single(t => t.Name == "FactIndicatorValue").Columns.Select(c => $"{c.Name}:{TableSchemaInfo.TypeName(c.Type)}:{c.Nullable}"));
        Assert.Equal(result.Manifest.Snapshot, manifest.Snapshot);
    }

    [Fact]
    public async Task PublishAsync_TablesFail_LatestAndManifestStillHoldThePreviousSnapshot()
    {
        var clock = new FakeTimeProvider(Start);
        await using var scope = CreateScope(clock);
        await scope.Get<PowerBiPublisher>().PublishAsync(SampleStarSchema.Create(), default);
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var broken = new PowerBiPublisher(
            scope.Get<BlobServiceClient>(),
            scope.Get<TableServiceClient>(),
            Options.Create(new StorageOptions { PowerBiContainer = storage.PowerBiContainer, TablePrefix = "not-a-valid-table-name-" }),
            Options.Create(new PublishOptions()),
            clock,
            NullLogger<PowerBiPublisher>.Instance);
        var changed = new StarSchema { DimArea = SampleStarSchema.Create().DimArea.Take(2).ToList() };

        clock.Advance(TimeSpan.FromHours(1));
        await Assert.ThrowsAnyAsync<global::Azure.RequestFailedException>(() => broken.PublishAsync(changed, default));

        var manifest = PublishManifest.Parse(await DownloadAsync(scope, "manifest.json"));
        Assert.Equal("snapshots/20261126T050000Z/", manifest.Snapshot);
        Assert.Equal(4, manifest.Tables.Single(t => t.Name == "DimArea").RowCount);
        Assert.Equal(
            manifest.Tables.Single(t => t.Name == "DimArea").ParquetSha256,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await DownloadAsync(scope, "latest/DimArea.parquet"))));
        Assert.Contains("snapshots/20261126T060000Z/DimArea.parquet", await BlobNamesAsync(scope));
    }

    [Fact]
    public async Task PublishAsync_SampleSchema_ManifestHashesMatchTheLatestFiles()
    {
        await using var scope = CreateScope(new FakeTimeProvider(Start));

        var result = await scope.Get<PowerBiPublisher>().PublishAsync(SampleStarSchema.Create(), default);

        foreach (var table in result.Manifest.Tables)
        {
            var parquet = await DownloadAsync(scope, "latest/" + table.Parquet);
            var csv = await DownloadAsync(scope, "latest/" + table.Csv);
            Assert.Equal(table.ParquetSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(parquet)));
            Assert.Equal(table.CsvSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(csv)));
            Assert.Equal(parquet, await DownloadAsync(scope, result.SnapshotFolder + table.Parquet));
        }
    }

    [Fact]
    public async Task PublishAsync_SampleSchema_AzureTablesHoldTheSameRowsAsTheParquetFiles()
    {
        await using var scope = CreateScope(new FakeTimeProvider(Start));
        var publisher = scope.Get<PowerBiPublisher>();

        await publisher.PublishAsync(SampleStarSchema.Create(), default);

        foreach (var table in TableSchemaInfo.Tables)
        {
            var parquet = Path.Combine(Path.GetTempPath(), $"{scope.Id}-{table.Name}.parquet");
            await File.WriteAllBytesAsync(parquet, await DownloadAsync(scope, "latest/" + table.Name + ".parquet"));
            try
            {
                var fromParquet = ReadParquet(parquet, table.Columns.Select(c => c.Name).ToList());
                var fromTable = await ReadTableAsync(scope, publisher.TableName(table), table.Columns.Select(c => c.Name).ToList());

                Assert.Equal(SampleRowCounts[table.Name], fromParquet.Count);
                Assert.Equal(fromParquet, fromTable);
            }
            finally
            {
                File.Delete(parquet);
            }
        }
    }

    [Fact]
    public async Task PublishAsync_SampleSchema_EntitiesArePartitionedForTheDocumentedReads()
    {
        await using var scope = CreateScope(new FakeTimeProvider(Start));
        var publisher = scope.Get<PowerBiPublisher>();

        await publisher.PublishAsync(SampleStarSchema.Create(), default);

        // "All indicators of the city in 2022": one partition, a row-key prefix.
        var city = scope.Get<TableServiceClient>().GetTableClient(publisher.TableName(TableSchemaInfo.FactIndicatorValue));
        var rows = await city.QueryAsync<TableEntity>(e => e.PartitionKey == "2022_640300").ToListAsync();
        Assert.Equal(["640300_RC02", "640300_VS03", "640300_VS08"], rows.Select(r => r.RowKey));
        Assert.Equal(-1.5, rows[1].GetDouble("Value"));
        Assert.Equal(2022, rows[1].GetInt32("Period"));
        Assert.False(rows[1].ContainsKey("MeetsTarget"));
        Assert.True(rows[0].GetBoolean("MeetsTarget"));
    }

    [Fact]
    public async Task PublishAsync_SameDataTwiceWithSkipOff_ChangesOnlyTheSnapshotFolderAndTime()
    {
        var clock = new FakeTimeProvider(Start);
        await using var scope = CreateScope(clock, new Dictionary<string, string?> { ["Publish:SkipUnchanged"] = "false" });
        var publisher = scope.Get<PowerBiPublisher>();
        await publisher.PublishAsync(SampleStarSchema.Create(), default);
        var latestBefore = await DownloadFolderAsync(scope, "latest/");
        var manifestBefore = Encoding.UTF8.GetString(await DownloadAsync(scope, "manifest.json"));
        var entitiesBefore = await AllEntitiesAsync(scope, publisher);

        clock.Advance(TimeSpan.FromHours(1));
        var second = await publisher.PublishAsync(SampleStarSchema.Create(), default);

        var latestAfter = await DownloadFolderAsync(scope, "latest/");
        var manifestAfter = Encoding.UTF8.GetString(await DownloadAsync(scope, "manifest.json"));
        var entitiesAfter = await AllEntitiesAsync(scope, publisher);
        Assert.Equal(13, latestAfter.Count);
        Assert.Equal(latestBefore.Keys, latestAfter.Keys);
        Assert.All(latestBefore.Where(f => !f.Key.EndsWith(".json", StringComparison.Ordinal)), f => Assert.Equal(f.Value, latestAfter[f.Key]));
        Assert.Equal(manifestAfter, Encoding.UTF8.GetString(latestAfter["latest/manifest.json"]));
        Assert.NotEqual(manifestBefore, manifestAfter);
        Assert.Equal(
            manifestBefore.Replace("20261126T050000Z", "T", StringComparison.Ordinal).Replace("2026-11-26T05:00:00+00:00", "T", StringComparison.Ordinal),
            manifestAfter.Replace("20261126T060000Z", "T", StringComparison.Ordinal).Replace("2026-11-26T06:00:00+00:00", "T", StringComparison.Ordinal));
        Assert.Equal("snapshots/20261126T060000Z/", second.SnapshotFolder);
        Assert.Equal(0, second.EntitiesWritten);
        Assert.Equal(0, second.EntitiesDeleted);
        Assert.Equal(entitiesBefore, entitiesAfter);
    }

    [Fact]
    public async Task PublishAsync_SameDataTwice_SecondIsSkippedAndWritesNothing()
    {
        var clock = new FakeTimeProvider(Start);
        await using var scope = CreateScope(clock);
        var publisher = scope.Get<PowerBiPublisher>();
        var first = await publisher.PublishAsync(SampleStarSchema.Create(), default);
        var manifestBefore = await DownloadAsync(scope, "manifest.json");

        clock.Advance(TimeSpan.FromHours(1));
        var second = await publisher.PublishAsync(SampleStarSchema.Create(), default);

        Assert.False(first.Skipped);
        Assert.True(second.Skipped);
        Assert.Equal(first.SnapshotFolder, second.SnapshotFolder);
        Assert.Equal(manifestBefore, await DownloadAsync(scope, "manifest.json"));
        Assert.DoesNotContain(await DownloadFolderAsync(scope, "snapshots/"), f => f.Key.StartsWith("snapshots/20261126T060000Z/", StringComparison.Ordinal));

        // One changed row is published again.
        var changed = SampleStarSchema.Create();
        changed = new StarSchema
        {
            DimArea = changed.DimArea,
            DimIndicator = changed.DimIndicator,
            DimPeriod = changed.DimPeriod,
            FactIndicatorValue = changed.FactIndicatorValue.Skip(1).ToList(),
            FactSubmission = changed.FactSubmission,
            FactCompleteness = changed.FactCompleteness,
        };
        var third = await publisher.PublishAsync(changed, default);
        Assert.False(third.Skipped);
        Assert.Equal("snapshots/20261126T060000Z/", third.SnapshotFolder);
    }

    [Fact]
    public async Task PublishAsync_RowRemovedAndRowChanged_TableEqualsTheNewSnapshot()
    {
        var clock = new FakeTimeProvider(Start);
        await using var scope = CreateScope(clock);
        var publisher = scope.Get<PowerBiPublisher>();
        var first = SampleStarSchema.Create();
        await publisher.PublishAsync(first, default);
        var changed = new StarSchema
        {
            DimArea = first.DimArea,
            FactSubmission = first.FactSubmission.Where(s => s.SubmissionId != "sub-0003")
                .Select(s => s.SubmissionId == "sub-0002" ? s with { Status = "superseded", SupersededBy = "sub-0009" } : s)
                .ToList(),
        };

        clock.Advance(TimeSpan.FromMinutes(10));
        var result = await publisher.PublishAsync(changed, default);

        var submissions = await ReadTableAsync(scope, publisher.TableName(TableSchemaInfo.FactSubmission), ["SubmissionId", "Status", "SupersededBy"]);
        Assert.Equal(["sub-0001|superseded|sub-0002", "sub-0002|superseded|sub-0009"], submissions);
        var sync = result.Tables.Single(t => t.Table.EndsWith("FactSubmission", StringComparison.Ordinal));
        Assert.Equal((1, 1, 1), (sync.Upserted, sync.Deleted, sync.Unchanged));
        Assert.Empty(await ReadTableAsync(scope, publisher.TableName(TableSchemaInfo.FactIndicatorValue), ["AreaCode"]));
        Assert.Equal(4, (await ReadTableAsync(scope, publisher.TableName(TableSchemaInfo.DimArea), ["AreaCode"])).Count);
    }

    [Fact]
    public async Task PublishAsync_250RowsInOnePartition_WritesThemInThreeTransactions()
    {
        await using var scope = CreateScope(new FakeTimeProvider(Start));
        var publisher = scope.Get<PowerBiPublisher>();
        var schema = new StarSchema
        {
            FactIndicatorValue = Enumerable.Range(1, 250)
                .Select(i => new FactIndicatorValueRow("640300", 2022, $"X{i:D3}", i, i, null, null, null, null, null, SampleStarSchema.ComputedAt))
                .ToList(),
        };

        var result = await publisher.PublishAsync(schema, default);

        var sync = result.Tables.Single(t => t.Table.EndsWith("FactIndicatorValue", StringComparison.Ordinal));
        Assert.Equal((250, 3), (sync.Upserted, sync.Transactions));
        Assert.Equal(250, (await ReadTableAsync(scope, publisher.TableName(TableSchemaInfo.FactIndicatorValue), ["IndicatorId"])).Count);
    }

    [Fact]
    public async Task PublishAsync_MoreSnapshotsThanKept_RemovesTheOldestFolders()
    {
        var clock = new FakeTimeProvider(Start);
        await using var scope = CreateScope(clock, new Dictionary<string, string?> { ["Publish:KeepSnapshots"] = "2", ["Publish:SkipUnchanged"] = "false" });
        var publisher = scope.Get<PowerBiPublisher>();

        var removed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            removed.AddRange((await publisher.PublishAsync(SampleStarSchema.Create(), default)).SnapshotsRemoved);
            clock.Advance(TimeSpan.FromDays(1));
        }

        var folders = (await BlobNamesAsync(scope)).Where(n => n.StartsWith("snapshots/", StringComparison.Ordinal)).Select(n => n[..27]).Distinct();
        Assert.Equal(["snapshots/20261127T050000Z/", "snapshots/20261128T050000Z/"], folders);
        Assert.Equal(["snapshots/20261126T050000Z/"], removed);
    }

    // The scope's unique names are applied explicitly: with "CadreStorage" set to a connection string, the shared
    // binding (BindStorage) skips the sub-keys, which would send every test to the same "powerbi" container and tables.
    private TestScope CreateScope(TimeProvider clock, Dictionary<string, string?>? settings = null) =>
        stack.CreateScope(settings, services =>
        {
            services.AddSingleton(clock);
            services.AddOptions<StorageOptions>().PostConfigure<IConfiguration>((o, configuration) =>
            {
                o.PowerBiContainer = configuration["CadreStorage:PowerBiContainer"]!;
                o.TablePrefix = configuration["CadreStorage:TablePrefix"]!;
            });
        });

    private static BlobContainerClient Container(TestScope scope) =>
        scope.Get<BlobServiceClient>().GetBlobContainerClient($"pbi-{scope.Id}");

    private static async Task<List<string>> BlobNamesAsync(TestScope scope) =>
        (await Container(scope).GetBlobsAsync(new global::Azure.Storage.Blobs.Models.GetBlobsOptions()).Select(b => b.Name).ToListAsync())
            .Order(StringComparer.Ordinal).ToList();

    private static async Task<byte[]> DownloadAsync(TestScope scope, string name) =>
        (await Container(scope).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    private static async Task<Dictionary<string, byte[]>> DownloadFolderAsync(TestScope scope, string prefix)
    {
        var result = new Dictionary<string, byte[]>();
        foreach (var name in (await BlobNamesAsync(scope)).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            result[name] = await DownloadAsync(scope, name);
        }

        return result;
    }

    private static async Task<List<string>> AllEntitiesAsync(TestScope scope, PowerBiPublisher publisher)
    {
        var result = new List<string>();
        foreach (var table in TableSchemaInfo.Tables)
        {
            var client = scope.Get<TableServiceClient>().GetTableClient(publisher.TableName(table));
            await foreach (var e in client.QueryAsync<TableEntity>())
            {
                result.Add($"{table.Name}|{e.PartitionKey}|{e.RowKey}|{e.ETag}|{e.Timestamp:O}|" +
                    string.Join('|', e.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}={Show(e[k])}")));
            }
        }

        return result;
    }

    private static async Task<List<string>> ReadTableAsync(TestScope scope, string tableName, IReadOnlyList<string> columns)
    {
        var client = scope.Get<TableServiceClient>().GetTableClient(tableName);
        var rows = new List<string>();
        await foreach (var e in client.QueryAsync<TableEntity>())
        {
            rows.Add(string.Join('|', columns.Select(c => e.TryGetValue(c, out var v) ? Show(v) : "NULL")));
        }

        return rows.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> ReadParquet(string path, IReadOnlyList<string> columns)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Show(reader.GetValue(i)))));
        }

        return rows.Order(StringComparer.Ordinal).ToList();
    }

    // One spelling per value whatever its CLR type: a whole double read back as an integer prints the same.
    private static string Show(object? value) => value switch
    {
        null => "NULL",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
