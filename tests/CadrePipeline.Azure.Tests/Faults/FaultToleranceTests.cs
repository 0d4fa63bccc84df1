using System.Globalization;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Tests.Infrastructure;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace CadrePipeline.Azure.Tests.Faults;

/// <summary>
/// The whole Wuzhong sample submitted (as <c>cadre submit</c> does), recalculated and published twice: once straight
/// to the local stack, once through fault-injecting proxies — Azurite: 10 % of requests answered 503 ServerBusy and
/// 5 % of connections cut after the work was done; Cosmos: 10 % answered 429 and 3 % cut after the work. The
/// published tables must be identical (times aside), and no submission lost, duplicated or left unaggregated.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class FaultToleranceTests(LocalStackFixture stack, ITestOutputHelper output)
{
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task SampleData_ThroughStorageAndCosmosFaults_PublishesTheTablesOfACleanRun()
    {
        Dictionary<string, string> clean;
        await using (var scope = stack.CreateScope(FastRetries()))
        {
            await SubmitSampleAndPublishAsync(scope);
            clean = await PublishedCsvAsync(scope);
        }

        var storageFaults = new FaultPlan(seed: 20221231)
        {
            RejectRate = 0.10,
            CutRate = 0.05,
            RejectStatus = 503,
            RejectHeaders = new Dictionary<string, string> { ["x-ms-error-code"] = "ServerBusy", ["Content-Type"] = "application/xml" },
            RejectBody = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>The server is busy.</Message></Error>",
        };
        var tableFaults = new FaultPlan(seed: 20221230)
        {
            RejectRate = 0.10,
            CutRate = 0.05,
            RejectStatus = 503,
            RejectHeaders = new Dictionary<string, string> { ["x-ms-error-code"] = "ServerBusy", ["Content-Type"] = "application/json" },
            RejectBody = "{\"odata.error\":{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"The server is busy.\"}}}",
        };
        var cosmosFaults = new FaultPlan(seed: 20221229)
        {
            RejectRate = 0.10,
            CutRate = 0.03,
            RejectStatus = 429,
            RejectHeaders = new Dictionary<string, string> { ["x-ms-retry-after-ms"] = "5", ["x-ms-substatus"] = "3200", ["Content-Type"] = "application/json" },
            RejectBody = "{\"code\":\"429\",\"message\":\"Request rate is large.\"}",
        };
        await using var blobProxy = await FaultProxy.StartAsync(new Uri("http://127.0.0.1:10000/"), storageFaults, https: false);
        await using var tableProxy = await FaultProxy.StartAsync(new Uri("http://127.0.0.1:10002/"), tableFaults, https: false);
        await using var cosmosProxy = await FaultProxy.StartAsync(new Uri(LocalStackFixture.CosmosEndpoint), cosmosFaults, https: true);
        var settings = FastRetries();
        settings["CadreStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};"
            + $"BlobEndpoint={blobProxy.Endpoint}devstoreaccount1;TableEndpoint={tableProxy.Endpoint}devstoreaccount1;";
        settings["Cosmos:AccountEndpoint"] = cosmosProxy.Endpoint.ToString();

        await using var faulty = stack.CreateScope(settings);
        await SubmitSampleAndPublishAsync(faulty);
        storageFaults.Enabled = tableFaults.Enabled = cosmosFaults.Enabled = false;
        var published = await PublishedCsvAsync(faulty);
        var ledger = new List<SubmissionDocument>();
        foreach (var county in AreaCatalog.Default.Counties)
        {
            ledger.AddRange(await faulty.Get<SubmissionLedger>().ListAsync(county.Code, 2022, CancellationToken.None));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"faults injected: blob {blobProxy.Rejected} × 503 + {blobProxy.Cut} cut of {blobProxy.Requests}; table {tableProxy.Rejected} × 503 + {tableProxy.Cut} cut of {tableProxy.Requests}; cosmos {cosmosProxy.Rejected} × 429 + {cosmosProxy.Cut} cut of {cosmosProxy.Requests}; ledger attempts {ledger.Sum(d => d.Attempts)} for {ledger.Count} submissions"));
        File.WriteAllText(Path.Combine(LocalStackFixture.RepositoryRoot, "TestResults", "fault-summary.txt"), string.Create(CultureInfo.InvariantCulture,
            $"blob {blobProxy.Rejected}x503 {blobProxy.Cut}cut /{blobProxy.Requests}; table {tableProxy.Rejected}x503 {tableProxy.Cut}cut /{tableProxy.Requests}; cosmos {cosmosProxy.Rejected}x429 {cosmosProxy.Cut}cut /{cosmosProxy.Requests}; attempts {ledger.Sum(d => d.Attempts)} for {ledger.Count}\n"));

        // Faults really happened on every path, at about the rates set.
        Assert.True(blobProxy.Cut > 0 && blobProxy.Rejected > 0 && tableProxy.Cut > 0 && cosmosProxy.Cut > 0 && cosmosProxy.Rejected > 0);

        // 24 sample files: 24 ledger entries, one per file, each aggregated.
        Assert.Equal(24, ledger.Count);
        Assert.Equal(24, ledger.Select(d => d.Id).Distinct().Count());
        Assert.All(ledger, d => Assert.Equal(SubmissionStatus.Aggregated, d.Status));

        Assert.Equal(clean.Keys.Order(), published.Keys.Order());
        foreach (var table in PublishedCsv.Tables)
        {
            Assert.Equal(clean[table], published[table]);
        }
    }

    private static Dictionary<string, string?> FastRetries() => new()
    {
        ["CadreStorage:RetryDelay"] = "00:00:00.050",
        ["Ingest:FirstRetryDelay"] = "00:00:00.200",
    };

    /// <summary>Every sample file of every county, stored then ingested with the trigger's retries (cadre submit's path), then one recalculation.</summary>
    private static async Task SubmitSampleAndPublishAsync(TestScope scope)
    {
        var api = scope.Get<SubmissionApi>();
        var attempts = scope.Get<IngestAttempts>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(LocalStackFixture.RepositoryRoot, "sample-data")).Where(d => AreaCatalog.Default.IsCounty(Path.GetFileName(d))).Order(StringComparer.Ordinal))
        {
            var county = Path.GetFileName(dir);
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                await using var content = File.OpenRead(file);
                var receipt = Assert.IsType<UploadReceipt>((await api.UploadAsync(county, "2022", Path.GetFileName(file), content, processNow: false, CancellationToken.None)).Body);
                var run = await attempts.RunAsync(county, "2022", receipt.StoredFileName());
                Assert.True(run.Succeeded, $"{file}: {run.LastError}");
            }
        }

        var outcome = await scope.Get<RecalculationService>().RecalculateAsync(2022, CancellationToken.None);
        Assert.True(outcome.Ran);
    }

    private static Task<Dictionary<string, string>> PublishedCsvAsync(TestScope scope) =>
        PublishedCsv.ReadLatestAsync(scope.Get<BlobServiceClient>().GetBlobContainerClient(scope.Get<IOptions<StorageOptions>>().Value.PowerBiContainer));
}
