using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Storage;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Records;
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

    private static readonly string[] AllowedExtensions = [".xlsx", ".xls", ".csv"];

    /// <summary>Ingests <c>submissions/{county}/{period}/{fileName}</c>.</summary>
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

        using var content = new MemoryStream(checked((int)props.ContentLength));
        await blob.DownloadToAsync(content, cancellationToken);
        content.Position = 0;
        var sha = Convert.ToHexString(await SHA256.HashDataAsync(content, cancellationToken)).ToLowerInvariant();
        content.Position = 0;

        if (pathProblem is not null)
        {
            return await RejectAsync(knownCounty, periodYear, fileName, blobPath, sha, props, pathProblem, cancellationToken);
        }

        var id = SubmissionIds.For(county, periodYear, sha);
        var existing = await ledger.GetAsync(id, cancellationToken);
        if (existing is not null && !force && existing.Status is SubmissionStatus.Aggregated or SubmissionStatus.Rejected)
        {
            if (existing.BlobPath != blobPath && !existing.DuplicateUploads.Contains(blobPath))
            {
                existing.DuplicateUploads.Add(blobPath);
                existing.UpdatedAtUtc = time.GetUtcNow();
                await ledger.SaveAsync(existing, cancellationToken);
            }

            Log.Unchanged(logger, id);
            return new IngestOutcome(IngestResultKind.Unchanged, existing);
        }

        var doc = existing ?? NewDocument(id, county, periodYear, fileName, blobPath, sha, props);
        doc.Attempts++;
        doc.Status = SubmissionStatus.Received;
        doc.LastError = null;
        doc.UpdatedAtUtc = time.GetUtcNow();
        await ledger.SaveAsync(doc, cancellationToken);

        try
        {
            return await ProcessAsync(doc, content, cancellationToken);
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

    private async Task<IngestOutcome> ProcessAsync(SubmissionDocument doc, MemoryStream content, CancellationToken cancellationToken)
    {
        var register = await aggregator.LoadRegisterAsync(doc.CountyCode, doc.Period, cancellationToken);
        var result = intake.Validate(content, doc.FileName, doc.CountyCode, doc.Period, register, cancellationToken);
        var report = result.Report with { Sha256 = doc.Sha256 };
        await WriteReportAsync(doc, report, cancellationToken);
        ApplyCounts(doc, report);
        await StepAsync(doc.Id, IngestStep.ReportWritten, cancellationToken);

        var batches = GroupBatches(result.Batches);
        if (!report.FileFindings.All(f => f.Severity != Severity.Error) || batches.Count == 0)
        {
            doc.Status = SubmissionStatus.Rejected;
            doc.UpdatedAtUtc = time.GetUtcNow();
            await ledger.SaveAsync(doc, cancellationToken);
            Log.Rejected(logger, doc.Id, doc.Errors);
            return new IngestOutcome(IngestResultKind.Processed, doc);
        }

        var curated = blobs.GetBlobContainerClient(layout.Options.CuratedContainer);
        await curated.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        doc.Forms.Clear();
        foreach (var (formKey, batch) in batches)
        {
            var path = BlobLayout.CuratedPath(doc.CountyCode, doc.Period, formKey, doc.Id);
            using var ms = new MemoryStream();
            NormalizedRecordJson.Write(ms, batch.Records);
            ms.Position = 0;
            await curated.GetBlobClient(path).UploadAsync(ms, overwrite: true, cancellationToken);
            doc.Forms.Add(new SubmittedForm
            {
                Form = batch.Form,
                FormKey = formKey,
                Term = batch.Term,
                Sheets = batch.Sheets,
                RowsAccepted = batch.Records.Count,
                CuratedPath = path,
            });
        }

        doc.Status = SubmissionStatus.Validated;
        doc.UpdatedAtUtc = time.GetUtcNow();
        await ledger.SaveAsync(doc, cancellationToken);
        await StepAsync(doc.Id, IngestStep.RecordsStored, cancellationToken);

        var superseded = await SupersedeAsync(doc, cancellationToken);
        await StepAsync(doc.Id, IngestStep.Superseded, cancellationToken);
        await aggregator.RecomputeAsync(doc.CountyCode, doc.Period, cancellationToken);
        await StepAsync(doc.Id, IngestStep.PartialsUpserted, cancellationToken);

        // Saved first, so that the cross-county check's own ledger changes are made on top of this run's state.
        await ledger.SaveAsync(doc, cancellationToken);
        var crossCountyWarnings = await crossCounty.CheckAsync(doc, cancellationToken);
        doc = await ledger.GetAsync(doc.Id, cancellationToken) ?? doc;
        if (crossCountyWarnings > 0)
        {
            Log.CrossCountyDuplicates(logger, doc.Id, crossCountyWarnings);
        }

        doc.Status = SubmissionStatus.Aggregated;
        doc.UpdatedAtUtc = time.GetUtcNow();
        await ledger.SaveAsync(doc, cancellationToken);
        Log.Aggregated(logger, doc.Id, doc.RowsAccepted, superseded);
        return new IngestOutcome(IngestResultKind.Processed, doc);
    }

    /// <summary>
    /// Makes this submission current for each of its form keys unless a later-received one already is, and marks
    /// the replaced submissions' forms as superseded. Returns how many earlier submissions it replaced.
    /// </summary>
    private async Task<int> SupersedeAsync(SubmissionDocument doc, CancellationToken cancellationToken)
    {
        var replaced = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await ledger.UpdateCurrentAsync(doc.CountyCode, doc.Period, current =>
        {
            replaced.Clear();
            var changed = false;
            foreach (var f in doc.Forms)
            {
                if (current.Forms.TryGetValue(f.FormKey, out var cur))
                {
                    if (cur.SubmissionId == doc.Id)
                    {
                        continue;
                    }

                    var newer = cur.ReceivedAtUtc > doc.ReceivedAtUtc
                        || (cur.ReceivedAtUtc == doc.ReceivedAtUtc && string.CompareOrdinal(cur.SubmissionId, doc.Id) > 0);
                    if (newer)
                    {
                        // A later upload of this form is already current: this one is superseded on arrival.
                        f.SupersededBy = cur.SubmissionId;
                        continue;
                    }

                    if (!replaced.TryGetValue(cur.SubmissionId, out var keys))
                    {
                        replaced[cur.SubmissionId] = keys = [];
                    }

                    keys.Add(f.FormKey);
                }

                current.Forms[f.FormKey] = new CurrentForm
                {
                    SubmissionId = doc.Id,
                    FileName = doc.FileName,
                    ReceivedAtUtc = doc.ReceivedAtUtc,
                    CuratedPath = f.CuratedPath,
                    RowsAccepted = f.RowsAccepted,
                };
                changed = true;
            }

            return changed;
        }, cancellationToken);

        if (doc.Forms.Count > 0 && doc.Forms.All(f => f.SupersededBy is not null))
        {
            doc.SupersededBy = doc.Forms.Select(f => f.SupersededBy).Max(StringComparer.Ordinal);
        }

        foreach (var (oldId, keys) in replaced)
        {
            if (await ledger.GetAsync(oldId, cancellationToken) is null)
            {
                continue;
            }

            await ledger.UpdateAsync(oldId, doc.CountyCode, old =>
            {
                foreach (var f in old!.Forms.Where(f => keys.Contains(f.FormKey)))
                {
                    f.SupersededBy = doc.Id;
                }

                if (old.Forms.All(f => f.SupersededBy is not null))
                {
                    old.SupersededBy = old.Forms.Select(f => f.SupersededBy).Max(StringComparer.Ordinal);
                }

                old.UpdatedAtUtc = time.GetUtcNow();
                return old;
            }, cancellationToken);
        }

        return replaced.Count;
    }

    private sealed record GroupedBatch(string Form, int? Term, List<string> Sheets, List<NormalizedRecord> Records);

    /// <summary>
    /// Merges the sheets of one form (two sheets of the same form in one upload are both read) and splits them by the
    /// form's supersession key (village secretaries by term), as forms.json declares it.
    /// </summary>
    private SortedDictionary<string, GroupedBatch> GroupBatches(IEnumerable<FormBatch> batches)
    {
        var grouped = new SortedDictionary<string, GroupedBatch>(StringComparer.Ordinal);
        foreach (var b in batches)
        {
            var form = intake.Forms.Find(b.Form);
            foreach (var byTerm in b.Records.GroupBy(r => FormKeys.For(b.Form, FormKeys.PartsOf(form, r)), StringComparer.Ordinal))
            {
                var key = byTerm.Key;
                if (!grouped.TryGetValue(key, out var g))
                {
                    grouped[key] = g = new GroupedBatch(b.Form, FormKeys.TermOf(FormKeys.PartsOf(form, byTerm.First())), [], []);
                }

                if (!g.Sheets.Contains(b.Sheet))
                {
                    g.Sheets.Add(b.Sheet);
                }

                g.Records.AddRange(byTerm);
            }
        }

        return grouped;
    }

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
