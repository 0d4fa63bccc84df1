using CadrePipeline.Azure.Api;

namespace CadrePipeline.Azure.Tests.Api;

public sealed class WebAssetsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cadre-web-").FullName;
    private readonly WebAssets _assets;

    public WebAssetsTests()
    {
        var web = Directory.CreateDirectory(Path.Combine(_root, "web")).FullName;
        File.WriteAllText(Path.Combine(web, "index.html"), "<!doctype html>");
        File.WriteAllText(Path.Combine(web, "app.js"), "'use strict';");
        File.WriteAllText(Path.Combine(web, "notes.txt"), "not served");
        File.WriteAllText(Path.Combine(_root, "secret.json"), "{}");
        _assets = new WebAssets(web);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    public void Resolve_EmptyPath_ServesIndexAsHtml(string? path)
    {
        var asset = _assets.Resolve(path);
        Assert.Equal(Path.Combine(_assets.Root, "index.html"), asset?.FullPath);
        Assert.Equal("text/html; charset=utf-8", asset?.ContentType);
    }

    [Fact]
    public void Resolve_Script_ServesJavaScript() =>
        Assert.Equal("text/javascript; charset=utf-8", _assets.Resolve("app.js")?.ContentType);

    [Theory]
    [InlineData("../secret.json")]
    [InlineData("..%2Fsecret.json")]
    [InlineData("a/../../secret.json")]
    [InlineData("..\\secret.json")]
    [InlineData("/etc/passwd")]
    [InlineData("notes.txt")]
    [InlineData(".hidden")]
    [InlineData("missing.js")]
    public void Resolve_OutsideRootUnknownTypeOrMissing_ReturnsNull(string path) => Assert.Null(_assets.Resolve(path));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void VendoredSignInLibrary_IsByteForByteThePinnedNpmBuildWithItsLicence()
    {
        var root = Infrastructure.LocalStackFixture.RepositoryRoot;
        var vendored = Path.Combine(root, "web", "vendor", "oidc-client-ts.min.js");
        var package = Path.Combine(root, "node_modules", "oidc-client-ts");
        Assert.True(File.Exists(Path.Combine(package, "package.json")), "oidc-client-ts is missing: run scripts/test-setup.sh (npm ci)");

        using var pinned = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package.json")));
        using var installed = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "package.json")));
        var version = pinned.RootElement.GetProperty("dependencies").GetProperty("oidc-client-ts").GetString();
        Assert.Equal(version, installed.RootElement.GetProperty("version").GetString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(package, "dist", "browser", "oidc-client-ts.min.js")), File.ReadAllBytes(vendored));
        Assert.Equal(File.ReadAllText(Path.Combine(package, "LICENSE")), File.ReadAllText(Path.Combine(root, "web", "vendor", "oidc-client-ts.LICENSE.txt")));
        Assert.NotNull(new WebAssets(Path.Combine(root, "web")).Resolve("vendor/oidc-client-ts.min.js"));
    }

    [Fact]
    public void SecurityHeaders_ConnectSrcIsThisOriginAndTheIssuerOnly()
    {
        var headers = WebAssets.SecurityHeaders(new SignInOptions { Authority = "https://login.microsoftonline.com/tenant-id/v2.0" });

        Assert.Contains("connect-src 'self' https://login.microsoftonline.com;", headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", headers["Content-Security-Policy"], StringComparison.Ordinal);
    }
}
