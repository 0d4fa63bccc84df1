namespace CadrePipeline.Azure.Api;

/// <summary>The page's sign-in settings: the issuer, the public client and the scopes (authorization code + PKCE).</summary>
public sealed record SignInPageConfig(string Authority, string ClientId, string Scope);

/// <summary>One file of the upload page, ready to send.</summary>
public sealed record WebAsset(string FullPath, string ContentType);

/// <summary>
/// The upload page's static files (<c>web/</c>, copied beside each host's binaries). Resolves a request path to a file
/// under the root and never outside it; only the page's own file types are served.
/// </summary>
public sealed class WebAssets(string root)
{
    /// <summary>The file the page reads its sign-in settings from; both hosts answer it from <see cref="SignInOptions"/>, not from disk.</summary>
    public const string SignInConfigFile = "signin.json";

    /// <summary>
    /// Headers for every page file: nothing from another origin but the sign-in issuer (the page fetches its discovery
    /// document and token endpoint), no framing, no sniffing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SecurityHeaders(SignInOptions signIn)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        var issuer = signIn.AuthorityOrigin is { } origin ? " " + origin : "";
        return new Dictionary<string, string>
        {
            ["Content-Security-Policy"] = $"default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'{issuer}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
            ["Cache-Control"] = "no-cache",
        };
    }

    /// <summary>What <see cref="SignInConfigFile"/> holds: where and how the page signs in (no secret: the client is public).</summary>
    public static SignInPageConfig PageConfig(SignInOptions signIn)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        return new SignInPageConfig(signIn.Authority.TrimEnd('/'), signIn.ClientId, signIn.Scope);
    }

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
    };

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The web/ folder beside the running binaries, else in the repository (for <c>cadre serve</c> run from source).</summary>
    public static WebAssets Locate(string? repositoryRoot = null)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "web");
        if (Directory.Exists(beside) || repositoryRoot is null)
        {
            return new WebAssets(beside);
        }

        return new WebAssets(Path.Combine(repositoryRoot, "web"));
    }

    /// <summary>The file for a request path (empty or a folder → its index.html), or null.</summary>
    public WebAsset? Resolve(string? path)
    {
        var relative = (path ?? "").Replace('\\', '/').TrimStart('/');
        if (relative.Length == 0 || relative.EndsWith('/'))
        {
            relative += "index.html";
        }

        if (relative.Split('/').Any(s => s is ".." or "." || s.StartsWith('.')))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            return null;
        }

        return ContentTypes.TryGetValue(Path.GetExtension(full), out var type) ? new WebAsset(full, type) : null;
    }
}
