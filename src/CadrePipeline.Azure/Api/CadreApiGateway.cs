using CadrePipeline.Azure.Recalc;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;

namespace CadrePipeline.Azure.Api;

/// <summary>Writes the blank template workbook of a county and period (the Core template writer behind a seam).</summary>
public interface ITemplateSource
{
    /// <summary>Writes the xlsx to <paramref name="output"/>.</summary>
    void Write(Stream output, string countyCode, int period);
}

/// <summary>A file answer: the template workbook.</summary>
public sealed record ApiFile(string FileName, string ContentType, byte[] Content);

/// <summary>What <c>GET /api/access</c> returns: who the code belongs to, and the counties the page may offer.</summary>
public sealed record AccessView(string Scope, string NameZh, bool IsCity, string? County, IReadOnlyList<AreaView> Counties);

public sealed record AreaView(string Code, string NameZh);

/// <summary>What <c>POST /api/recalculate</c> answers on <c>cadre serve</c>.</summary>
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

/// <summary>
/// The HTTP API as both hosts expose it: every call checks the access code through <see cref="AccessControl"/>, then
/// runs <see cref="SubmissionApi"/>. The Functions app and <c>cadre serve</c> only translate requests and answers.
/// </summary>
public sealed class CadreApiGateway(SubmissionApi api, AccessControl access, AreaCatalog areas, IndicatorCatalog indicators, RecalculationService recalculation, ITemplateSource templates)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary><c>GET /api/access</c>: the grant of the code (401 when it is not valid).</summary>
    public ApiResult WhoAmI(string? token)
    {
        var denied = access.RequireAny(token, out var grant);
        if (denied is not null)
        {
            return denied;
        }

        var counties = areas.Counties
            .Where(c => grant!.CanRead(c.Code))
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new AreaView(c.Code, c.NameZh))
            .ToList();
        return ApiResult.Ok(new AccessView(grant!.Scope, grant.NameZh, grant.IsCity, grant.County, counties));
    }

    /// <summary><c>GET /api/submissions/{id}</c>: 403 when the submission belongs to another county.</summary>
    public async Task<ApiResult> GetSubmissionAsync(string? token, string id, CancellationToken cancellationToken)
    {
        var denied = access.RequireAny(token, out _);
        if (denied is not null)
        {
            return denied;
        }

        var result = await api.GetSubmissionAsync(id, cancellationToken);
        return result.Body is SubmissionView view ? access.RequireRead(token, view.Submission.CountyCode) ?? result : result;
    }

    /// <summary>
    /// <c>GET /api/submissions?county=&amp;period=</c>. A county's code lists its own county (the county may be omitted);
    /// naming another county is 403. The city's code lists one county or all.
    /// </summary>
    public async Task<ApiResult> ListSubmissionsAsync(string? token, string? county, int? period, CancellationToken cancellationToken)
    {
        var denied = access.RequireAny(token, out var grant);
        if (denied is not null)
        {
            return denied;
        }

        county ??= grant!.County;
        if (county is not null && (denied = access.RequireRead(token, county)) is not null)
        {
            return denied;
        }

        return await api.ListSubmissionsAsync(county, period, cancellationToken);
    }

    /// <summary><c>POST /api/submissions/{county}/{period}</c>: the county's own code only.</summary>
    public async Task<ApiResult> UploadAsync(string? token, string county, string period, string fileName, Stream content, bool processNow, CancellationToken cancellationToken) =>
        access.RequireUpload(token, county)
        ?? await api.UploadAsync(county, period, fileName, content, processNow, cancellationToken);

    /// <summary><c>GET /api/indicators?period=&amp;area=</c>: the city's code only. Each value carries its catalogue name and unit.</summary>
    public async Task<ApiResult> GetIndicatorsAsync(string? token, int period, string? area, CancellationToken cancellationToken)
    {
        var denied = access.RequireCity(token);
        if (denied is not null)
        {
            return denied;
        }

        var result = await api.GetIndicatorsAsync(period, area, cancellationToken);
        return result.Body is IEnumerable<IndicatorValue> values
            ? result with { Body = values.Select(v => IndicatorView.From(v, indicators.Find(v.IndicatorId))).ToList() }
            : result;
    }

    /// <summary>
    /// <c>POST /api/recalculate?period=</c> on <c>cadre serve</c>, which has no timer: the city's code only. 409 when a run
    /// of that period is already going. (The Functions app has its own route, behind the function key.)
    /// </summary>
    public async Task<ApiResult> RecalculateAsync(string? token, int period, CancellationToken cancellationToken)
    {
        var denied = access.RequireCity(token);
        if (denied is not null)
        {
            return denied;
        }

        var o = await recalculation.RecalculateAsync(period, cancellationToken);
        var view = new RecalculationView(o.Period, o.Ran, o.BusyUntil, o.ParentAreas, o.Documents);
        return o.Ran ? ApiResult.Ok(view) : new ApiResult(409, view);
    }

    /// <summary><c>GET /api/completeness?period=</c>: the city's code only.</summary>
    public async Task<ApiResult> GetCompletenessAsync(string? token, int period, CancellationToken cancellationToken) =>
        access.RequireCity(token) ?? await api.GetCompletenessAsync(period, cancellationToken);

    /// <summary><c>GET /api/template?county=&amp;period=</c>: the blank workbook, for a code that may read the county. Body is an <see cref="ApiFile"/>.</summary>
    public ApiResult GetTemplate(string? token, string? county, string? period)
    {
        var denied = access.RequireAny(token, out var grant);
        if (denied is not null)
        {
            return denied;
        }

        county = string.IsNullOrEmpty(county) ? grant!.County : county;
        if (county is null || !areas.IsCounty(county))
        {
            return ApiResult.BadRequest("county-unknown", $"未知的县(市、区)代码 {county}", $"Unknown county code {county}");
        }

        if ((denied = access.RequireRead(token, county)) is not null)
        {
            return denied;
        }

        if (!int.TryParse(period, out var year) || year < 2000 || year > 2100)
        {
            return ApiResult.BadRequest("period-invalid", $"年度 {period} 无效", $"Invalid period {period}");
        }

        using var buffer = new MemoryStream();
        templates.Write(buffer, county, year);

        var name = areas.Find(county)!.NameZh;
        return ApiResult.Ok(new ApiFile($"{name}{year}年报表模板.xlsx", XlsxContentType, buffer.ToArray()));
    }
}
