using System.Security.Cryptography;
using System.Text;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Api;

/// <summary>
/// Per-county access codes. Bound from the section <c>Access</c>: each setting <c>Access__Tokens__{token}</c> maps one
/// access code to a county code (<c>640323</c>) or to <see cref="CityScope"/> (<c>city</c>). In Azure these settings
/// are Key Vault references, and the function keys still guard every API route.
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary>The scope of the city office's code: it reads every county and the city view, and uploads nothing.</summary>
    public const string CityScope = "city";

    /// <summary>Access code → county code or <see cref="CityScope"/>.</summary>
    public Dictionary<string, string> Tokens { get; set; } = [];

    /// <summary>Codes shorter than this are ignored, so a placeholder such as <c>x</c> never opens anything.</summary>
    public int MinTokenLength { get; set; } = 12;
}

/// <summary>Who an access code belongs to: one county, or the city office.</summary>
public sealed record AccessGrant(string Scope, string NameZh)
{
    public bool IsCity => Scope == AccessOptions.CityScope;

    /// <summary>The county of a county code; null for the city office.</summary>
    public string? County => IsCity ? null : Scope;

    /// <summary>A county reads its own submissions; the city reads every county's.</summary>
    public bool CanRead(string countyCode) => IsCity || Scope == countyCode;

    /// <summary>Only the county itself uploads. The city office reads and does not submit on a county's behalf.</summary>
    public bool CanUpload(string countyCode) => !IsCity && Scope == countyCode;
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

        return scope == AccessOptions.CityScope
            ? new AccessGrant(scope, "吴忠市")
            : new AccessGrant(scope, _areas.Find(scope)?.NameZh ?? scope);
    }

    /// <summary>Grants any valid code; else 401.</summary>
    public ApiResult? RequireAny(string? token, out AccessGrant? grant)
    {
        grant = Authenticate(token);
        return grant is null ? Unauthenticated(token) : null;
    }

    /// <summary>Grants a code that may read <paramref name="countyCode"/>: the county itself or the city; else 401/403.</summary>
    public ApiResult? RequireRead(string? token, string countyCode)
    {
        var denied = RequireAny(token, out var grant);
        return denied ?? (grant!.CanRead(countyCode) ? null : Forbidden(grant, countyCode));
    }

    /// <summary>Grants only the county's own code; else 401/403.</summary>
    public ApiResult? RequireUpload(string? token, string countyCode)
    {
        var denied = RequireAny(token, out var grant);
        if (denied is not null)
        {
            return denied;
        }

        if (grant!.IsCity)
        {
            return new ApiResult(403, new ApiError("city-cannot-upload", "市级访问码只能查看，不能代县(市、区)报送", "The city code reads only; a county uploads with its own code"));
        }

        return grant.CanUpload(countyCode) ? null : Forbidden(grant, countyCode);
    }

    /// <summary>Grants only the city office's code; else 401/403.</summary>
    public ApiResult? RequireCity(string? token)
    {
        var denied = RequireAny(token, out var grant);
        return denied ?? (grant!.IsCity
            ? null
            : new ApiResult(403, new ApiError("city-only", "全市视图需要市级访问码", "The city view needs the city office's access code")));
    }

    private ApiResult Unauthenticated(string? token)
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
        scope is not null && (scope == AccessOptions.CityScope || areas.IsCounty(scope));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
