using System.Text.Json;
using CadrePipeline.Core.Areas;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Api;

/// <summary>The app roles (the token's <c>roles</c> claim) and what each may do. docs/security.md has the table.</summary>
public static class CadreRoles
{
    /// <summary>Uploads for its county and reads its county.</summary>
    public const string CountyClerk = "county-clerk";

    /// <summary>As a clerk, and also signs off its county's data for a period (the approval workflow).</summary>
    public const string CountyApprover = "county-approver";

    /// <summary>Reads its city's counties and the city view, approves or returns them, recalculates. Uploads nothing.</summary>
    public const string CityReviewer = "city-reviewer";

    /// <summary>Reads everything, accepts cities. Uploads nothing.</summary>
    public const string ProvinceReviewer = "province-reviewer";

    /// <summary>Replays submissions, rebuilds, recalculates. Reads no county's data; needs no area.</summary>
    public const string Operator = "operator";

    /// <summary>Every role, most capable first where one includes another (an approver is also a clerk).</summary>
    public static IReadOnlyList<string> All { get; } = [CountyApprover, CountyClerk, CityReviewer, ProvinceReviewer, Operator];

    /// <summary>The Chinese name shown on the page.</summary>
    public static string NameZh(string role) => role switch
    {
        CountyClerk => "县级填报员",
        CountyApprover => "县级审核人",
        CityReviewer => "市级审核人",
        ProvinceReviewer => "省级审核人",
        Operator => "运维人员",
        _ => role,
    };
}

/// <summary>
/// A signed-in person, from a validated token: the stable id (<c>oid</c> in Entra, else <c>sub</c>), one role and its
/// area. Never a name or an e-mail address: those stay in the ID token the page reads.
/// </summary>
public sealed record CadreUser(string Subject, string Role, string? Area, string AreaNameZh, IReadOnlySet<string> Counties)
{
    public bool IsCountyRole => Role is CadreRoles.CountyClerk or CadreRoles.CountyApprover;

    public bool IsOperator => Role == CadreRoles.Operator;

    /// <summary>True for the reviewers, who see the city view (completeness and indicators).</summary>
    public bool SeesCityView => Role is CadreRoles.CityReviewer or CadreRoles.ProvinceReviewer;

    /// <summary>The county of a county role; null for every other role.</summary>
    public string? County => IsCountyRole ? Area : null;

    /// <summary>A county role reads its county; a city reviewer its city's counties; a province reviewer every county.</summary>
    public bool CanRead(string countyCode) => Counties.Contains(countyCode);

    /// <summary>Only a county role uploads, and only for its own county.</summary>
    public bool CanUpload(string countyCode) => IsCountyRole && Area == countyCode;
}

/// <summary>
/// Turns the <c>Authorization: Bearer</c> header into a <see cref="CadreUser"/> (through <see cref="BearerTokenValidator"/>,
/// the one validation path of both hosts), and checks what the user may do. Each check returns null when granted, or
/// the 401/403 answer to send, bilingual.
/// </summary>
public sealed class AccessControl(BearerTokenValidator validator, IOptions<SignInOptions> options, AreaCatalog areas)
{
    public const string HeaderName = "Authorization";

