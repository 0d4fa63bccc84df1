using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Cosmos;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Tests.Ingest;

[Collection(LocalStackCollection.Name)]
public sealed class IngestServiceTests(LocalStackFixture stack)
{
    private const string Yanchi = "640323";
    private const string Tongxin = "640324";
    private const string City = "640300";

    [Fact]
    public async Task Ingest_SameFileTwice_OneEffectiveSubmission()
    {
        await using var scope = stack.CreateScope();
        var (csv, _) = TestFiles.SecretariesCsv(Yanchi, 3);
        await UploadAsync(scope, Yanchi, "书记.csv", csv);
        await UploadAsync(scope, Yanchi, "书记-再次.csv", csv);
        var ingest = scope.Get<IngestService>();

        var first = await ingest.IngestAsync(Yanchi, "2022", "书记.csv");
        var again = await ingest.IngestAsync(Yanchi, "2022", "书记.csv");
        var renamed = await ingest.IngestAsync(Yanchi, "2022", "书记-再次.csv");

        Assert.Equal(IngestResultKind.Processed, first.Kind);
        Assert.Equal(SubmissionStatus.Aggregated, first.Submission.Status);
        Assert.Equal(IngestResultKind.Unchanged, again.Kind);
        Assert.Equal(IngestResultKind.Unchanged, renamed.Kind);
        var ledger = await scope.Get<SubmissionLedger>().ListAsync(Yanchi, 2022, CancellationToken.None);
        var entry = Assert.Single(ledger);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal([$"{Yanchi}/2022/书记-再次.csv"], entry.DuplicateUploads);
        Assert.Equal(3m, (await CountyValueAsync(scope, Yanchi, "VS01"))!.Numerator);
    }

    [Fact]
    public async Task Ingest_RepeatedUploadAfterItsPartialsWereLost_StoresThemAgain()
    {
        // What an upgrade from the former per-indicator layout, or a deleted document, leaves: a ledger that says
        // aggregated and no partials document. The repeated upload is still a no-op for the ledger, and repairs them.
        await using var scope = stack.CreateScope();
        var (csv, _) = TestFiles.SecretariesCsv(Yanchi, 4);
        await UploadAsync(scope, Yanchi, "书记.csv", csv);
        var ingest = scope.Get<IngestService>();
        Assert.Equal(IngestResultKind.Processed, (await ingest.IngestAsync(Yanchi, "2022", "书记.csv")).Kind);
        var cosmos = scope.Get<CadrePipeline.Azure.Cosmos.CosmosStore>();
        await cosmos.Indicators.DeleteItemAsync<PartialsDocument>(PartialsDocument.IdFor(Yanchi, 2022), new Microsoft.Azure.Cosmos.PartitionKey(PartialsDocument.PkFor(2022, City)));
        Assert.Null(await CountyValueAsync(scope, Yanchi, "VS01"));

        var again = await ingest.IngestAsync(Yanchi, "2022", "书记.csv");

        Assert.Equal(IngestResultKind.Unchanged, again.Kind);
        Assert.Equal(4m, (await CountyValueAsync(scope, Yanchi, "VS01"))!.Numerator);
        Assert.Equal(1, Assert.Single(await scope.Get<SubmissionLedger>().ListAsync(Yanchi, 2022, CancellationToken.None)).Attempts);
    }

