using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Storage;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Reports;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Api;

/// <summary>An HTTP answer without a web framework: the Functions app and <c>cadre serve</c> map it to theirs.</summary>
public sealed record ApiResult(int Status, object? Body)
{
    public static ApiResult Ok(object body) => new(200, body);

    public static ApiResult Accepted(object body) => new(202, body);

    public static ApiResult NotFound(string message, string messageEn) => new(404, new ApiError("not-found", message, messageEn));

    public static ApiResult BadRequest(string code, string message, string messageEn) => new(400, new ApiError(code, message, messageEn));
}

public sealed record ApiError(string Code, string Message, string MessageEn);

/// <summary>Who uploads a file: the stable id (<c>oid</c>/<c>sub</c>) and the role, recorded on the blob and in the ledger.</summary>
public sealed record Uploader(string Subject, string Role);

/// <summary>A ledger entry with its report, as <c>GET /api/submissions/{id}</c> returns it.</summary>
public sealed record SubmissionView(SubmissionDocument Submission, ValidationReport? Report);

/// <summary>What <c>POST /api/submissions/{county}/{period}</c> returns.</summary>
public sealed record UploadReceipt(string SubmissionId, string BlobPath, string Status, SubmissionDocument? Submission, ValidationReport? Report)
{
    /// <summary>The stored file's name within <c>{county}/{period}/</c>: what the ingest service takes (a method, so the JSON answer is unchanged).</summary>
    public string StoredFileName() => BlobPath[(BlobPath.LastIndexOf('/') + 1)..];
}

