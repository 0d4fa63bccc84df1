using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Storage;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Records;
using CadrePipeline.Core.Submissions;
using CadrePipeline.Core.Reports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Ingest;

/// <summary>
/// Turns one uploaded blob into ledger entry, report, curated records and county partials. The blob trigger, the
/// HTTP upload and <c>cadre submit</c> all call <see cref="IngestAsync"/>. Every step is idempotent (deterministic
/// ids and paths), so a crash anywhere followed by a re-run converges to the state of a clean run.
/// </summary>
public sealed class IngestService(
    BlobServiceClient blobs,
    BlobLayout layout,
    SubmissionLedger ledger,
    IntakeEngine intake,
    CountyAggregator aggregator,
    CrossCountyCheck crossCounty,
    AreaCatalog areas,
    IOptions<IngestOptions> options,
    IEnumerable<IIngestStepObserver> observers,
    TimeProvider time,
    ILogger<IngestService> logger)
{
    /// <summary>Blob metadata holding the file's name as the county chose it (percent-encoded), when the stored name differs.</summary>
    public const string OriginalNameMetadata = "originalname";

    /// <summary>
    /// Blob metadata with the exact time the upload API received the file. Blob timestamps have one-second
    /// resolution, too coarse to order two uploads of one form made in the same second.
    /// </summary>
    public const string ReceivedAtMetadata = "receivedat";

    /// <summary>Blocks of 4 MiB, two at a time: what one file upload or download holds in buffers (about 8 MiB).</summary>
    internal static readonly global::Azure.Storage.StorageTransferOptions Transfer = new() { MaximumConcurrency = 2, InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024 };

    /// <summary>From this many rows read, the heap is compacted once after the intake (see <see cref="ProcessAsync"/>).</summary>
    internal const int LargeFileRows = 100_000;

    private static readonly string[] AllowedExtensions = [".xlsx", ".xls", ".csv"];

    /// <summary>
    /// Ingests <c>submissions/{county}/{period}/{fileName}</c>. The blob is streamed to a private temporary file and
    /// hashed while read; the intake streams the accepted rows to per-form-key files; the decision (the pointer's new
    /// state, what is superseded, the partials) is computed from what was read, then applied with one conditional
    /// write per Cosmos document: nine requests for the first upload of a whole-county workbook, counted by
    /// <c>bench/</c> (docs/storage.md).
    /// </summary>
    /// <param name="force">Process again even when the ledger says it is done (<c>cadre replay</c>).</param>
    public async Task<IngestOutcome> IngestAsync(string county, string period, string fileName, bool force = false, CancellationToken cancellationToken = default)
    {
        var container = blobs.GetBlobContainerClient(layout.Options.SubmissionsContainer);
        var blobPath = $"{county}/{period}/{fileName}";
        var blob = container.GetBlobClient(blobPath);
        BlobProperties props = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);

        var pathProblem = CheckPath(county, period, fileName, out var periodYear);
        var knownCounty = pathProblem is null || areas.IsCounty(county) ? county : SubmissionIds.UnknownCounty;

        if (props.ContentLength > options.Value.MaxUploadBytes)
        {
            // Too large to read: identify it by its path and ETag instead of its bytes.
            var pseudoHash = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{blobPath}|{props.ETag}")));
            var tooLarge = IngestFindings.FileTooLarge(props.ContentLength, options.Value.MaxUploadBytes);
            return await RejectAsync(knownCounty, periodYear, fileName, blobPath, pseudoHash, props, tooLarge, cancellationToken);
        }

        using var temp = new TempFolder();
        var upload = temp.NewFile();
        var sha = await SpoolAsync(blob, props, upload, cancellationToken);

        if (pathProblem is not null)
        {
            return await RejectAsync(knownCounty, periodYear, fileName, blobPath, sha, props, pathProblem, cancellationToken);
        }

        var id = SubmissionIds.For(county, periodYear, sha);
        var (existing, etag) = await ledger.GetWithETagAsync(id, cancellationToken);
        if (existing is not null && !force && existing.Status is SubmissionStatus.Aggregated or SubmissionStatus.Rejected)
        {
            if (existing.BlobPath != blobPath && !existing.DuplicateUploads.Contains(blobPath))
            {
                existing.DuplicateUploads.Add(blobPath);
                existing.UpdatedAtUtc = time.GetUtcNow();
                await ledger.SaveAsync(existing, etag, cancellationToken);
            }

            // The county's partials must follow its pointer even when they were lost or stored by an earlier layout
            // (an upgrade): a repeated upload repairs them. Two point reads when they are in order.
            if (existing.Status == SubmissionStatus.Aggregated)
            {
                await EnsurePartialsAsync(county, periodYear, cancellationToken);
            }

            Log.Unchanged(logger, id);
            return new IngestOutcome(IngestResultKind.Unchanged, existing);
        }

        var doc = existing ?? NewDocument(id, county, periodYear, fileName, blobPath, sha, props);
        doc.Attempts++;
        doc.Status = SubmissionStatus.Received;
        doc.LastError = null;
        doc.UpdatedAtUtc = time.GetUtcNow();

        // Recorded before the work, so that a run that dies is visible (status, replay) and not only retried.
        etag = await ledger.SaveAsync(doc, etag, cancellationToken);

        try
        {
            return await ProcessAsync(doc, etag, upload, temp, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not a content problem (content problems end in a report): leave a visible, replayable state, then let
            // the trigger's retry and poison handling take over.
            doc.Status = SubmissionStatus.Failed;
            doc.LastError = $"{ex.GetType().Name}: {ex.Message}";
            doc.UpdatedAtUtc = time.GetUtcNow();
            await ledger.SaveAsync(doc, CancellationToken.None);
            Log.Failed(logger, id, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// Recomputes the county's partials when its stored document is missing or older than its current forms (lost,
    /// or written by an earlier storage layout); two point reads when it is in order. Returns true when it wrote.
    /// </summary>
    public async Task<bool> EnsurePartialsAsync(string county, int period, CancellationToken cancellationToken)
    {
        var (current, _) = await ledger.GetCurrentAsync(county, period, cancellationToken);
        return current.Forms.Count > 0 && await aggregator.StoreAsync(current, new Dictionary<string, string>(StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>Copies the blob to <paramref name="path"/> in chunks, hashing as it goes; returns the lower-case SHA-256.</summary>
    private static async Task<string> SpoolAsync(BlobClient blob, BlobProperties props, string path, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = props.ETag } }, cancellationToken);
        await using var content = download.Value.Content;
        var buffer = new byte[81920];
        int n;
        while ((n = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private async Task<IngestOutcome> ProcessAsync(SubmissionDocument doc, string? etag, string upload, TempFolder temp, CancellationToken cancellationToken)
    {
        var (current, currentETag) = await ledger.GetCurrentAsync(doc.CountyCode, doc.Period, cancellationToken);
        var register = await aggregator.LoadRegisterAsync(current, cancellationToken);
        using var spool = new CuratedSpool(intake.Forms, temp, doc.Id, doc.FileName);
        IntakeResult result;
        await using (var content = new FileStream(upload, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
        {
            result = intake.Validate(content, doc.FileName, doc.CountyCode, doc.Period, register, spool, cancellationToken);
        }

        spool.Complete();
        if (result.Report.Sheets.Sum(s => (long)s.RowsRead) >= LargeFileRows)
        {
            // Everything the intake built is garbage now (a few MB stay live); give it back before the next phases
            // allocate, so that the peak of a large file is the intake's, not the sum of the phases'.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        var report = result.Report with { Sha256 = doc.Sha256 };
        await WriteReportAsync(doc, report, cancellationToken);
        ApplyCounts(doc, report);
        await StepAsync(doc.Id, IngestStep.ReportWritten, cancellationToken);

        if (!report.FileFindings.All(f => f.Severity != Severity.Error) || spool.Batches.Count == 0)
        {
            doc.Status = SubmissionStatus.Rejected;
            doc.UpdatedAtUtc = time.GetUtcNow();
            await ledger.SaveAsync(doc, etag, cancellationToken);
            Log.Rejected(logger, doc.Id, doc.Errors);
            return new IngestOutcome(IngestResultKind.Processed, doc);
        }

        // Records first: everything the pointer will name exists before it names it.
        var curated = blobs.GetBlobContainerClient(layout.Options.CuratedContainer);
        await curated.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var previousForms = doc.Forms.ToDictionary(f => f.FormKey, StringComparer.Ordinal);
        doc.Forms.Clear();
        var localFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (formKey, batch) in spool.Batches)
        {
            var path = BlobLayout.CuratedPath(doc.CountyCode, doc.Period, formKey, doc.Id);
            await curated.GetBlobClient(path).UploadAsync(batch.Path, new BlobUploadOptions { TransferOptions = Transfer }, cancellationToken);
            await curated.GetBlobClient(PersonIndex.FileFor(path)).UploadAsync(batch.PersonsPath, new BlobUploadOptions { TransferOptions = Transfer }, cancellationToken);
            localFiles[formKey] = batch.Path;
            doc.Forms.Add(new SubmittedForm
            {
                Form = batch.Form,
                FormKey = formKey,
                Term = batch.Term,
                Sheets = batch.Sheets,
                RowsAccepted = batch.Rows,
                CuratedPath = path,
                SupersededBy = previousForms.GetValueOrDefault(formKey)?.SupersededBy,
            });
        }

        // Saved with its forms before the pointer names it: a later upload that replaces this one can then mark
        // those forms superseded, and this run's final write, finding the entry changed, keeps the marks.
        doc.Status = SubmissionStatus.Validated;
        doc.UpdatedAtUtc = time.GetUtcNow();
        etag = await ledger.SaveAsync(doc, etag, cancellationToken);
        await StepAsync(doc.Id, IngestStep.RecordsStored, cancellationToken);

        // The decision, then one conditional write of the pointer; another upload of the county in between means
        // reading it again and deciding again.
        SupersessionPlan plan;
        while (true)
        {
            plan = SupersessionPlan.For(
                current.Forms.ToDictionary(kv => kv.Key, kv => new CurrentEntry(kv.Value.SubmissionId, kv.Value.ReceivedAtUtc), StringComparer.Ordinal),
                doc.Id, doc.ReceivedAtUtc, doc.Forms.Select(f => f.FormKey));
            if (!plan.ChangesPointer)
            {
                break;
            }

            foreach (var key in plan.BecomesCurrent)
            {
                var f = doc.Forms.First(x => x.FormKey == key);
                current.Forms[key] = new CurrentForm
                {
                    SubmissionId = doc.Id,
                    FileName = doc.FileName,
                    ReceivedAtUtc = doc.ReceivedAtUtc,
                    CuratedPath = f.CuratedPath,
                    RowsAccepted = f.RowsAccepted,
                };
            }

            if (await ledger.TryReplaceCurrentAsync(current, currentETag, cancellationToken))
            {
                break;
            }

            (current, currentETag) = await ledger.GetCurrentAsync(doc.CountyCode, doc.Period, cancellationToken);
        }

        foreach (var (key, newer) in plan.SupersededOnArrival)
        {
            doc.Forms.First(f => f.FormKey == key).SupersededBy = newer;
        }

        foreach (var (oldId, keys) in plan.Replaced)
        {
            await MarkSupersededAsync(oldId, doc, keys, cancellationToken);
        }

        await StepAsync(doc.Id, IngestStep.Superseded, cancellationToken);

        // Partials of the pointer as this run left it (a later pointer version, written by a concurrent upload, wins).
        var ours = current.Forms.Where(kv => kv.Value.SubmissionId == doc.Id && localFiles.ContainsKey(kv.Key))
            .ToDictionary(kv => kv.Key, kv => localFiles[kv.Key], StringComparer.Ordinal);
        await aggregator.StoreAsync(current, ours, cancellationToken);
        var mine = spool.Batches.Where(b => ours.ContainsKey(b.Key)).ToList();
        await crossCounty.UpdateIndexAsync(
            current,
            mine.ToDictionary(b => b.Key, b => new PersonFile(doc.Id, doc.FileName, PersonIndex.FileFor(BlobLayout.CuratedPath(doc.CountyCode, doc.Period, b.Key, doc.Id))), StringComparer.Ordinal),
            cancellationToken);
        await StepAsync(doc.Id, IngestStep.PartialsUpserted, cancellationToken);

        var crossCountyWarnings = await crossCounty.CheckAsync(doc, mine.ToDictionary(b => b.Key, b => b.Value.PersonsPath, StringComparer.Ordinal), cancellationToken);
        if (crossCountyWarnings > 0)
        {
            // The check added the warnings to this entry's report; the counts follow in the write below.
            doc.Warnings += crossCountyWarnings;
            doc.FindingCounts["person-in-other-county"] = doc.FindingCounts.GetValueOrDefault("person-in-other-county") + crossCountyWarnings;
            Log.CrossCountyDuplicates(logger, doc.Id, crossCountyWarnings);
        }

        doc.Status = SubmissionStatus.Aggregated;
        doc.UpdatedAtUtc = time.GetUtcNow();
        await ledger.SaveAsync(doc, etag, cancellationToken);
        Log.Aggregated(logger, doc.Id, doc.RowsAccepted, plan.Replaced.Count);
        return new IngestOutcome(IngestResultKind.Processed, doc);
    }

    /// <summary>Marks the replaced submission's form keys superseded by this one (one conditional update).</summary>
    private Task MarkSupersededAsync(string oldId, SubmissionDocument doc, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        ledger.UpdateExistingAsync(oldId, doc.CountyCode, old =>
        {
            foreach (var f in old.Forms.Where(f => keys.Contains(f.FormKey)))
            {
                f.SupersededBy = doc.Id;
            }

            old.DeriveSupersededBy();
            old.UpdatedAtUtc = time.GetUtcNow();
        }, cancellationToken);

    private async Task<IngestOutcome> RejectAsync(string county, int period, string fileName, string blobPath, string sha, BlobProperties props, Finding finding, CancellationToken cancellationToken)
    {
        var id = SubmissionIds.For(county, period, sha);
        var existing = await ledger.GetAsync(id, cancellationToken);
        if (existing is not null && existing.Status == SubmissionStatus.Rejected)
        {
            return new IngestOutcome(IngestResultKind.Unchanged, existing);
        }

        var doc = NewDocument(id, county, period, fileName, blobPath, sha, props);
        doc.Attempts = (existing?.Attempts ?? 0) + 1;
        var report = new ValidationReport { File = doc.FileName, County = county, Period = period, Sha256 = sha, FileFindings = [finding] };
        await WriteReportAsync(doc, report, cancellationToken);
        ApplyCounts(doc, report);
        doc.Status = SubmissionStatus.Rejected;
        doc.UpdatedAtUtc = time.GetUtcNow();
        await ledger.SaveAsync(doc, cancellationToken);
        Log.Rejected(logger, id, doc.Errors);
        return new IngestOutcome(IngestResultKind.Processed, doc);
    }

    private async Task StepAsync(string submissionId, IngestStep step, CancellationToken cancellationToken)
    {
        foreach (var o in observers)
        {
            await o.OnStepCompletedAsync(submissionId, step, cancellationToken);
        }
    }

    /// <summary>The stored report of a submission, or null.</summary>
    public async Task<ValidationReport?> GetReportAsync(SubmissionDocument doc, CancellationToken cancellationToken)
    {
        var c = blobs.GetBlobContainerClient(layout.Options.ReportsContainer);
        try
        {
            var r = await c.GetBlobClient(BlobLayout.ReportPath(doc.CountyCode, doc.Period, doc.Id)).DownloadContentAsync(cancellationToken);
            return ValidationReport.FromJson(r.Value.Content.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteReportAsync(SubmissionDocument doc, ValidationReport report, CancellationToken cancellationToken)
    {
        var c = blobs.GetBlobContainerClient(layout.Options.ReportsContainer);
        await c.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await c.GetBlobClient(BlobLayout.ReportPath(doc.CountyCode, doc.Period, doc.Id))
            .UploadAsync(BinaryData.FromString(report.ToJson()), overwrite: true, cancellationToken);
    }

    /// <summary>
    /// A new ledger entry. The file name is the one the county chose (kept in metadata when the stored name carries a
    /// timestamp prefix); the received time is the upload API's exact one, else the blob's last-modified time.
    /// </summary>
    private SubmissionDocument NewDocument(string id, string county, int period, string fileName, string blobPath, string sha, BlobProperties props)
    {
        var receivedAt = props.Metadata.TryGetValue(ReceivedAtMetadata, out var stamp)
            && DateTimeOffset.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : props.LastModified;
        return new SubmissionDocument
        {
            Id = id,
            CountyCode = county,
            Period = period,
            FileName = props.Metadata.TryGetValue(OriginalNameMetadata, out var original) ? Uri.UnescapeDataString(original) : fileName,
            BlobPath = blobPath,
            Sha256 = sha,
            SizeBytes = props.ContentLength,
            ReceivedAtUtc = receivedAt,
            SubmittedBy = UploadMetadata.Read(props.Metadata, UploadMetadata.UploadedBy),
            SubmittedRole = UploadMetadata.Read(props.Metadata, UploadMetadata.UploadedRole),
            ReportPath = $"{layout.Options.ReportsContainer}/{BlobLayout.ReportPath(county, period, id)}",
        };
    }

    private static void ApplyCounts(SubmissionDocument doc, ValidationReport report)
    {
        doc.RowsRead = report.Sheets.Sum(s => s.RowsRead);
        doc.RowsAccepted = report.Sheets.Sum(s => s.RowsAccepted);
        doc.Errors = report.ErrorCount;
        doc.Warnings = report.WarningCount;
        doc.FindingCounts = report.FileFindings.Concat(report.Sheets.SelectMany(s => s.Findings))
            .GroupBy(f => f.Code)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private Finding? CheckPath(string county, string period, string fileName, out int periodYear)
    {
        periodYear = 0;
        if (!int.TryParse(period, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out periodYear)
            || periodYear < options.Value.MinPeriod || periodYear > options.Value.MaxPeriod)
        {
            periodYear = 0;
            return IngestFindings.PeriodInvalid(period);
        }

        if (!areas.IsCounty(county))
        {
            return IngestFindings.CountyUnknown(county);
        }

        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal)
            || fileName.StartsWith('.') || fileName.Any(char.IsControl)
            || !AllowedExtensions.Contains(Path.GetExtension(fileName).ToLowerInvariant()))
        {
            return IngestFindings.FileNameInvalid();
        }

        return null;
    }
}