    [Fact]
    public async Task Ingest_CorrectedFile_ReplacesFiguresAndMarksOldSuperseded()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2023, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton<TimeProvider>(clock));
        var ingest = scope.Get<IngestService>();
        var (original, _) = TestFiles.SecretariesCsv(Yanchi, 3);
        var (corrected, _) = TestFiles.SecretariesCsv(Yanchi, 5);

        await UploadAsync(scope, Yanchi, "v1.csv", original);
        var v1 = await ingest.IngestAsync(Yanchi, "2022", "v1.csv");
        Assert.Equal(3m, (await CountyValueAsync(scope, Yanchi, "VS01"))!.Numerator);

        await UploadAsync(scope, Yanchi, "v2.csv", corrected);
        var v2 = await ingest.IngestAsync(Yanchi, "2022", "v2.csv");

        Assert.Equal(5m, (await CountyValueAsync(scope, Yanchi, "VS01"))!.Numerator);
        var old = await scope.Get<SubmissionLedger>().GetAsync(v1.Submission.Id, CancellationToken.None);
        Assert.Equal(v2.Submission.Id, old!.SupersededBy);
        Assert.Null(v2.Submission.SupersededBy);
        var (current, _) = await scope.Get<SubmissionLedger>().GetCurrentAsync(Yanchi, 2022, CancellationToken.None);
        Assert.Equal(v2.Submission.Id, current.Forms["village-secretaries@2021"].SubmissionId);
    }

    [Fact]
    public async Task Ingest_OtherTermOnly_LeavesCurrentTermRosterAlone()
    {
        await using var scope = stack.CreateScope();
        var ingest = scope.Get<IngestService>();
        var (term2021, _) = TestFiles.SecretariesCsv(Yanchi, 4, term: 2021);
        var (term2018, _) = TestFiles.SecretariesCsv(Yanchi, 2, term: 2018, firstPerson: 100);

        await UploadAsync(scope, Yanchi, "2021.csv", term2021);
        await ingest.IngestAsync(Yanchi, "2022", "2021.csv");
        await UploadAsync(scope, Yanchi, "2018.csv", term2018);
        var second = await ingest.IngestAsync(Yanchi, "2022", "2018.csv");

        var (current, _) = await scope.Get<SubmissionLedger>().GetCurrentAsync(Yanchi, 2022, CancellationToken.None);
        Assert.Equal(["village-secretaries@2018", "village-secretaries@2021"], current.Forms.Keys.Order(StringComparer.Ordinal));
        Assert.Null(second.Submission.SupersededBy);
        Assert.Equal(4m, (await CountyValueAsync(scope, Yanchi, "VS01"))!.Numerator);
    }

    [Fact]
    public async Task Ingest_BrokenFile_RejectedWithReportAndBlobKept()
    {
        await using var scope = stack.CreateScope();
        var bytes = Encoding.UTF8.GetBytes("this is not a spreadsheet at all");
        await UploadAsync(scope, Yanchi, "报表.xlsx", bytes);

        var outcome = await scope.Get<IngestService>().IngestAsync(Yanchi, "2022", "报表.xlsx");

        Assert.Equal(SubmissionStatus.Rejected, outcome.Submission.Status);
        var report = await scope.Get<IngestService>().GetReportAsync(outcome.Submission, CancellationToken.None);
        Assert.NotNull(report);
        Assert.False(report.Valid);
        Assert.Contains(report.FileFindings, f => f.Severity == Core.Reports.Severity.Error);
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var blob = scope.Get<BlobServiceClient>().GetBlobContainerClient(storage.SubmissionsContainer).GetBlobClient($"{Yanchi}/2022/报表.xlsx");
        Assert.True((await blob.ExistsAsync()).Value);
        Assert.Null(await CountyValueAsync(scope, Yanchi, "VS01"));
    }

    [Theory]
    [InlineData("999999", "2022", "a.csv", "county-unknown")]
    [InlineData(Yanchi, "22", "a.csv", "period-invalid")]
    [InlineData(Yanchi, "2022", "a.exe", "file-name-invalid")]
    public async Task Ingest_BadPath_RejectedWithFileFinding(string county, string period, string name, string code)
    {
        await using var scope = stack.CreateScope();
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var container = scope.Get<BlobServiceClient>().GetBlobContainerClient(storage.SubmissionsContainer);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{county}/{period}/{name}").UploadAsync(BinaryData.FromString("x"));

        var outcome = await scope.Get<IngestService>().IngestAsync(county, period, name);

        Assert.Equal(SubmissionStatus.Rejected, outcome.Submission.Status);
        var report = await scope.Get<IngestService>().GetReportAsync(outcome.Submission, CancellationToken.None);
        Assert.Equal(code, Assert.Single(report!.FileFindings).Code);
    }

    [Fact]
    public async Task Ingest_FaultBetweenRecordsAndPartials_RerunConvergesToCleanState()
    {
        var (csv, _) = TestFiles.SecretariesCsv(Yanchi, 6);
        var fault = new FailOnce(IngestStep.RecordsStored);
        await using var faulty = stack.CreateScope(customize: s => s.AddSingleton<IIngestStepObserver>(fault));
        await using var clean = stack.CreateScope();
        await UploadAsync(faulty, Yanchi, "f.csv", csv);
        await UploadAsync(clean, Yanchi, "f.csv", csv);

        await Assert.ThrowsAsync<InvalidOperationException>(() => faulty.Get<IngestService>().IngestAsync(Yanchi, "2022", "f.csv"));
        var failed = Assert.Single(await faulty.Get<SubmissionLedger>().ListAsync(Yanchi, 2022, CancellationToken.None));
        Assert.Equal(SubmissionStatus.Failed, failed.Status);
        Assert.Contains("injected", failed.LastError, StringComparison.Ordinal);

        var rerun = await faulty.Get<IngestService>().IngestAsync(Yanchi, "2022", "f.csv");
        await clean.Get<IngestService>().IngestAsync(Yanchi, "2022", "f.csv");

        Assert.Equal(SubmissionStatus.Aggregated, rerun.Submission.Status);
        Assert.Equal(await IndicatorStateAsync(clean, Yanchi), await IndicatorStateAsync(faulty, Yanchi));
        Assert.Equal(await CuratedStateAsync(clean), await CuratedStateAsync(faulty));
    }

    [Fact]
    public async Task Ingest_TwoCountiesAtOnce_NoInterference()
    {
        await using var scope = stack.CreateScope();
        var (yanchi, _) = TestFiles.SecretariesCsv(Yanchi, 7);
        var (tongxin, _) = TestFiles.SecretariesCsv(Tongxin, 4);
        await UploadAsync(scope, Yanchi, "y.csv", yanchi);
        await UploadAsync(scope, Tongxin, "t.csv", tongxin);
        var ingest = scope.Get<IngestService>();

        await Task.WhenAll(ingest.IngestAsync(Yanchi, "2022", "y.csv"), ingest.IngestAsync(Tongxin, "2022", "t.csv"));

        Assert.Equal(7m, (await CountyValueAsync(scope, Yanchi, "VS01"))!.Numerator);
        Assert.Equal(4m, (await CountyValueAsync(scope, Tongxin, "VS01"))!.Numerator);
    }

    [Fact]
    public async Task Ingest_TwoUploadsOfOneCountyProcessedAtOnce_LatestReceivedWins()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2023, 1, 5, 8, 0, 0, TimeSpan.Zero));
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton<TimeProvider>(clock));
        var api = scope.Get<CadrePipeline.Azure.Api.SubmissionApi>();
        var (older, _) = TestFiles.SecretariesCsv(Yanchi, 2);
        var (newer, _) = TestFiles.SecretariesCsv(Yanchi, 9);
        var first = (CadrePipeline.Azure.Api.UploadReceipt)(await api.UploadAsync(Yanchi, "2022", "书记.csv", new MemoryStream(older), processNow: false, CancellationToken.None)).Body!;
        clock.Advance(TimeSpan.FromMilliseconds(300)); // the same second: blob timestamps alone could not order them
        var second = (CadrePipeline.Azure.Api.UploadReceipt)(await api.UploadAsync(Yanchi, "2022", "书记.csv", new MemoryStream(newer), processNow: false, CancellationToken.None)).Body!;
        var ingest = scope.Get<IngestService>();

        // Processed in the opposite order, concurrently.
        await Task.WhenAll(
            ingest.IngestAsync(Yanchi, "2022", second.BlobPath.Split('/')[^1]),
            ingest.IngestAsync(Yanchi, "2022", first.BlobPath.Split('/')[^1]));

        Assert.Equal(9m, (await CountyValueAsync(scope, Yanchi, "VS01"))!.Numerator);
        var olderDoc = await scope.Get<SubmissionLedger>().GetAsync(first.SubmissionId, CancellationToken.None);
        Assert.Equal(second.SubmissionId, olderDoc!.SupersededBy);
        Assert.Equal("书记.csv", olderDoc.FileName);
    }

    [Fact]
    public async Task Ingest_SamePersonInTwoCounties_WarningOnBothReportsOnce()
    {
        await using var scope = stack.CreateScope();
        var (yanchi, people) = TestFiles.SecretariesCsv(Yanchi, 3);
        // Tongxin's roster: the same three people (same ID numbers), filed under Tongxin.
        var tongxin = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(yanchi).Replace($"\n{Yanchi},", $"\n{Tongxin},", StringComparison.Ordinal));
        await UploadAsync(scope, Yanchi, "y.csv", yanchi);
        await UploadAsync(scope, Tongxin, "t.csv", tongxin);
        var ingest = scope.Get<IngestService>();

        var y = await ingest.IngestAsync(Yanchi, "2022", "y.csv");
        var t = await ingest.IngestAsync(Tongxin, "2022", "t.csv");
        await ingest.IngestAsync(Tongxin, "2022", "t.csv", force: true); // a replay adds nothing twice

        foreach (var (doc, other) in new[] { (y.Submission, Tongxin), (t.Submission, Yanchi) })
        {
            var report = await ingest.GetReportAsync(doc, CancellationToken.None);
            var warnings = report!.Sheets.SelectMany(s => s.Findings).Where(f => f.Code == "person-in-other-county").ToList();
            // Masked as validation-report.md shows it: first 6, eight stars, last 2. The ID number is column E (县, 乡镇, 村, 姓名, 身份证号); data rows 2–4 under the header.
            Assert.Equal(["E2", "E3", "E4"], warnings.Select(f => f.Cell).Order(StringComparer.Ordinal));
            Assert.All(warnings, f => Assert.Equal(Core.Reports.Severity.Warning, f.Severity));
            Assert.All(warnings, f => Assert.Contains(other, f.Message, StringComparison.Ordinal));
            Assert.Equal(people[0].IdNumber[..6] + "********" + people[0].IdNumber[^2..], warnings.Single(f => f.Cell == "E2").Value);
            var ledgerEntry = await scope.Get<SubmissionLedger>().GetAsync(doc.Id, CancellationToken.None);
            Assert.Equal(3, ledgerEntry!.FindingCounts["person-in-other-county"]);
            Assert.Equal(SubmissionStatus.Aggregated, ledgerEntry.Status);
        }

        // Warnings only: both counties keep all three rows.
        Assert.Equal(3m, (await CountyValueAsync(scope, Yanchi, "VS01"))!.Numerator);
        Assert.Equal(3m, (await CountyValueAsync(scope, Tongxin, "VS01"))!.Numerator);
    }

    [Fact]
    public async Task Ingest_Anything_NoNameOrIdNumberInAnyOutput()
    {
        var logs = new CapturingLoggerProvider();
        await using var scope = stack.CreateScope(customize: s => s.AddLogging(b => b.AddProvider(logs)));
        var (csv, people) = TestFiles.SecretariesCsv(Yanchi, 5);
        // One bad row too, so the report has findings with values in it.
        var bad = Encoding.UTF8.GetBytes($"{TestFiles.SecretaryHeader}\n{Yanchi},测试镇,坏村,坏人甲,{people[0].IdNumber[..17]}0,男,汉族,1970.01,大专,1995.07,2021,新任,是,否,是,是\n");
        await UploadAsync(scope, Yanchi, "ok.csv", csv);
        await UploadAsync(scope, Yanchi, "bad.csv", [.. Encoding.UTF8.GetPreamble(), .. bad]);
        await scope.Get<IngestService>().IngestAsync(Yanchi, "2022", "ok.csv");
        await scope.Get<IngestService>().IngestAsync(Yanchi, "2022", "bad.csv");
        Assert.True((await scope.Get<RecalculationService>().RecalculateAsync(2022, CancellationToken.None)).Ran); // and publish

        var everything = new StringBuilder();
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        foreach (var container in new[] { storage.ReportsContainer, storage.CuratedContainer, storage.PowerBiContainer })
        {
            var c = scope.Get<BlobServiceClient>().GetBlobContainerClient(container);
            if (!(await c.ExistsAsync()).Value)
            {
                continue;
            }

            await foreach (var b in c.GetBlobsAsync())
            {
                var content = (await c.GetBlobClient(b.Name).DownloadContentAsync()).Value.Content;
                everything.AppendLine(b.Name.EndsWith(".parquet", StringComparison.Ordinal) ? ParquetAsText(content.ToArray()) : content.ToString());
            }
        }

        var cosmos = scope.Get<CosmosStore>();
        foreach (var container in new[] { cosmos.Indicators, cosmos.Submissions })
        {
            using var it = container.GetItemQueryIterator<System.Text.Json.JsonElement>((QueryDefinition?)null);
            while (it.HasMoreResults)
            {
                foreach (var doc in await it.ReadNextAsync())
                {
                    everything.AppendLine(doc.GetRawText());
                }
            }
        }

        await foreach (var t in scope.Get<TableServiceClient>().QueryAsync(t => t.Name.CompareTo($"t{scope.Id}") >= 0 && t.Name.CompareTo($"t{scope.Id}~") < 0))
        {
            await foreach (var e in scope.Get<TableServiceClient>().GetTableClient(t.Name).QueryAsync<TableEntity>())
            {
                everything.AppendLine(string.Join('|', e.Select(kv => kv.Value)));
            }
        }

        everything.AppendLine(logs.Text);
        var text = everything.ToString();
        Assert.Contains("aggregated", text, StringComparison.Ordinal); // the scan saw the ledger
        Assert.Contains("640323_VS01", text, StringComparison.Ordinal); // the published Tables
        Assert.Contains("parquet:640323|2022|VS01", text, StringComparison.Ordinal); // and the published Parquet, read back
        Assert.Contains("640323********", text, StringComparison.Ordinal); // and the masked value of the bad row
        foreach (var p in people)
        {
            Assert.DoesNotContain(p.Name, text, StringComparison.Ordinal);
            Assert.DoesNotContain(p.IdNumber, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(p.IdNumber[6..14], text, StringComparison.Ordinal); // not even the birth-date digits in place
        }

        Assert.DoesNotContain("坏人甲", text, StringComparison.Ordinal);
    }

    /// <summary>Every row of a Parquet file as text (read with DuckDB: its compressed pages hide strings from a byte scan).</summary>
    private static string ParquetAsText(byte[] parquet)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cadre-scan-{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(path, parquet);
        try
        {
            using var duck = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
            duck.Open();
            using var cmd = duck.CreateCommand();
            cmd.CommandText = $"SELECT * FROM read_parquet('{path}')";
            using var reader = cmd.ExecuteReader();
            var sb = new StringBuilder();
            while (reader.Read())
            {
                sb.Append("parquet:");
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    sb.Append(i == 0 ? "" : "|").Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                }

                sb.AppendLine();
            }

            return sb.ToString();
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static async Task UploadAsync(TestScope scope, string county, string name, byte[] bytes)
    {
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var container = scope.Get<BlobServiceClient>().GetBlobContainerClient(storage.SubmissionsContainer);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{county}/2022/{name}").UploadAsync(new BinaryData(bytes), overwrite: true);
    }

    internal static async Task<IndicatorDocument?> CountyValueAsync(TestScope scope, string county, string indicator)
    {
        var docs = await scope.Get<IndicatorStore>().ListAreaAsync(2022, county, City, CancellationToken.None);
        var doc = docs.SingleOrDefault(d => d.IndicatorId == indicator);
        return doc is { HasData: true } ? doc : null;
    }

    private static async Task<string> IndicatorStateAsync(TestScope scope, string county)
    {
        var docs = await scope.Get<IndicatorStore>().ListChildrenAsync(2022, City, CancellationToken.None);
        var township = await scope.Get<IndicatorStore>().ListChildrenAsync(2022, county, CancellationToken.None);
        return string.Join('\n', docs.Concat(township).OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => $"{d.Id}|{d.Numerator}|{d.Denominator}|{d.HasData}|{d.Value}|{string.Join(',', d.Sources)}"));
    }

    private static async Task<string> CuratedStateAsync(TestScope scope)
    {
        var storage = scope.Get<IOptions<StorageOptions>>().Value;
        var c = scope.Get<BlobServiceClient>().GetBlobContainerClient(storage.CuratedContainer);
        var sb = new StringBuilder();
        await foreach (var b in c.GetBlobsAsync())
        {
            sb.AppendLine(b.Name).AppendLine((await c.GetBlobClient(b.Name).DownloadContentAsync()).Value.Content.ToString());
        }

        return sb.ToString();
    }

    private sealed class FailOnce(IngestStep at) : IIngestStepObserver
    {
        private int _failed;

        public Task OnStepCompletedAsync(string submissionId, IngestStep step, CancellationToken cancellationToken) =>
            step == at && Interlocked.Exchange(ref _failed, 1) == 0
                ? throw new InvalidOperationException("injected fault")
                : Task.CompletedTask;
    }
}
