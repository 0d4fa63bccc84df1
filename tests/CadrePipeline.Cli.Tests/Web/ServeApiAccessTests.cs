using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CadrePipeline.Azure.Api;

namespace CadrePipeline.Cli.Tests.Web;

/// <summary>The access rules of <c>cadre serve</c>'s HTTP API, over HTTP, against the real local stack.</summary>
public sealed class ServeApiAccessTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private const string Csv = "县(市、区),乡镇,村\r\n盐池县,花马池镇,城西滩村\r\n";

    private async Task<(HttpStatusCode Status, string? Code, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Add(AccessControl.HeaderName, token);
        }

        using var response = await serve.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) ? c.GetString() : null;
        return (response.StatusCode, code, body);
    }

    private static MultipartFormDataContent CsvUpload()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "x.csv");
        return form;
    }

    [Fact]
    public async Task Upload_WithoutCode_401TokenMissing()
    {
        using var form = CsvUpload();
        var (status, code, _) = await SendAsync(HttpMethod.Post, "api/submissions/640323/2022", null, form);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("token-missing", code);
    }

    [Fact]
    public async Task Upload_AnotherCountysCode_403AndNothingStored()
    {
        using var form = CsvUpload();
        var (status, code, _) = await SendAsync(HttpMethod.Post, "api/submissions/640323/2022", ServeFixture.OtherCountyToken, form);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("county-forbidden", code);

        var (listStatus, _, list) = await SendAsync(HttpMethod.Get, "api/submissions?county=640323&period=2022", ServeFixture.CityToken);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task ListSubmissions_AnotherCounty_403ButOwnCountyAllowed()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "api/submissions?county=640302&period=2022", ServeFixture.CountyToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "api/submissions?period=2022", ServeFixture.CountyToken)).Status);
    }

    [Fact]
    public async Task Completeness_CountyCode403_CityCodeGetsFiveCountiesByTenForms()
    {
        var county = await SendAsync(HttpMethod.Get, "api/completeness?period=2022", ServeFixture.CountyToken);
        Assert.Equal(HttpStatusCode.Forbidden, county.Status);
        Assert.Equal("city-only", county.Code);

        var city = await SendAsync(HttpMethod.Get, "api/completeness?period=2022", ServeFixture.CityToken);
        Assert.Equal(HttpStatusCode.OK, city.Status);
        Assert.Equal(5 * 10, city.Body.GetArrayLength());
        Assert.All(city.Body.EnumerateArray(), c => Assert.False(c.GetProperty("submitted").GetBoolean()));
    }

    [Fact]
    public async Task Indicators_CountyCode_403CityOnly()
    {
        var (status, code, _) = await SendAsync(HttpMethod.Get, "api/indicators?period=2022&area=640300", ServeFixture.CountyToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("city-only", code);
    }

    [Fact]
    public async Task Access_CountyCode_NamesTheCountyAndOffersOnlyIt()
    {
        var (status, _, body) = await SendAsync(HttpMethod.Get, "api/access", ServeFixture.CountyToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("640323", body.GetProperty("county").GetString());
        Assert.Equal("盐池县", body.GetProperty("areaNameZh").GetString());
        Assert.Equal("county-clerk", body.GetProperty("role").GetString());
        Assert.Equal("local-u-640323-clerk", body.GetProperty("subject").GetString());
        Assert.Equal(["640323"], body.GetProperty("counties").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Template_OwnCountysCode_IsTheXlsxNamedForCountyAndPeriod()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/template?county=640323&period=2022");
        request.Headers.Add(AccessControl.HeaderName, ServeFixture.CountyToken);
        using var response = await serve.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CadreApiGateway.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("盐池县2022年报表模板.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
    }

    [Fact]
    public async Task Template_AnotherCountysCode_403()
    {
        var (status, code, _) = await SendAsync(HttpMethod.Get, "api/template?county=640323&period=2022", ServeFixture.OtherCountyToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("county-forbidden", code);
    }

    [Fact]
    public async Task Page_Root_ServesTheChinesePageWithAStrictContentPolicy()
    {
        using var response = await serve.Client.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' http://127.0.0.1:10090;", policy, StringComparison.Ordinal);
        Assert.Contains("登录", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInConfig_NamesTheLocalIssuerAndThePublicClient()
    {
        using var response = await serve.Client.GetAsync("signin.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("http://127.0.0.1:10090", config.GetProperty("authority").GetString());
        Assert.Equal("cadre-web", config.GetProperty("clientId").GetString());
        Assert.Contains("cadre.api", config.GetProperty("scope").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..%2Ffunctions%2Flocal.settings.json")]
    [InlineData("%2E%2E/functions/local.settings.json")]
    [InlineData("api/nothing-here")]
    public async Task Page_PathOutsideWebOrUnknownRoute_404(string path)
    {
        using var response = await serve.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