    /// <summary>The user of a request's <c>Authorization</c> header, or the 401/403 answer.</summary>
    public async Task<(CadreUser? User, ApiResult? Denied)> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string prefix = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new ApiResult(401, new ApiError("token-missing", "请先登录", "Sign in first: send Authorization: Bearer {access token}")));
        }

        if (!await validator.IssuerAnswersAsync(cancellationToken))
        {
            return (null, new ApiResult(503, new ApiError(
                "signin-unavailable",
                "登录服务暂时无法访问，请稍后重试",
                $"The sign-in issuer {options.Value.Authority} does not answer (discovery or keys); try again later")));
        }

        var jwt = await validator.ValidateAsync(authorization[prefix.Length..].Trim(), cancellationToken);
        if (jwt is null)
        {
            return (null, new ApiResult(401, new ApiError("token-invalid", "登录已失效或无效，请重新登录", "The access token is not valid (signature, issuer, audience or lifetime); sign in again")));
        }

        return Resolve(jwt);
    }

    /// <summary>The user a valid token names, or 403 when its role is unknown or its area is missing or unknown.</summary>
    public (CadreUser? User, ApiResult? Denied) Resolve(JsonWebToken jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var o = options.Value;
        var subject = Claim(jwt, "oid") ?? Claim(jwt, "sub") ?? "";
        var roles = Claims(jwt, o.RoleClaim).ToHashSet(StringComparer.Ordinal);
        var known = CadreRoles.All.Where(roles.Contains).ToList();
        if (known.Count == 2 && known[0] == CadreRoles.CountyApprover && known[1] == CadreRoles.CountyClerk)
        {
            known.RemoveAt(1);
        }

        if (known.Count != 1)
        {
            return (null, new ApiResult(403, new ApiError(
                "role-unknown",
                known.Count == 0 ? "您的账号没有本系统的角色，请联系管理员分配角色" : "您的账号有多个互不包含的角色，请联系管理员只保留一个",
                known.Count == 0
                    ? $"Your account has no role of this application ({string.Join(", ", CadreRoles.All)}); ask an administrator to assign one"
                    : $"Your account has more than one role ({string.Join(", ", known)}); ask an administrator to keep one")));
        }

        var role = known[0];
        if (role == CadreRoles.Operator)
        {
            return (new CadreUser(subject, role, null, "运维人员", new HashSet<string>()), null);
        }

        var area = Claim(jwt, o.AreaClaim)
            ?? Claims(jwt, o.GroupsClaim).Select(g => o.GroupAreas.TryGetValue(g, out var a) ? a : null).FirstOrDefault(a => a is not null);
        if (string.IsNullOrWhiteSpace(area))
        {
            return (null, new ApiResult(403, new ApiError(
                "area-missing",
                "您的账号没有指定所属地区，请联系管理员",
                $"Your account names no area (claim {o.AreaClaim}, or a group of SignIn__GroupAreas); ask an administrator")));
        }

        IReadOnlySet<string>? counties = role switch
        {
            CadreRoles.CountyClerk or CadreRoles.CountyApprover => areas.IsCounty(area) ? new HashSet<string> { area } : null,
            CadreRoles.CityReviewer => areas.Find(area) is { Level: AreaLevel.City }
                ? areas.Counties.Where(c => IsWithin(c, area)).Select(c => c.Code).ToHashSet()
                : null,
            // A province's GB/T 2260 code ends in 0000 and its counties share its first two digits.
            _ => area.Length == 6 && area.EndsWith("0000", StringComparison.Ordinal)
                ? areas.Counties.Where(c => c.Code.StartsWith(area[..2], StringComparison.Ordinal)).Select(c => c.Code).ToHashSet() is { Count: > 0 } all ? all : null
                : null,
        };
        if (counties is null)
        {
            return (null, new ApiResult(403, new ApiError(
                "area-unknown",
                $"您的账号所属地区 {area} 不是本系统的{LevelZh(role)}，请联系管理员",
                $"Your account's area {area} is not a {LevelEn(role)} of this application; ask an administrator")));
        }

        var name = areas.Find(area)?.NameZh ?? (role == CadreRoles.ProvinceReviewer ? "省级" : area);
        return (new CadreUser(subject, role, area, name, counties), null);
    }

    /// <summary>Grants only the reviewers (city and province); else 403.</summary>
    public static ApiResult? RequireCityView(CadreUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.SeesCityView
            ? null
            : new ApiResult(403, new ApiError("city-only", "全市视图只对市级和省级审核人开放", "The city view is for city and province reviewers"));
    }

    /// <summary>Grants a city reviewer or an operator; else 403.</summary>
    public static ApiResult? RequireRecalculate(CadreUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role is CadreRoles.CityReviewer or CadreRoles.Operator
            ? null
            : new ApiResult(403, new ApiError("city-or-operator-only", "重新计算需要市级审核人或运维人员", "Recalculating needs a city reviewer or an operator"));
    }

    /// <summary>Grants only an operator; else 403.</summary>
    public static ApiResult? RequireOperator(CadreUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsOperator
            ? null
            : new ApiResult(403, new ApiError("operator-only", "重新处理报送需要运维人员", "Replaying a submission needs an operator"));
    }

    /// <summary>
    /// Grants a user who may read <paramref name="countyCode"/>; else 403. Null means every county the user reads: a
    /// county role's own, a reviewer's; an operator reads none.
    /// </summary>
    public ApiResult? RequireRead(CadreUser user, string? countyCode)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (countyCode is null)
        {
            return user.Counties.Count > 0
                ? null
                : new ApiResult(403, new ApiError("county-forbidden", $"{CadreRoles.NameZh(user.Role)}不能查看县(市、区)的数据", $"The role {user.Role} reads no county's data"));
        }

        return user.CanRead(countyCode) ? null : Forbidden(user, countyCode);
    }

    /// <summary>Grants only a county role of that county; else 403.</summary>
    public ApiResult? RequireUpload(CadreUser user, string countyCode)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.SeesCityView)
        {
            return new ApiResult(403, new ApiError("city-cannot-upload", "审核人只能查看，不能代县(市、区)报送", "A reviewer reads only; a county uploads with its own account"));
        }

        return user.CanUpload(countyCode) ? null : Forbidden(user, countyCode);
    }

    private ApiResult Forbidden(CadreUser user, string countyCode)
    {
        var name = areas.Find(countyCode)?.NameZh ?? countyCode;
        return new ApiResult(403, new ApiError(
            "county-forbidden",
            $"{user.AreaNameZh}的{CadreRoles.NameZh(user.Role)}无权访问{name}的数据",
            $"A {user.Role} of {user.Area ?? "no area"} may not access county {countyCode}"));
    }

    private static string LevelZh(string role) => role switch
    {
        CadreRoles.CityReviewer => "市",
        CadreRoles.ProvinceReviewer => "省(自治区)",
        _ => "县(市、区)",
    };

    private static string LevelEn(string role) => role switch
    {
        CadreRoles.CityReviewer => "city",
        CadreRoles.ProvinceReviewer => "province",
        _ => "county",
    };

    private bool IsWithin(Area county, string ancestor)
    {
        for (var a = county; a is not null; a = a.ParentCode is null ? null : areas.Find(a.ParentCode))
        {
            if (a.ParentCode == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static string? Claim(JsonWebToken jwt, string type) =>
        jwt.TryGetPayloadValue<string>(type, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    /// <summary>A claim that may be one string or an array of strings (Entra sends arrays).</summary>
    private static IEnumerable<string> Claims(JsonWebToken jwt, string type)
    {
        if (jwt.TryGetPayloadValue<string[]>(type, out var many) && many is not null)
        {
            return many;
        }

        if (jwt.TryGetPayloadValue<JsonElement>(type, out var element) && element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!);
        }

        return Claim(jwt, type) is { } one ? [one] : [];
    }
}
