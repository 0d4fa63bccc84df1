using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Tests.Infrastructure;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace CadrePipeline.Azure.Tests.Ingest;

/// <summary>
/// Concurrency and load on the real local stack: many uploads of one county at once, and 200 uploads of a synthetic
/// province 8 at a time with recalculations running meanwhile. The latest-received upload of each form wins, no
/// supersession is lost, and the ledger has exactly one entry per upload, each aggregated.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class ConcurrencyTests(LocalStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Ingest_TwentyUploadsOfOneCountyAtOnce_LatestReceivedWinsAndNoneIsLost()
    {
        await using var scope = stack.CreateScope();
        var api = scope.Get<SubmissionApi>();
        const string county = "640323";

        // 20 rosters of 1..20 secretaries (distinct bytes), uploaded at once; each upload's receive time is recorded
        // by the upload itself.
        var receipts = await Task.WhenAll(Enumerable.Range(1, 20).Select(async n =>
        {
            var (csv, _) = TestFiles.SecretariesCsv(county, n);
            using var content = new MemoryStream(csv);
            return (Count: n, Receipt: Assert.IsType<UploadReceipt>((await api.UploadAsync(county, "2022", $"书记{n}.csv", content, processNow: false, CancellationToken.None)).Body));
        }));
        var received = await ReceivedTimesAsync(scope, receipts.Select(r => r.Receipt));

        var attempts = scope.Get<IngestAttempts>();
        var runs = await Task.WhenAll(receipts.Select(r => attempts.RunAsync(county, "2022", r.Receipt.StoredFileName())));
        Assert.All(runs, r => Assert.True(r.Succeeded, r.LastError?.ToString()));

        // The winner: the latest receive time, ties broken by the larger submission id (docs/storage.md).
        var winner = receipts.OrderBy(r => received[r.Receipt.SubmissionId]).ThenBy(r => r.Receipt.SubmissionId, StringComparer.Ordinal).Last();
        var (current, _) = await scope.Get<SubmissionLedger>().GetCurrentAsync(county, 2022, CancellationToken.None);
        Assert.Equal(winner.Receipt.SubmissionId, Assert.Single(current.Forms).Value.SubmissionId);
        var vs01 = await IngestServiceTests.CountyValueAsync(scope, county, "VS01");
        Assert.Equal(winner.Count, vs01!.Numerator);

        var ledger = await scope.Get<SubmissionLedger>().ListAsync(county, 2022, CancellationToken.None);
        Assert.Equal(20, ledger.Count);
        Assert.All(ledger, d => Assert.Equal(SubmissionStatus.Aggregated, d.Status));
        Assert.Equal(19, ledger.Count(d => d.SupersededBy is not null));
        Assert.Null(ledger.Single(d => d.Id == winner.Receipt.SubmissionId).SupersededBy);
    }

    [Fact]
    public async Task Ingest_TwoHundredUploadsOfAProvinceEightAtATimeWithRecalculations_EveryCountyEndsOnItsLatestUpload()
    {
        // A synthetic province: 20 counties in two cities, each uploading 10 rosters.
        var json = new StringBuilder("""{ "areas": [ { "code": "990000", "nameZh": "负载省", "nameEn": "Load", "level": "Province", "parent": null }""");
        json.Append(""", { "code": "990100", "nameZh": "甲市", "nameEn": "A", "level": "City", "parent": "990000" }""");
        json.Append(""", { "code": "990200", "nameZh": "乙市", "nameEn": "B", "level": "City", "parent": "990000" }""");
        var counties = Enumerable.Range(1, 20).Select(i => $"990{(i <= 10 ? 1 : 2)}{i:00}").ToList();
        foreach (var c in counties)
        {
            json.Append(CultureInfo.InvariantCulture, $$""", { "code": "{{c}}", "nameZh": "县{{c}}", "nameEn": "C{{c}}", "level": "County", "parent": "{{c[..4]}}00" }""");
        }

        json.Append("] }");
        var catalog = AreaCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json.ToString())));
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton(catalog));
        var api = scope.Get<SubmissionApi>();
        var attempts = scope.Get<IngestAttempts>();

        // Upload k (1..10) of a county holds k + (county index mod 3) secretaries.
        var uploads = counties.SelectMany((c, ci) => Enumerable.Range(1, 10).Select(k => (County: c, Count: k + (ci % 3)))).ToList();
        var receipts = new List<(string County, int Count, UploadReceipt Receipt)>();
        foreach (var u in uploads)
        {
            var (csv, _) = TestFiles.SecretariesCsv(u.County, u.Count);
            using var content = new MemoryStream(csv);
            receipts.Add((u.County, u.Count, Assert.IsType<UploadReceipt>((await api.UploadAsync(u.County, "2022", $"书记{u.Count}.csv", content, processNow: false, CancellationToken.None)).Body)));
        }

        var received = await ReceivedTimesAsync(scope, receipts.Select(r => r.Receipt));
        using var stop = new CancellationTokenSource();
        var recalculations = 0;
        var recalcLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if ((await scope.Get<RecalculationService>().RecalculateAsync(2022, CancellationToken.None)).Ran)
                {
                    Interlocked.Increment(ref recalculations);
                }

                await Task.Delay(500, CancellationToken.None);
            }
        });

        // Ingested in a shuffled order, 8 at a time.
        var order = receipts.OrderBy(r => r.Receipt.SubmissionId, StringComparer.Ordinal).ToList();
        using var gate = new SemaphoreSlim(8);
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(order.Select(async r =>
        {
            await gate.WaitAsync();
            try
            {
                return await attempts.RunAsync(r.County, "2022", r.Receipt.StoredFileName());
            }
            finally
            {
                gate.Release();
            }
        }));
        clock.Stop();
        await stop.CancelAsync();
        await recalcLoop;
        Assert.True((await scope.Get<RecalculationService>().RecalculateAsync(2022, CancellationToken.None)).Ran);
        var perMinute = runs.Length / clock.Elapsed.TotalMinutes;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{runs.Length} submissions in {clock.Elapsed.TotalSeconds:0.0} s, 8 at a time: {perMinute:0} per minute; {recalculations} recalculations meanwhile"));
        File.WriteAllText(Path.Combine(LocalStackFixture.RepositoryRoot, "TestResults", "load-summary.txt"),
            string.Create(CultureInfo.InvariantCulture, $"{runs.Length} submissions in {clock.Elapsed.TotalSeconds:0.0} s (8 at a time): {perMinute:0}/min; {recalculations} recalculations meanwhile\n"));
        Assert.All(runs, r => Assert.True(r.Succeeded, r.LastError?.ToString()));

        var store = scope.Get<IndicatorStore>();
        var expectedProvince = 0m;
        foreach (var c in counties)
        {
            var mine = receipts.Where(r => r.County == c).ToList();
            var winner = mine.OrderBy(r => received[r.Receipt.SubmissionId]).ThenBy(r => r.Receipt.SubmissionId, StringComparer.Ordinal).Last();
            var ledger = await scope.Get<SubmissionLedger>().ListAsync(c, 2022, CancellationToken.None);
            Assert.Equal(10, ledger.Count);
            Assert.All(ledger, d => Assert.Equal(SubmissionStatus.Aggregated, d.Status));
            Assert.Equal(mine.Select(r => r.Receipt.SubmissionId).Order(StringComparer.Ordinal), ledger.Select(d => d.Id).Order(StringComparer.Ordinal));
            Assert.Equal(9, ledger.Count(d => d.SupersededBy is not null));
            var vs01 = (await store.ListAreaAsync(2022, c, $"{c[..4]}00", CancellationToken.None)).Single(d => d.IndicatorId == "VS01");
            Assert.Equal(winner.Count, vs01.Numerator);
            expectedProvince += winner.Count;
        }

        var province = (await store.ListAreaAsync(2022, "990000", RecalculationService.RootParent, CancellationToken.None)).Single(d => d.IndicatorId == "VS01");
        Assert.Equal(expectedProvince, province.Numerator);
    }

    /// <summary>The receive time each upload recorded (blob metadata), by submission id.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> ReceivedTimesAsync(TestScope scope, IEnumerable<UploadReceipt> receipts)
    {
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var container = scope.Get<BlobServiceClient>().GetBlobContainerClient(storage.SubmissionsContainer);
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var r in receipts)
        {
            var props = await container.GetBlobClient(r.BlobPath[(r.BlobPath.IndexOf('/') + 1)..]).GetPropertiesAsync();
            result[r.SubmissionId] = DateTimeOffset.Parse(props.Value.Metadata[IngestService.ReceivedAtMetadata], CultureInfo.InvariantCulture);
        }

        return result;
    }
}
