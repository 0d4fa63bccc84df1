using System.Text.RegularExpressions;
using CadrePipeline.Azure.Ledger;

namespace CadrePipeline.Azure.Api;

/// <summary>Who may call a route. <see cref="ApiDispatcher"/> checks it before the handler runs or the body is read.</summary>
public enum ApiRole
{
    /// <summary>Any signed-in user with a known role (and an area, where the role needs one).</summary>
    AnyUser,

    /// <summary>
    /// A user who may read the county the request names (<see cref="ApiRoute.County"/>): a county role of that county,
    /// its city's reviewer, a province reviewer. When the request names none, every county the user reads (a county
    /// role: its own); an operator is refused.
    /// </summary>
    CountyReader,

    /// <summary>Only a county role (clerk or approver) of the county the request names.</summary>
    CountyUploader,

    /// <summary>The city view: a city or province reviewer.</summary>
    CityView,

    /// <summary>A city reviewer or an operator.</summary>
    Recalculate,

    /// <summary>Only an operator.</summary>
    Operator,
}

/// <summary>
/// One HTTP route of the API: its method, its path under <c>/api/</c> (an ASP.NET Core route template, which the
/// Functions host reads too), who may call it, where the county it concerns comes from, and its handler.
/// </summary>
public sealed record ApiRoute(
    string Name,
    string Method,
    string Path,
    ApiRole Role,
    Func<ApiCall, string?>? County,
    Func<CadreApiGateway, ApiCall, CancellationToken, Task<ApiResult>> Handler);

/// <summary>
/// The API's routes, declared once. <c>cadre serve</c> maps <see cref="All"/>; the Functions app declares one thin
/// HTTP function per route (the Functions host needs an attribute per trigger), named <see cref="ApiRoute.Name"/> with
/// <see cref="ApiRoute.Path"/> as its route, and a test checks the app's functions.metadata against this table.
/// </summary>
public static partial class ApiRoutes
{
    public const string AccessPath = "access";
    public const string SubmissionsPath = "submissions";
    public const string SubmissionPath = "submissions/{id}";
    public const string ReplayPath = "submissions/{id}/replay";

    /// <summary>
    /// The period may be anything but the literal <c>replay</c> (answered 400 when it is not a year), so the upload route
    /// never takes <c>POST submissions/{id}/replay</c>, whichever order a host tries the routes in (the Functions host
    /// orders them by function name, not by ASP.NET Core's precedence).
    /// </summary>
    public const string UploadPath = "submissions/{county}/{period:regex(^(?!replay$))}";
    public const string IndicatorsPath = "indicators";
    public const string CompletenessPath = "completeness";
    public const string RecalculatePath = "recalculate";
    public const string TemplatePath = "template";

    public static readonly ApiRoute GetAccess = new(
        nameof(GetAccess), "GET", AccessPath, ApiRole.AnyUser, null,
        (g, c, _) => Task.FromResult(g.WhoAmI(c.User)));

    public static readonly ApiRoute ListSubmissions = new(
        nameof(ListSubmissions), "GET", SubmissionsPath, ApiRole.CountyReader, c => c.Query("county"),
        (g, c, ct) => g.ListSubmissionsAsync(c.User, c.Query("county"), c.Query("period"), ct));

    public static readonly ApiRoute GetSubmission = new(
        nameof(GetSubmission), "GET", SubmissionPath, ApiRole.CountyReader, c => CountyOfId(c.Route("id")),
        (g, c, ct) => g.GetSubmissionAsync(c.Route("id")!, ct));

    public static readonly ApiRoute UploadSubmission = new(
        nameof(UploadSubmission), "POST", UploadPath, ApiRole.CountyUploader, c => c.Route("county"),
        (g, c, ct) => g.UploadAsync(c.User, c.Route("county")!, c.Route("period")!, c.Request, ct));

    public static readonly ApiRoute ReplaySubmission = new(
        nameof(ReplaySubmission), "POST", ReplayPath, ApiRole.Operator, null,
        (g, c, ct) => g.ReplayAsync(c.Route("id")!, ct));

    public static readonly ApiRoute GetIndicators = new(
        nameof(GetIndicators), "GET", IndicatorsPath, ApiRole.CityView, null,
        (g, c, ct) => g.GetIndicatorsAsync(c.Query("period"), c.Query("area"), ct));

    public static readonly ApiRoute GetCompleteness = new(
        nameof(GetCompleteness), "GET", CompletenessPath, ApiRole.CityView, null,
        (g, c, ct) => g.GetCompletenessAsync(c.User, c.Query("period"), ct));

    public static readonly ApiRoute RecalculateNow = new(
        nameof(RecalculateNow), "POST", RecalculatePath, ApiRole.Recalculate, null,
        (g, c, ct) => g.RecalculateAsync(c.Query("period"), ct));

    public static readonly ApiRoute GetTemplate = new(
        nameof(GetTemplate), "GET", TemplatePath, ApiRole.CountyReader, c => c.Query("county"),
        (g, c, _) => Task.FromResult(g.GetTemplate(c.User, c.Query("county"), c.Query("period"))));

    /// <summary>Every route, in the order of docs/upload-page.md.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        GetAccess, ListSubmissions, GetSubmission, UploadSubmission, ReplaySubmission,
        GetIndicators, GetCompleteness, RecalculateNow, GetTemplate,
    ];

    /// <summary>True when <paramref name="id"/> has the shape of a submission id: <c>{county}-{period}-{16 hex}</c>.</summary>
    public static bool IsSubmissionId(string? id) => id is not null && SubmissionIdShape().IsMatch(id);

    /// <summary>The county a submission id names, or null when it is not an id (then no county's data is at stake).</summary>
    public static string? CountyOfId(string? id) => IsSubmissionId(id) ? SubmissionIds.CountyOf(id!) : null;

    [GeneratedRegex("^(?:[0-9]{6}|unknown)--?[0-9]{1,9}-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex SubmissionIdShape();
}
