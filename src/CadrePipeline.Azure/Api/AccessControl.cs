using System.Security.Cryptography;
using System.Text;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Api;

/// <summary>
/// Per-county access codes. Bound from the section <c>Access</c>: each setting <c>Access__Tokens__{token}</c> maps one
/// access code to a county code (<c>640323</c>), to <see cref="CityScope"/> (<c>city</c>) or to
/// <see cref="OperatorScope"/> (<c>operator</c>). In Azure these settings are Key Vault references, and the function
/// keys still guard every API route.
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary>The scope of the city office's code: it reads every county and the city view, and uploads nothing.</summary>
    public const string CityScope = "city";

    /// <summary>The scope of an operator's code: reruns submissions and recalculations, and reads no county's data.</summary>
    public const string OperatorScope = "operator";

    /// <summary>Access code → county code or <see cref="CityScope"/>.</summary>
    public Dictionary<string, string> Tokens { get; set; } = [];

    /// <summary>Codes shorter than this are ignored, so a placeholder such as <c>x</c> never opens anything.</summary>
    public int MinTokenLength { get; set; } = 12;
}

/// <summary>Who an access code belongs to: one county, the city office, or an operator.</summary>
public sealed record AccessGrant(string Scope, string NameZh)
{
    public bool IsCity => Scope == AccessOptions.CityScope;

    public bool IsOperator => Scope == AccessOptions.OperatorScope;

    /// <summary>The county of a county code; null for the city office and an operator.</summary>
    public string? County => IsCity || IsOperator ? null : Scope;

    /// <summary>A county reads its own submissions; the city reads every county's.</summary>
    public bool CanRead(string countyCode) => IsCity || Scope == countyCode;

    /// <summary>Only the county itself uploads. The city office reads and does not submit on a county's behalf.</summary>
    public bool CanUpload(string countyCode) => County is not null && Scope == countyCode;
}

/// <summary>
/// Checks the access code that travels in the header <see cref="HeaderName"/>. Used by the Functions app and
/// <c>cadre serve</c> alike (through <see cref="CadreApiGateway"/>). Each check returns null when access is granted,
/// or the 401/403 answer to send.
/// </summary>
public sealed class AccessControl
{
    public const string HeaderName = "X-Cadre-Token";

    private readonly (byte[] Hash, string Scope)[] _tokens;
    private readonly AreaCatalog _areas;

    public AccessControl(IOptions<AccessOptions> options, AreaCatalog areas)
    {
        ArgumentNullException.ThrowIfNull(options);
        _areas = areas;
        var o = options.Value;
        _tokens = o.Tokens
            .Where(kv => kv.Key.Length >= o.MinTokenLength && IsValidScope(kv.Value?.Trim(), areas))
            .Select(kv => (Hash(kv.Key), kv.Value.Trim()))
            .ToArray();
    }

    /// <summary>True when at least one usable access code is configured.</summary>
    public bool IsConfigured => _tokens.Length > 0;

    /// <summary>The grant of an access code, or null when the code is missing or unknown. Compares in constant time.</summary>
    public AccessGrant? Authenticate(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var hash = Hash(token.Trim());
        string? scope = null;
        foreach (var (h, s) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(h, hash))
            {
                scope = s;
            }
        }

        if (scope is null)
        {
            return null;
        }

        return scope switch
        {
            AccessOptions.CityScope => new AccessGrant(scope, "吴忠市"),
            AccessOptions.OperatorScope => new AccessGrant(scope, "运维人员"),
            _ => new AccessGrant(scope, _areas.Find(scope)?.NameZh ?? scope),
        };
    }

    /// <summary>Grants any valid code; else 401.</summary>
    public ApiResult? RequireAny(string? token, out AccessGrant? grant)
    {
        grant = Authenticate(token);
        return grant is null ? Unauthenticated(token) : null;
    }

    /// <summary>Grants a code that may read <paramref name="countyCode"/>: the county itself or the city; else 401/403.</summary>
    public ApiResult? RequireRead(string? token, string countyCode) =>
        RequireAny(token, out var grant) ?? RequireRead(grant!, countyCode);

    /// <summary>Grants only the county's own code; else 401/403.</summary>
    public ApiResult? RequireUpload(string? token, string countyCode) =>
        RequireAny(token, out var grant) ?? RequireUpload(grant!, countyCode);

    /// <summary>Grants only the city office's code; else 401/403.</summary>
    public ApiResult? RequireCity(string? token) =>
        RequireAny(token, out var grant) ?? RequireCity(grant!);

    /// <summary>Grants the city office's code, or an operator's when <paramref name="orOperator"/>; else 403.</summary>
    public static ApiResult? RequireCity(AccessGrant grant, bool orOperator = false)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.IsCity || (orOperator && grant.IsOperator))
        {
            return null;
        }

        return orOperator
            ? new ApiResult(403, new ApiError("city-or-operator-only", "重新计算需要市级或运维访问码", "Recalculating needs the city office's or an operator's access code"))
            : new ApiResult(403, new ApiError("city-only", "全市视图需要市级访问码", "The city view needs the city office's access code"));
    }

    /// <summary>Grants only an operator's code; else 403.</summary>
    public static ApiResult? RequireOperator(AccessGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return grant.IsOperator
            ? null
            : new ApiResult(403, new ApiError("operator-only", "重新处理报送需要运维访问码", "Replaying a submission needs an operator's access code"));
    }

    /// <summary>
    /// Grants a code that may read <paramref name="countyCode"/> (the county itself or the city); else 403. Null means
    /// every county: only the city reads that.
    /// </summary>
    public ApiResult? RequireRead(AccessGrant grant, string? countyCode)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (countyCode is null)
        {
            return grant.IsCity
                ? null
                : new ApiResult(403, new ApiError("county-forbidden", $"{grant.NameZh}的访问码不能查看县(市、区)的数据", $"The access code of {grant.Scope} reads no county's data"));
        }

        return grant.CanRead(countyCode) ? null : Forbidden(grant, countyCode);
    }

    /// <summary>Grants only the county's own code; else 403.</summary>
    public ApiResult? RequireUpload(AccessGrant grant, string countyCode)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.IsCity)
        {
            return new ApiResult(403, new ApiError("city-cannot-upload", "市级访问码只能查看，不能代县(市、区)报送", "The city code reads only; a county uploads with its own code"));
        }

        return grant.CanUpload(countyCode) ? null : Forbidden(grant, countyCode);
    }

    /// <summary>The 401 answer for a missing or unknown code.</summary>
    public ApiResult Unauthenticated(string? token)
    {
        if (!IsConfigured)
        {
            return new ApiResult(401, new ApiError("access-not-configured", "未配置访问码，请联系管理员（设置 Access__Tokens__…）", "No access codes are configured; set Access__Tokens__{code}"));
        }

        return string.IsNullOrWhiteSpace(token)
            ? new ApiResult(401, new ApiError("token-missing", "请输入访问码", $"Send the access code in the {HeaderName} header"))
            : new ApiResult(401, new ApiError("token-invalid", "访问码无效", "The access code is not valid"));
    }

    private ApiResult Forbidden(AccessGrant grant, string countyCode)
    {
        var name = _areas.Find(countyCode)?.NameZh ?? countyCode;
        return new ApiResult(403, new ApiError(
            "county-forbidden",
            $"{grant.NameZh}的访问码无权访问{name}的数据",
            $"The access code of {grant.Scope} may not access county {countyCode}"));
    }

    private static bool IsValidScope(string? scope, AreaCatalog areas) =>
        scope is not null && (scope is AccessOptions.CityScope or AccessOptions.OperatorScope || areas.IsCounty(scope));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
