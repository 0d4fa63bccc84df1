using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Api;

/// <summary>Writes the blank template workbook of a county and period (the Core template writer behind a seam).</summary>
public interface ITemplateSource
{
    /// <summary>Writes the xlsx to <paramref name="output"/>.</summary>
    void Write(Stream output, string countyCode, int period);
}

/// <summary>A file answer: the template workbook.</summary>
public sealed record ApiFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// What <c>GET /api/access</c> returns: the signed-in user's stable id, role and area, what the page may offer, and the
/// counties the user reads. No name: the page takes that from its ID token.
/// </summary>
public sealed record AccessView(
    string Subject,
    string Role,
    string RoleZh,
    string? Area,
    string AreaNameZh,
    bool IsCity,
    bool CanUpload,
    string? County,
    IReadOnlyList<AreaView> Counties);

public sealed record AreaView(string Code, string NameZh);

/// <summary>What <c>POST /api/recalculate</c> answers.</summary>
public sealed record RecalculationView(int Period, bool Ran, DateTimeOffset? BusyUntil, int ParentAreas, int Documents);

/// <summary>One indicator value as <c>GET /api/indicators</c> returns it: the stored value with its catalogue name, group and unit.</summary>
public sealed record IndicatorView(
    string AreaCode,
    int Period,
    string IndicatorId,
    string NameZh,
    string Group,
    string Unit,
    decimal? Value,
    decimal Numerator,
    decimal? Denominator,
    decimal? TargetValue,
    bool? MeetsTarget,
    decimal? PreviousValue,
    decimal? Change,
    DateTimeOffset ComputedAtUtc)
{
    public static IndicatorView From(IndicatorValue v, IndicatorDefinition? d) => new(
        v.AreaCode, v.Period, v.IndicatorId, d?.NameZh ?? v.IndicatorId, d?.Group ?? "", d?.Unit ?? "",
        v.Value, v.Numerator, v.Denominator, v.TargetValue, v.MeetsTarget, v.PreviousValue, v.Change, v.ComputedAtUtc);
}

/// <summary>What the hosts change about the API: only whether an upload is processed inside the request.</summary>
public sealed class ApiHostOptions
{
    /// <summary>
    /// True on <c>cadre serve</c>, which has no blob trigger: the ingest service runs inside the upload request, so the
    /// report comes back in the answer. False on the Functions app: the upload is stored and the trigger processes it.
    /// </summary>
    public bool ProcessUploadsNow { get; set; }
}

