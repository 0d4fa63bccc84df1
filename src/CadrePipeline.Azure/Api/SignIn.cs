using CadrePipeline.Azure.Cosmos;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Api;

/// <summary>
/// Who signs people in (section <c>SignIn</c>). Locally the issuer is the local provider of the stack
/// (<c>http://127.0.0.1:10090</c>, stack/oidc/provider.mjs); in Azure the Entra ID tenant
/// (<c>https://login.microsoftonline.com/{tenant}/v2.0</c>). Both hosts validate bearer tokens against it through OIDC
/// discovery and its JWKS (<see cref="BearerTokenValidator"/>); see docs/security.md.
/// </summary>
public sealed class SignInOptions
{
    public const string SectionName = "SignIn";

    /// <summary>The issuer (<c>iss</c>) the tokens must carry; its discovery document is <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The audience (<c>aud</c>) the API's access tokens must carry: the app registration's Application ID URI or client id.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The public client the page signs in with (authorization code + PKCE).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The scopes the page asks for: OpenID scopes and the API's scope.</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary>Another discovery document address than the authority's (rarely needed).</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The claim with the app roles (Entra: <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim with the user's area code, when the provider issues one.</summary>
    public string AreaClaim { get; set; } = "area";

    /// <summary>The claim with the user's groups (Entra: <c>groups</c>, object ids), read through <see cref="GroupAreas"/>.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Group id → area code, for a provider that puts people in groups rather than issuing an area claim.</summary>
    public Dictionary<string, string> GroupAreas { get; set; } = [];

    /// <summary>Tolerance for clocks that disagree, on <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The discovery document's address.</summary>
    public string DiscoveryAddress => string.IsNullOrWhiteSpace(MetadataAddress)
        ? Authority.TrimEnd('/') + "/.well-known/openid-configuration"
        : MetadataAddress;

    /// <summary>True when the issuer is on this machine: its discovery may use http, and only there.</summary>
    public bool IsLoopbackAuthority => Uri.TryCreate(Authority, UriKind.Absolute, out var u) && CosmosClientFactory.IsLoopback(u);

    /// <summary>The origin of the authority (for the page's Content-Security-Policy connect-src), or null when unset.</summary>
    public string? AuthorityOrigin => Uri.TryCreate(Authority, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : null;
}

/// <summary>Checks <see cref="SignInOptions"/> at start: an absolute authority, https unless it is on this machine.</summary>
public sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority))
        {
            return ValidateOptionsResult.Fail("SignIn__Authority: 请设置登录颁发方地址 set the issuer URL (locally http://127.0.0.1:10090; in Azure https://login.microsoftonline.com/{tenant}/v2.0)");
        }

        if (authority.Scheme != Uri.UriSchemeHttps && !CosmosClientFactory.IsLoopback(authority))
        {
            return ValidateOptionsResult.Fail($"SignIn__Authority = {authority}: 非本机的颁发方必须使用 https / an issuer off this machine must use https");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            return ValidateOptionsResult.Fail("SignIn__Audience: 请设置 API 的受众 set the API's audience (Application ID URI)");
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>
/// Validates a bearer JWT the one way both hosts use: signature against the issuer's JWKS (found through OIDC discovery,
/// cached and refreshed by <see cref="ConfigurationManager{T}"/>), issuer, audience and lifetime.
/// </summary>
public sealed class BearerTokenValidator
{
    private readonly SignInOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _configuration;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BearerTokenValidator(IOptions<SignInOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.DiscoveryAddress,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = !_options.IsLoopbackAuthority })
        {
            // After a failed fetch (the issuer was down) or an unknown key id, try again after 30 s, not the default 5 min.
            RefreshInterval = TimeSpan.FromSeconds(30),
        };
    }

    public SignInOptions Options => _options;

    /// <summary>
    /// True when the issuer's discovery document and keys can be had (cached; fetched again after the refresh interval).
    /// When they cannot, no token can be checked: the hosts answer 503 rather than call every token invalid.
    /// </summary>
    public async Task<bool> IssuerAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _configuration.GetConfigurationAsync(cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The claims of a valid token, or null when it is not valid (any reason: 401).</summary>
    public async Task<JsonWebToken?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var authority = _options.Authority.TrimEnd('/');
        var parameters = new TokenValidationParameters
        {
            ConfigurationManager = _configuration,
            ValidIssuers = [authority, authority + "/"],
            ValidAudience = _options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = _options.ClockSkew,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        cancellationToken.ThrowIfCancellationRequested();
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }
}
