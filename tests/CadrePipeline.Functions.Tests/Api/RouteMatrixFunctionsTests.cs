using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Tests.Api;
using CadrePipeline.Azure.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Functions.Tests.Api;

/// <summary>
/// Every route of the Functions app with every kind of caller (tokens from the local identity provider), through the
/// app's DI against the local stack, held to the hand-written <see cref="RouteMatrix"/>; and the checks that come before the handler (upload size, period).
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class RouteMatrixFunctionsTests(LocalStackFixture stack)
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("县(市、区),乡镇,村\r\n盐池县,花马池镇,城西滩村\r\n");

    private static readonly Dictionary<string, string?> Codes = [];

    private static string CodeA => "Bearer " + LocalIdentity.ForUserAsync("yanchi-clerk").GetAwaiter().GetResult();

    private static string CodeOperator => "Bearer " + LocalIdentity.ForUserAsync("operator").GetAwaiter().GetResult();

    private static HttpRequest Request(TestScope scope, string? token, string query) => Request(scope, new CallerCredentials(token, null), query);

    private static HttpRequest Request(TestScope scope, CallerCredentials who, string query)
    {
        var http = new DefaultHttpContext { RequestServices = scope.Services };
        http.Request.QueryString = new QueryString(query);
        if (who.Authorization is not null)
        {
            http.Request.Headers[AccessControl.HeaderName] = who.Authorization;
        }

        if (who.OldAccessCode is not null)
        {
            http.Request.Headers["X-Cadre-Token"] = who.OldAccessCode;
        }

        return http.Request;
    }

    /// <summary>Calls the function the Functions host would route <paramref name="method"/> <paramref name="path"/> to.</summary>
    private static async Task<ApiResponse> CallAsync(ApiFunctions f, TestScope scope, CallerCredentials token, string method, string path)
    {
        var parts = path.Split('?', 2);
        var request = Request(scope, token, parts.Length == 2 ? "?" + parts[1] : "");
        var ct = CancellationToken.None;
        Task<IActionResult> call = (method, parts[0].Split('/')) switch
        {
            ("GET", ["access"]) => f.GetAccessAsync(request, ct),
            ("GET", ["submissions"]) => f.ListSubmissionsAsync(request, ct),
            ("GET", ["submissions", var id]) => f.GetSubmissionAsync(request, id, ct),
            ("POST", ["submissions", var id, "replay"]) => f.ReplaySubmissionAsync(request, id, ct),
            ("POST", ["submissions", var county, var period]) => f.UploadSubmissionAsync(Multipart.Request(request, "x.csv", Csv), county, period, ct),
            ("GET", ["indicators"]) => f.GetIndicatorsAsync(request, ct),
            ("GET", ["completeness"]) => f.GetCompletenessAsync(request, ct),
            ("POST", ["recalculate"]) => f.RecalculateNowAsync(request, ct),
            ("GET", ["template"]) => f.GetTemplateAsync(request, ct),
            _ => throw new InvalidOperationException($"no function for {method} {path}"),
        };
        return Assert.IsType<ApiResponse>(await call);
    }

    [Fact]
    public async Task EveryRoute_EveryCaller_AnswersTheMatrix()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);
        var stored = await scope.Get<SubmissionApi>().UploadAsync(RouteMatrix.CountyA, "2022", "a.csv", new MemoryStream(Csv), processNow: true, CancellationToken.None);
        var idOfA = Assert.IsType<UploadReceipt>(stored.Body).SubmissionId;
        var credentials = await RouteMatrix.CredentialsAsync();

        var rows = RouteMatrix.Rows(uploadAccepted: 202);
        var actual = new List<(string, int[])>();
        var bodies = new Dictionary<(string, Caller), string>();
        foreach (var row in rows)
        {
            var path = row.Path.Replace("{A-id}", idOfA, StringComparison.Ordinal).Replace("{A-missing}", RouteMatrix.MissingIdOfA, StringComparison.Ordinal);
            var statuses = new List<int>();
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var answer = await CallAsync(functions, scope, credentials[caller], row.Method, path);
                statuses.Add(answer.Status);
                bodies[(row.Label, caller)] = JsonSerializer.Serialize(answer.Result.Body, answer.Result.Body?.GetType() ?? typeof(object), ApiResponse.Json);
            }

            actual.Add((row.Label, statuses.ToArray()));
        }

        Assert.Equal(RouteMatrix.Format(rows.Select(r => (r.Label, r.Expected))), RouteMatrix.Format(actual));

        // "Not yours" and "not there" are one answer: county B cannot tell whether A holds a submission.
        Assert.Equal(bodies[("A's submission", Caller.ClerkB)], bodies[("A's missing submission", Caller.ClerkB)]);
    }

    [Fact]
    public async Task UploadSubmission_FileOverTheLimit_413WhileStreamingAndNothingStored()
    {
        var settings = new Dictionary<string, string?>(Codes) { ["Ingest:MaxUploadBytes"] = "4096" };
        await using var scope = stack.CreateScope(settings);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);
        var request = Multipart.Request(Request(scope, CodeA, ""), "big.csv", new byte[8 * 1024 * 1024]);
        request.ContentLength = null; // chunked, as a client streaming the file sends it: the limit must hold while reading

        var answer = await functions.UploadSubmissionAsync(request, RouteMatrix.CountyA, "2022", CancellationToken.None);

        var r = Assert.IsType<ApiResponse>(answer);
        Assert.Equal(413, r.Status);
        var error = Assert.IsType<ApiError>(r.Result.Body);
        Assert.Equal("file-too-large", error.Code);
        Assert.Equal("文件超过上限 4 KB，未保存", error.Message);
        Assert.Equal("The file exceeds the 4 KB limit; nothing was stored", error.MessageEn);
        Assert.True(request.Body.Position < 256 * 1024, $"read {request.Body.Position} bytes of an 8 MB body");
        var container = scope.Get<BlobServiceClient>().GetBlobContainerClient(scope.Get<IOptions<StorageOptions>>().Value.SubmissionsContainer);
        Assert.False(await container.ExistsAsync());
    }

    [Fact]
    public async Task UploadSubmission_DeclaredLengthOverTheLimit_413BeforeReading()
    {
        var settings = new Dictionary<string, string?>(Codes) { ["Ingest:MaxUploadBytes"] = "4096" };
        await using var scope = stack.CreateScope(settings);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);
        var request = Multipart.Request(Request(scope, CodeA, ""), "big.csv", new byte[1024 * 1024]);

        var r = Assert.IsType<ApiResponse>(await functions.UploadSubmissionAsync(request, RouteMatrix.CountyA, "2022", CancellationToken.None));

        Assert.Equal((413, "file-too-large"), (r.Status, (r.Result.Body as ApiError)?.Code));
        Assert.Equal(0, request.Body.Position);
    }

    [Theory]
    [InlineData("?county=640323&period=abc")]
    [InlineData("?period=1999")]
    [InlineData("?period=20222")]
    public async Task ListSubmissions_InvalidPeriod_400Bilingual(string query)
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);

        var r = Assert.IsType<ApiResponse>(await functions.ListSubmissionsAsync(Request(scope, CodeA, query), CancellationToken.None));

        Assert.Equal(400, r.Status);
        var error = Assert.IsType<ApiError>(r.Result.Body);
        Assert.Equal("period-invalid", error.Code);
        Assert.StartsWith("年度 ", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid period ", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecalculateNow_FunctionKeyButCountyCode_403()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);

        var r = Assert.IsType<ApiResponse>(await functions.RecalculateNowAsync(Request(scope, CodeA, "?period=2022"), CancellationToken.None));

        Assert.Equal((403, "city-or-operator-only"), (r.Status, (r.Result.Body as ApiError)?.Code));
    }

    [Fact]
    public async Task ReplaySubmission_Operator_RerunsTheIngestAndCountsAnAttempt()
    {
        await using var scope = stack.CreateScope(Codes);
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(scope.Services);
        var stored = await scope.Get<SubmissionApi>().UploadAsync(RouteMatrix.CountyA, "2022", "a.csv", new MemoryStream(Csv), processNow: true, CancellationToken.None);
        var before = Assert.IsType<UploadReceipt>(stored.Body).Submission!;

        var r = Assert.IsType<ApiResponse>(await functions.ReplaySubmissionAsync(Request(scope, CodeOperator, ""), before.Id, CancellationToken.None));

        Assert.Equal(200, r.Status);
        var after = Assert.IsType<UploadReceipt>(r.Result.Body).Submission!;
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Attempts + 1, after.Attempts);
    }
}