/// <summary>
/// The handlers of <see cref="ApiRoutes"/>. Each runs after <see cref="ApiDispatcher"/> has checked the bearer token
/// against the route's <see cref="ApiRole"/>, so a handler only validates its arguments and calls <see cref="SubmissionApi"/>.
/// </summary>
public sealed class CadreApiGateway(
    SubmissionApi api,
    AreaCatalog areas,
    IndicatorCatalog indicators,
    RecalculationService recalculation,
    ITemplateSource templates,
    IOptions<IngestOptions> ingestOptions,
    IOptions<ApiHostOptions> hostOptions)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary><c>Ingest:MaxUploadBytes</c>: the largest file an upload may carry.</summary>
    public long MaxUploadBytes => ingestOptions.Value.MaxUploadBytes;

    /// <summary><c>GET /api/access</c>: who is signed in (id, role, area), and the counties the user may read.</summary>
    public ApiResult WhoAmI(CadreUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var counties = areas.Counties
            .Where(c => user.CanRead(c.Code))
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new AreaView(c.Code, c.NameZh))
            .ToList();
        return ApiResult.Ok(new AccessView(
            user.Subject, user.Role, CadreRoles.NameZh(user.Role), user.Area, user.AreaNameZh, user.SeesCityView, user.IsCountyRole, user.County, counties));
    }

    /// <summary>
    /// <c>GET /api/submissions/{id}</c>. The dispatcher has already authorized the county the id names, so "another
    /// county's" is 403 whether or not the submission exists, and only the owner (or the city) can learn it is missing.
    /// </summary>
    public async Task<ApiResult> GetSubmissionAsync(string id, CancellationToken cancellationToken)
    {
        if (!ApiRoutes.IsSubmissionId(id))
        {
            return NoSuchSubmission(id);
        }

        var result = await api.GetSubmissionAsync(id, cancellationToken);
        return result.Body is SubmissionView view && view.Submission.CountyCode != SubmissionIds.CountyOf(id) ? NoSuchSubmission(id) : result;
    }

    /// <summary>
    /// <c>GET /api/submissions?county=&amp;period=</c>. Without a county: every county the user reads (a county role:
    /// its own). A <c>period</c> that is given must be a valid year (else 400).
    /// </summary>
    public async Task<ApiResult> ListSubmissionsAsync(CadreUser user, string? county, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        int? year = null;
        if (period is not null)
        {
            if (ParsePeriod(period) is not { } y)
            {
                return PeriodInvalid(period);
            }

            year = y;
        }

        return county is not null || user.IsCountyRole
            ? await api.ListSubmissionsAsync(county ?? user.County, year, cancellationToken)
            : await api.ListSubmissionsAsync(user.Counties, year, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/submissions/{county}/{period}</c>: a county role of that county only (checked before the body is
    /// read). The multipart body is read as a stream; the file stops being read, and nothing is stored, once it passes
    /// <c>Ingest:MaxUploadBytes</c> (413). The blob records who uploaded it (stable id and role, never a name).
    /// </summary>
    public Task<ApiResult> UploadAsync(CadreUser user, string county, string period, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var uploader = new Uploader(user.Subject, user.Role);
        return MultipartUpload.ReadFileAsync(
            request,
            MaxUploadBytes,
            (fileName, content) => api.UploadAsync(county, period, fileName, content, hostOptions.Value.ProcessUploadsNow, uploader, cancellationToken),
            cancellationToken);
    }

    /// <summary><c>POST /api/submissions/{id}/replay</c>: an operator only. Reruns the ingest of that submission.</summary>
    public Task<ApiResult> ReplayAsync(string id, CancellationToken cancellationToken) =>
        ApiRoutes.IsSubmissionId(id) ? api.ReplayAsync(id, cancellationToken) : Task.FromResult(NoSuchSubmission(id));

    /// <summary><c>GET /api/indicators?period=&amp;area=</c>: a reviewer only. Each value carries its catalogue name and unit.</summary>
    public async Task<ApiResult> GetIndicatorsAsync(string? period, string? area, CancellationToken cancellationToken)
    {
        if (ParsePeriod(period) is not { } year)
        {
            return PeriodInvalid(period);
        }

        var result = await api.GetIndicatorsAsync(year, area, cancellationToken);
        return result.Body is IEnumerable<IndicatorValue> values
            ? result with { Body = values.Select(v => IndicatorView.From(v, indicators.Find(v.IndicatorId))).ToList() }
            : result;
    }

    /// <summary><c>POST /api/recalculate?period=</c>: a city reviewer or an operator. 409 when a run of that period is already going.</summary>
    public async Task<ApiResult> RecalculateAsync(string? period, CancellationToken cancellationToken)
    {
        if (ParsePeriod(period) is not { } year)
        {
            return PeriodInvalid(period);
        }

        var o = await recalculation.RecalculateAsync(year, cancellationToken);
        var view = new RecalculationView(o.Period, o.Ran, o.BusyUntil, o.ParentAreas, o.Documents);
        return o.Ran
            ? ApiResult.Ok(view)
            : new ApiResult(409, new RecalculationBusy("already-running", "该年度的重算正在进行", "A recalculation of this period is already running", view));
    }

    /// <summary><c>GET /api/completeness?period=</c>: a reviewer only, and only the counties the reviewer reads.</summary>
    public async Task<ApiResult> GetCompletenessAsync(CadreUser user, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (ParsePeriod(period) is not { } year)
        {
            return PeriodInvalid(period);
        }

        var result = await api.GetCompletenessAsync(year, cancellationToken);
        return result.Body is IEnumerable<Completeness.CompletenessCell> cells
            ? result with { Body = cells.Where(c => user.CanRead(c.CountyCode)).ToList() }
            : result;
    }

    /// <summary><c>GET /api/template?county=&amp;period=</c>: the blank workbook, for a user who may read the county. Body is an <see cref="ApiFile"/>.</summary>
    public ApiResult GetTemplate(CadreUser user, string? county, string? period)
    {
        ArgumentNullException.ThrowIfNull(user);
        county ??= user.County;
        if (county is null || !areas.IsCounty(county))
        {
            return ApiResult.BadRequest("county-unknown", $"未知的县(市、区)代码 {county}", $"Unknown county code {county}");
        }

        if (ParsePeriod(period) is not { } year)
        {
            return PeriodInvalid(period);
        }

        using var buffer = new MemoryStream();
        templates.Write(buffer, county, year);

        var name = areas.Find(county)!.NameZh;
        return ApiResult.Ok(new ApiFile($"{name}{year}年报表模板.xlsx", XlsxContentType, buffer.ToArray()));
    }

    /// <summary>The year in <paramref name="period"/> when it is one within <c>Ingest:MinPeriod..MaxPeriod</c>; else null.</summary>
    public int? ParsePeriod(string? period) =>
        int.TryParse(period, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
        && year >= ingestOptions.Value.MinPeriod && year <= ingestOptions.Value.MaxPeriod
            ? year
            : null;

    private ApiResult PeriodInvalid(string? period) => period is null
        ? ApiResult.BadRequest("period-invalid", "请提供年度参数 period，如 2022", "Give the period, e.g. ?period=2022")
        : ApiResult.BadRequest(
            "period-invalid",
            $"年度 {period} 无效，应为 {ingestOptions.Value.MinPeriod}–{ingestOptions.Value.MaxPeriod} 之间的年份",
            $"Invalid period {period}: give a year from {ingestOptions.Value.MinPeriod} to {ingestOptions.Value.MaxPeriod}");

    private static ApiResult NoSuchSubmission(string id) => ApiResult.NotFound($"没有编号为 {id} 的报送记录", $"No submission with id {id}");
}

/// <summary>The 409 answer of <c>POST /api/recalculate</c>: a run of that period is going.</summary>
public sealed record RecalculationBusy(string Code, string Message, string MessageEn, RecalculationView Recalculation);
