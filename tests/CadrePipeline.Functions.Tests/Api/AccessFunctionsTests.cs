using System.Text;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Functions.Tests.Api;

/// <summary>
/// The Functions app's HTTP classes, resolved with the app's DI against the local stack: every route checks the
/// bearer token (from the local identity provider), and the page is served from the web/ files shipped beside the app.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class AccessFunctionsTests(LocalStackFixture stack)
{
    private static readonly Dictionary<string, string?> Codes = [];

    private static string Yanchi => "Bearer " + LocalIdentity.ForUserAsync("yanchi-clerk").GetAwaiter().GetResult();

    private static string Litong => "Bearer " + LocalIdentity.ForUserAsync("litong-clerk").GetAwaiter().GetResult();

    private static string City => "Bearer " + LocalIdentity.ForUserAsync("city-reviewer").GetAwaiter().GetResult();

    private static HttpRequest Request(TestScope scope, string? token, string path = "/", string query = "")
    {
        var http = new DefaultHttpContext { RequestServices = scope.Services };
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query);
        if (token is not null)
        {
            http.Request.Headers[AccessControl.HeaderName] = token;
        }

        return http.Request;
    }

    private static HttpRequest Upload(TestScope scope, string? token) =>
        Multipart.Request(Request(scope, token), "x.csv", Encoding.UTF8.GetBytes("县(市、区),乡镇,村\r\n盐池县,花马池镇,城西滩村\r\n"));

    private static (int Status, string? Code) Answer(IActionResult result)
    {
        var r = Assert.IsType<ApiResponse>(result);
        return (r.Status, (r.Result.Body as ApiError)?.Code);
    }

    [Fact]
    public async Task UploadSubmission_AnotherCountysCode_403AndNothingStored()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);

        var answer = Answer(await functions.UploadSubmissionAsync(Upload(scope, Litong), "640323", "2022", CancellationToken.None));

        Assert.Equal((403, "county-forbidden"), answer);
        var container = scope.Get<BlobServiceClient>().GetBlobContainerClient(scope.Get<IOptions<StorageOptions>>().Value.SubmissionsContainer);
        Assert.False(await container.ExistsAsync());
    }

    [Fact]
    public async Task UploadSubmission_OwnCountysCode_202AndStoredForTheTrigger()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);

        var result = Assert.IsType<ApiResponse>(await functions.UploadSubmissionAsync(Upload(scope, Yanchi), "640323", "2022", CancellationToken.None));

        Assert.Equal(202, result.Status);
        var receipt = Assert.IsType<UploadReceipt>(result.Result.Body);
        Assert.Equal("received", receipt.Status);
        Assert.StartsWith($"{scope.Get<IOptions<StorageOptions>>().Value.SubmissionsContainer}/640323/2022/", receipt.BlobPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCompleteness_CountyCode403_CityCode200()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);

        Assert.Equal((403, "city-only"), Answer(await functions.GetCompletenessAsync(Request(scope, Yanchi, query: "?period=2022"), CancellationToken.None)));
        Assert.Equal(200, Answer(await functions.GetCompletenessAsync(Request(scope, City, query: "?period=2022"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ListSubmissions_WithoutCode_401()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);

        Assert.Equal((401, "token-missing"), Answer(await functions.ListSubmissionsAsync(Request(scope, null, query: "?county=640323"), CancellationToken.None)));
    }

    [Fact]
    public async Task GetTemplate_OwnCountysCode_XlsxNamedForCountyAndPeriod()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);
        var request = Request(scope, Yanchi, query: "?county=640323&period=2022");
        request.HttpContext.Response.Body = new MemoryStream();

        var result = Assert.IsType<ApiResponse>(await functions.GetTemplateAsync(request, CancellationToken.None));
        await result.ExecuteAsync(request.HttpContext);

        var response = request.HttpContext.Response;
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(CadreApiGateway.XlsxContentType, response.ContentType);
        Assert.Contains("filename*=UTF-8''%E7%9B%90%E6%B1%A0%E5%8E%BF2022", response.Headers.ContentDisposition.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("盐池县2022年报表模板.xlsx", Assert.IsType<ApiFile>(result.Result.Body).FileName);
        Assert.Equal("PK"u8.ToArray(), ((MemoryStream)response.Body).ToArray()[..2]);
    }

    [Fact]
    public async Task AnyRoute_IssuerDoesNotAnswer_503BilingualNotA401()
    {
        // Nothing listens on port 9 of this machine: no discovery document, so no token can be checked.
        await using var scope = stack.CreateScope(new Dictionary<string, string?> { ["SignIn:Authority"] = "http://127.0.0.1:9" });
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);

        var r = Assert.IsType<ApiResponse>(await functions.GetAccessAsync(Request(scope, Yanchi), CancellationToken.None));

        Assert.Equal(503, r.Status);
        var error = Assert.IsType<ApiError>(r.Result.Body);
        Assert.Equal("signin-unavailable", error.Code);
        Assert.Contains("登录服务", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoCityProvince_CityReviewerSeesOnlyItsCitysCounties_ProvinceReviewerAll()
    {
        // The synthetic province of sample-data/province: 990100 with five counties, 990200 with four.
        var catalog = Path.Combine(LocalStackFixture.RepositoryRoot, "sample-data", "province", "areas.json");
        await using var scope = stack.CreateScope(new Dictionary<string, string?> { ["Areas:CatalogPath"] = catalog });
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);
        var city = "Bearer " + await LocalIdentity.ForRoleAsync("city-reviewer", "990100");
        var province = "Bearer " + await LocalIdentity.ForRoleAsync("province-reviewer", "990000");

        var cells = Assert.IsType<ApiResponse>(await functions.GetCompletenessAsync(Request(scope, city, query: "?period=2022"), CancellationToken.None));
        var other = Answer(await functions.ListSubmissionsAsync(Request(scope, city, query: "?county=990202&period=2022"), CancellationToken.None));
        var all = Assert.IsType<ApiResponse>(await functions.GetCompletenessAsync(Request(scope, province, query: "?period=2022"), CancellationToken.None));

        var cityCounties = Assert.IsAssignableFrom<IEnumerable<CadrePipeline.Azure.Completeness.CompletenessCell>>(cells.Result.Body).Select(c => c.CountyCode).Distinct().Order();
        Assert.Equal(["990102", "990121", "990122", "990123", "990181"], cityCounties);
        Assert.Equal((403, "county-forbidden"), other);
        Assert.Equal(9, Assert.IsAssignableFrom<IEnumerable<CadrePipeline.Azure.Completeness.CompletenessCell>>(all.Result.Body).Select(c => c.CountyCode).Distinct().Count());
    }

    [Fact]
    public async Task UploadPage_Script_ServedFromWebBesideTheAppWithContentPolicy()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<UploadPageFunctions>(scope.Services);
        var request = Request(scope, null, "/api/ui/app.js");

        var file = Assert.IsType<PhysicalFileResult>(functions.GetPage(request, "app.js"));

        Assert.Equal("text/javascript; charset=utf-8", file.ContentType);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "web", "app.js"), file.FileName);
        var policy = request.HttpContext.Response.Headers["Content-Security-Policy"].ToString();
        Assert.StartsWith("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' http://127.0.0.1:10090;", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadPage_SignInConfig_TheConfiguredIssuerAndClient()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<UploadPageFunctions>(scope.Services);

        var answer = Assert.IsType<ApiResponse>(functions.GetPage(Request(scope, null, "/api/ui/signin.json"), "signin.json"));

        Assert.Equal(new SignInPageConfig("http://127.0.0.1:10090", "cadre-web", "openid profile cadre.api"), answer.Result.Body);
    }

    [Fact]
    public async Task UploadPage_NoTrailingSlash_RedirectsKeepingTheKey()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<UploadPageFunctions>(scope.Services);

        var redirect = Assert.IsType<RedirectResult>(functions.GetPage(Request(scope, null, "/api/ui", "?code=abc"), null));

        Assert.Equal("/api/ui/?code=abc", redirect.Url);
    }

    [Theory]
    [InlineData("../local.settings.json")]
    [InlineData("../CadrePipeline.Functions.dll")]
    public async Task UploadPage_OutsideWeb_404(string path)
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<UploadPageFunctions>(scope.Services);

        Assert.IsType<NotFoundResult>(functions.GetPage(Request(scope, null, "/api/ui/" + path), path));
    }
}
