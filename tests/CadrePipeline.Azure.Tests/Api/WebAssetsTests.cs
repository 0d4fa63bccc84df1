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
}
