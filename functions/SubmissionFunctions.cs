using CadrePipeline.Azure.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CadrePipeline.Functions;

/// <summary>
/// The submission API: upload, one submission with its report, the ledger, and indicator values. Every route needs the
/// function key and the access code in <c>X-Cadre-Token</c>, checked by <see cref="AccessControl"/> through the gateway.
/// </summary>
public sealed class SubmissionFunctions(CadreApiGateway api)
{
    [Function("GetSubmission")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "submissions/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        return ToActionResult(await api.GetSubmissionAsync(Token(request), id, cancellationToken));
    }

    [Function("ListSubmissions")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "submissions")] HttpRequest request, CancellationToken cancellationToken)
    {
        string? county = request.Query["county"];
        int? period = int.TryParse(request.Query["period"], out var p) ? p : null;
        return ToActionResult(await api.ListSubmissionsAsync(Token(request), string.IsNullOrEmpty(county) ? null : county, period, cancellationToken));
    }

    /// <summary>Multipart upload; the file is stored and the blob trigger processes it. Size-limited by Ingest:MaxUploadBytes.</summary>
    [Function("UploadSubmission")]
    public async Task<IActionResult> UploadAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "submissions/{county}/{period}")] HttpRequest request,
        string county,
        string period,
        CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return new BadRequestObjectResult(new ApiError("multipart-required", "请以 multipart/form-data 上传文件", "Upload the file as multipart/form-data"));
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.FirstOrDefault();
        if (file is null)
        {
            return new BadRequestObjectResult(new ApiError("file-missing", "请求中没有文件", "The request holds no file"));
        }

        await using var stream = file.OpenReadStream();
        return ToActionResult(await api.UploadAsync(Token(request), county, period, file.FileName, stream, processNow: false, cancellationToken));
    }

    [Function("GetIndicators")]
    public async Task<IActionResult> GetIndicatorsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "indicators")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (!int.TryParse(request.Query["period"], out var period))
        {
            return new BadRequestObjectResult(new ApiError("period-invalid", "请提供年度参数 period", "Give the period, e.g. ?period=2022"));
        }

        string? area = request.Query["area"];
        return ToActionResult(await api.GetIndicatorsAsync(Token(request), period, string.IsNullOrEmpty(area) ? null : area, cancellationToken));
    }

    [Function("GetCompleteness")]
    public async Task<IActionResult> GetCompletenessAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "completeness")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (!int.TryParse(request.Query["period"], out var period))
        {
            return new BadRequestObjectResult(new ApiError("period-invalid", "请提供年度参数 period", "Give the period, e.g. ?period=2022"));
        }

        return ToActionResult(await api.GetCompletenessAsync(Token(request), period, cancellationToken));
    }

    internal static IActionResult ToActionResult(ApiResult result) => result.Body is ApiFile file
        ? new FileContentResult(file.Content, file.ContentType) { FileDownloadName = file.FileName }
        : new ObjectResult(result.Body) { StatusCode = result.Status };

    internal static string? Token(HttpRequest request)
    {
        string? token = request.Headers[AccessControl.HeaderName];
        return string.IsNullOrEmpty(token) ? null : token;
    }
}