/// <summary>The HTTP API's logic, shared by the Functions app and <c>cadre serve</c>.</summary>
public sealed class SubmissionApi(
    BlobServiceClient blobs,
    BlobLayout layout,
    SubmissionLedger ledger,
    IngestService ingest,
    IndicatorStore indicators,
    AreaCatalog areas,
    Completeness.CompletenessService completeness,
    IOptions<IngestOptions> options,
    TimeProvider time)
{
    /// <summary>The completeness matrix (county × form) of a period.</summary>
    public async Task<ApiResult> GetCompletenessAsync(int period, CancellationToken cancellationToken) =>
        ApiResult.Ok(await completeness.ComputeAsync(period, cancellationToken));

    public async Task<ApiResult> GetSubmissionAsync(string id, CancellationToken cancellationToken)
    {
        var doc = await ledger.GetAsync(id, cancellationToken);
        return doc is null
            ? ApiResult.NotFound($"没有编号为 {id} 的报送记录", $"No submission with id {id}")
            : ApiResult.Ok(new SubmissionView(doc, await ingest.GetReportAsync(doc, cancellationToken)));
    }

    public async Task<ApiResult> ListSubmissionsAsync(string? county, int? period, CancellationToken cancellationToken)
    {
        if (county is not null && !areas.IsCounty(county))
        {
            return ApiResult.BadRequest("county-unknown", $"未知的县(市、区)代码 {county}", $"Unknown county code {county}");
        }

        return await ListSubmissionsAsync(county is null ? areas.Counties.Select(c => c.Code) : [county], period, cancellationToken);
    }

    /// <summary>The ledgers of some counties, newest first.</summary>
    public async Task<ApiResult> ListSubmissionsAsync(IEnumerable<string> counties, int? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counties);
        var all = new List<SubmissionDocument>();
        foreach (var c in counties)
        {
            all.AddRange(await ledger.ListAsync(c, period, cancellationToken));
        }

        return ApiResult.Ok(all.OrderByDescending(d => d.ReceivedAtUtc).ToList());
    }

    /// <summary>
    /// Stores an upload under <c>submissions/{county}/{period}/{yyyyMMddTHHmmssfffZ}-{fileName}</c> (a new name each
    /// time, so an upload never overwrites an earlier one). With <paramref name="processNow"/> it then runs the ingest
    /// service at once (local hosts, which have no blob trigger); otherwise the trigger picks it up.
    /// </summary>
    public Task<ApiResult> UploadAsync(string county, string period, string fileName, Stream content, bool processNow, CancellationToken cancellationToken) =>
        UploadAsync(county, period, fileName, content, processNow, null, cancellationToken);

    /// <summary>The same, recording <paramref name="uploader"/> (stable id and role) in the blob's metadata, which the ingest copies into the ledger.</summary>
    public async Task<ApiResult> UploadAsync(string county, string period, string fileName, Stream content, bool processNow, Uploader? uploader, CancellationToken cancellationToken)
    {
        if (!areas.IsCounty(county))
        {
            return ApiResult.BadRequest("county-unknown", $"未知的县(市、区)代码 {county}", $"Unknown county code {county}");
        }

        if (!int.TryParse(period, out var year) || year < options.Value.MinPeriod || year > options.Value.MaxPeriod)
        {
            return ApiResult.BadRequest("period-invalid", $"年度 {period} 无效", $"Invalid period {period}");
        }

        var safeName = SafeFileName(fileName);
        if (safeName is null)
        {
            return ApiResult.BadRequest("file-name-invalid", "只接受 .xlsx、.xls 或 .csv 文件", "Only .xlsx, .xls or .csv files are accepted");
        }

        using var buffer = new MemoryStream();
        var limit = options.Value.MaxUploadBytes;
        var chunk = new byte[81920];
        int n;
        while ((n = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                return MultipartUpload.TooLarge(limit);
            }

            buffer.Write(chunk, 0, n);
        }

        buffer.Position = 0;
        var sha = Convert.ToHexString(SHA256.HashData(buffer)).ToLowerInvariant();
        buffer.Position = 0;
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var blobName = $"{stamp}-{safeName}";
        var path = BlobLayout.SubmissionPath(county, year, blobName);
        var container = blobs.GetBlobContainerClient(layout.Options.SubmissionsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // Metadata must be ASCII: the original (often Chinese) name travels percent-encoded, and so do the uploader's id and role.
        var metadata = new Dictionary<string, string>
        {
            ["sha256"] = sha,
            [IngestService.OriginalNameMetadata] = Uri.EscapeDataString(safeName),
            [IngestService.ReceivedAtMetadata] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (uploader is not null)
        {
            metadata[UploadMetadata.UploadedBy] = Uri.EscapeDataString(uploader.Subject);
            metadata[UploadMetadata.UploadedRole] = Uri.EscapeDataString(uploader.Role);
        }

        await container.GetBlobClient(path).UploadAsync(buffer, new BlobUploadOptions { Metadata = metadata }, cancellationToken);

        var id = SubmissionIds.For(county, year, sha);
        if (!processNow)
        {
            return ApiResult.Accepted(new UploadReceipt(id, $"{layout.Options.SubmissionsContainer}/{path}", "received", null, null));
        }

        IngestOutcome outcome;
        try
        {
            outcome = await ingest.IngestAsync(county, period, blobName, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The ingest service left a failed, replayable ledger entry; hand back what it did produce (often the
            // report), so the uploader still sees the findings.
            var failed = await ledger.GetAsync(id, cancellationToken);
            var failedReport = failed is null ? null : await ingest.GetReportAsync(failed, cancellationToken);
            return new ApiResult(500, new UploadReceipt(id, $"{layout.Options.SubmissionsContainer}/{path}", "failed", failed, failedReport));
        }

        var report = await ingest.GetReportAsync(outcome.Submission, cancellationToken);
        var status = outcome.Kind == IngestResultKind.Unchanged ? "unchanged" : outcome.Submission.Status.ToString().ToLowerInvariant();
        return ApiResult.Ok(new UploadReceipt(outcome.Submission.Id, $"{layout.Options.SubmissionsContainer}/{path}", status, outcome.Submission, report));
    }

    /// <summary>
    /// Runs a submission through the ingest service again, whatever its status, as <c>cadre replay</c> does
    /// (<see cref="IngestService.IngestAsync"/> with <c>force</c>). 404 when the ledger has no such entry; 500 with the
    /// entry, marked failed and replayable, when the rerun fails.
    /// </summary>
    public async Task<ApiResult> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        var doc = await ledger.GetAsync(id, cancellationToken);
        if (doc is null)
        {
            return ApiResult.NotFound($"没有编号为 {id} 的报送记录", $"No submission with id {id}");
        }

        var parts = doc.BlobPath.Split('/', 3);
        var path = $"{layout.Options.SubmissionsContainer}/{doc.BlobPath}";
        try
        {
            var outcome = await ingest.IngestAsync(parts[0], parts[1], parts[2], force: true, cancellationToken);
            var report = await ingest.GetReportAsync(outcome.Submission, cancellationToken);
            return ApiResult.Ok(new UploadReceipt(outcome.Submission.Id, path, outcome.Submission.Status.ToString().ToLowerInvariant(), outcome.Submission, report));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failed = await ledger.GetAsync(id, cancellationToken);
            return new ApiResult(500, new UploadReceipt(id, path, "failed", failed, null));
        }
    }

    /// <summary>Indicator values of one area (default: each root area) for a period.</summary>
    public async Task<ApiResult> GetIndicatorsAsync(int period, string? area, CancellationToken cancellationToken)
    {
        var code = area ?? areas.Areas.First(a => a.ParentCode is null).Code;
        var found = areas.Find(code);
        string parent;
        if (found is not null)
        {
            parent = found.ParentCode ?? RecalculationService.RootParent;
        }
        else if (code.Length == 9 && areas.IsCounty(code[..6]))
        {
            parent = code[..6];
        }
        else
        {
            return ApiResult.NotFound($"未知地区 {code}", $"Unknown area {code}");
        }

        var docs = await indicators.ListAreaAsync(period, code, parent, cancellationToken);
        return ApiResult.Ok(docs.OrderBy(d => d.IndicatorId, StringComparer.Ordinal).Select(d => d.ToValue()).ToList());
    }

    private static string? SafeFileName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        if (name.Length == 0 || name.StartsWith('.') || name.Any(char.IsControl) || name.Length > 200)
        {
            return null;
        }

        var ext = Path.GetExtension(name).ToLowerInvariant();
        return ext is ".xlsx" or ".xls" or ".csv" ? name : null;
    }
}
