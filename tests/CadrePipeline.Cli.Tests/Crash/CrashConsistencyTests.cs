using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Tests.Infrastructure;

namespace CadrePipeline.Cli.Tests.Crash;

/// <summary>
/// Crash consistency, with real processes: <c>cadre</c> is killed with SIGKILL (its CADRE_KILL_AT seam) right after
/// each step of an ingest and of a recalculation + publication, then run again (<c>cadre replay</c>,
/// <c>cadre recalc</c>). The end state must equal a clean run's, every time, and a reader who starts from the root
/// manifest.json must always find one whole publication (every file its manifest lists, with that file's hash).
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class CrashConsistencyTests(LocalStackFixture stack)
{
    private const int Killed = 137; // 128 + SIGKILL
    private static readonly string Yanchi = Path.Combine(LocalStackFixture.RepositoryRoot, "sample-data", "640323", "盐池县2022年乡村振兴干部队伍统计报表.xlsx");
    private static readonly string Tongxin = Path.Combine(LocalStackFixture.RepositoryRoot, "sample-data", "640324", "同心县村党组织书记花名册.xls");

    public static TheoryData<string> IngestSteps => new() { "ReportWritten", "RecordsStored", "Superseded", "PartialsUpserted" };

    [Theory]
    [MemberData(nameof(IngestSteps))]
    public async Task Submit_KilledAfterIngestStep_ReplayEndsInTheCleanState(string step)
    {
        _ = stack;
        var clean = new CliRun();
        Assert.Equal(0, (await clean.Cadre(null, "submit", Yanchi, "--county", "640323", "--period", "2022")).Exit);
        Assert.Equal(0, (await clean.Cadre(null, "recalc", "--period", "2022")).Exit);

        var crashed = new CliRun();
        var killed = await crashed.Cadre($"ingest:{step}", "submit", Yanchi, "--county", "640323", "--period", "2022");
        Assert.Equal(Killed, killed.Exit);
        var id = SubmissionId("640323", Yanchi);
        Assert.Equal(0, (await crashed.Cadre(null, "replay", id)).Exit);
        Assert.Equal(0, (await crashed.Cadre(null, "recalc", "--period", "2022")).Exit);

        var status = await crashed.Cadre(null, "status", "--json");
        using var ledger = JsonDocument.Parse(status.Out);
        var entry = Assert.Single(ledger.RootElement.EnumerateArray());
        Assert.Equal(id, entry.GetProperty("id").GetString());
        Assert.Equal("aggregated", entry.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal(await clean.PublishedAsync(), await crashed.PublishedAsync());
    }

    [Fact]
    public async Task Recalc_KilledAfterEachPublishStep_ReaderSeesOneWholePublicationAndRerunEndsClean()
    {
        var clean = new CliRun();
        Assert.Equal(0, (await clean.Cadre(null, "submit", Yanchi, "--county", "640323", "--period", "2022")).Exit);
        Assert.Equal(0, (await clean.Cadre(null, "submit", Tongxin, "--county", "640324", "--period", "2022")).Exit);
        Assert.Equal(0, (await clean.Cadre(null, "recalc", "--period", "2022")).Exit);

        // A first publication (Yanchi only), then Tongxin's upload: each killed recalculation would publish a new one.
        var run = new CliRun();
        Assert.Equal(0, (await run.Cadre(null, "submit", Yanchi, "--county", "640323", "--period", "2022")).Exit);
        Assert.Equal(0, (await run.Cadre(null, "recalc", "--period", "2022")).Exit);
        var first = await run.RootSnapshotAsync();
        Assert.Equal(0, (await run.Cadre(null, "submit", Tongxin, "--county", "640324", "--period", "2022")).Exit);

        foreach (var step in new[] { "ParentsRecalculated", "SnapshotWritten", "TablesSynced", "LatestWritten", "ManifestWritten" })
        {
            Assert.Equal(Killed, (await run.Cadre($"publish:{step}", "recalc", "--period", "2022")).Exit);
            var named = await run.RootSnapshotAsync();
            Assert.True(step == "ManifestWritten" ? named != first : true, $"after {step}: the root manifest should name the new snapshot");
            await run.AssertWholePublicationAsync();

            // The killed run's lock blocks a rerun until its (short, 3 s here) lease lapses; then the rerun takes it over.
            Assert.Equal(0, await run.RecalcUntilItRunsAsync());
            Assert.Equal(await clean.PublishedAsync(), await run.PublishedAsync());
            await run.AssertWholePublicationAsync();
        }
    }

    private static string SubmissionId(string county, string file) =>
        $"{county}-2022-{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))[..16].ToLowerInvariant()}";

    /// <summary>One set of unique stores, and the CLI run as a child process against them.</summary>
    private sealed class CliRun
    {
        private readonly Dictionary<string, string?> _settings = LocalStackFixture.UniqueSettings(Guid.NewGuid().ToString("N")[..10]);

        public async Task<(int Exit, string Out, string Err)> Cadre(string? killAt, params string[] args)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "cadre.dll");
            var start = new ProcessStartInfo("dotnet", [dll, .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = LocalStackFixture.RepositoryRoot,
                StandardOutputEncoding = Encoding.UTF8,
            };
            start.Environment["CADRE_ROOT"] = LocalStackFixture.RepositoryRoot;
            start.Environment["Ingest__FirstRetryDelay"] = "00:00:00.100";
            start.Environment["Recalc__LockLease"] = "00:00:03";

            // Every killed recalculation must reach its publish steps, even when its data was already published.
            start.Environment["Publish__SkipUnchanged"] = "false";
            foreach (var (key, value) in _settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            if (killAt is not null)
            {
                start.Environment["CADRE_KILL_AT"] = killAt;
            }

            using var p = Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            return (p.ExitCode, await stdout, await stderr);
        }

        /// <summary><c>cadre recalc</c> again while it answers that another run holds the lock (at most 20 s).</summary>
        public async Task<int> RecalcUntilItRunsAsync()
        {
            for (var attempt = 0; ; attempt++)
            {
                var (exit, _, err) = await Cadre(null, "recalc", "--period", "2022");
                if (exit == 0 || attempt >= 20 || !err.Contains("holds the lock", StringComparison.Ordinal))
                {
                    return exit;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        private BlobContainerClient PowerBi => new BlobServiceClient(LocalStackFixture.StorageConnectionString).GetBlobContainerClient(_settings["CadreStorage:PowerBiContainer"]);

        /// <summary>The snapshot folder the root manifest names.</summary>
        public async Task<string> RootSnapshotAsync()
        {
            using var manifest = JsonDocument.Parse((await PowerBi.GetBlobClient("manifest.json").DownloadContentAsync()).Value.Content.ToString());
            return manifest.RootElement.GetProperty("snapshot").GetString()!;
        }

        /// <summary>Everything the root manifest names exists in its folder with the hash the manifest gives.</summary>
        public async Task AssertWholePublicationAsync()
        {
            using var manifest = JsonDocument.Parse((await PowerBi.GetBlobClient("manifest.json").DownloadContentAsync()).Value.Content.ToString());
            var folder = manifest.RootElement.GetProperty("snapshot").GetString()!;
            foreach (var table in manifest.RootElement.GetProperty("tables").EnumerateArray())
            {
                foreach (var (file, hash) in new[] { ("parquet", "parquetSha256"), ("csv", "csvSha256") })
                {
                    var bytes = (await PowerBi.GetBlobClient(folder + table.GetProperty(file).GetString()).DownloadContentAsync()).Value.Content.ToArray();
                    Assert.Equal(table.GetProperty(hash).GetString(), Convert.ToHexString(SHA256.HashData(bytes)), ignoreCase: true);
                }
            }
        }

        /// <summary>latest/'s CSV of every table, time columns dropped: what a clean and a crashed run must share.</summary>
        public async Task<string> PublishedAsync() =>
            string.Join("\n", (await PublishedCsv.ReadLatestAsync(PowerBi)).Select(kv => kv.Key + "\n" + kv.Value));
    }
}
