using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Tests.Api;
using CadrePipeline.Azure.Tests.Infrastructure;

namespace CadrePipeline.Cli.Tests.Web;

/// <summary>
/// Every route of <c>cadre serve</c> with every kind of caller, over HTTP, held to the hand-written
/// <see cref="RouteMatrix"/>; and the checks that come before any route: the Host header and the period.
/// </summary>
public sealed class ServeRouteMatrixTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("县(市、区),乡镇,村\r\n盐池县,花马池镇,城西滩村\r\n");

    private static MultipartFormDataContent CsvUpload()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "x.csv");
        return form;
    }

    private Task<(HttpStatusCode Status, string Body)> SendAsync(string method, string path, string? token, string? host = null) =>
        SendAsync(method, path, new CallerCredentials(token, null), host);

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(string method, string path, CallerCredentials who, string? host = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "api/" + path);
        if (method == "POST" && path.StartsWith("submissions/", StringComparison.Ordinal) && !path.EndsWith("/replay", StringComparison.Ordinal))
        {
            request.Content = CsvUpload();
        }

        if (who.Authorization is not null)
        {
            request.Headers.Add(AccessControl.HeaderName, who.Authorization);
        }

        if (who.OldAccessCode is not null)
        {
            request.Headers.Add("X-Cadre-Token", who.OldAccessCode);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await serve.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EveryRoute_EveryCaller_AnswersTheMatrix()
    {
        var credentials = await RouteMatrix.CredentialsAsync();
        var (uploaded, receipt) = await SendAsync("POST", $"submissions/{RouteMatrix.CountyA}/2022", credentials[Caller.ClerkA]);
        Assert.Equal(HttpStatusCode.OK, uploaded);
        var idOfA = JsonDocument.Parse(receipt).RootElement.GetProperty("submissionId").GetString()!;

        var rows = RouteMatrix.Rows(uploadAccepted: 200);
        var actual = new List<(string, int[])>();
        var bodies = new Dictionary<(string, Caller), string>();
        foreach (var row in rows)
        {
            var path = row.Path.Replace("{A-id}", idOfA, StringComparison.Ordinal).Replace("{A-missing}", RouteMatrix.MissingIdOfA, StringComparison.Ordinal);
            var statuses = new List<int>();
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var (status, body) = await SendAsync(row.Method, path, credentials[caller]);
                statuses.Add((int)status);
                bodies[(row.Label, caller)] = body;
            }

            actual.Add((row.Label, statuses.ToArray()));
        }

        Assert.Equal(RouteMatrix.Format(rows.Select(r => (r.Label, r.Expected))), RouteMatrix.Format(actual));
        Assert.Equal(bodies[("A's submission", Caller.ClerkB)], bodies[("A's missing submission", Caller.ClerkB)]);
    }

    [Fact]
    public async Task CliToken_CountyClerkOf640323_AcceptedFor640323_403For640302()
    {
        var token = "Bearer " + await LocalIdentity.ForRoleAsync("county-clerk", "640323");

        var (own, _) = await SendAsync("GET", "submissions?county=640323&period=2022", token);
        var (other, body) = await SendAsync("GET", "submissions?county=640302&period=2022", token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (own, other));
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("county-forbidden", error.GetProperty("code").GetString());
        Assert.Contains("利通区", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("640302", error.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("county-mayor", "640323", "role-unknown")]
    [InlineData("county-clerk", null, "area-missing")]
    [InlineData("county-clerk", "640300", "area-unknown")]
    [InlineData("city-reviewer", "640323", "area-unknown")]
    public async Task Access_UnknownRoleOrMissingOrWrongArea_403Bilingual(string role, string? area, string code)
    {
        var (status, body) = await SendAsync("GET", "access", "Bearer " + await LocalIdentity.ForRoleAsync(role, area));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains("管理员", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("administrator", error.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ThroughTheApi_LedgerRecordsTheUploadersIdAndRoleButNoName()
    {
        // Bytes no other test uploads, so this upload makes a new ledger entry.
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("县(市、区),乡镇,村\r\n盐池县,惠安堡镇,杨儿庄村\r\n")), "file", "who.csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/submissions/640323/2022") { Content = form };
        request.Headers.Add(AccessControl.HeaderName, "Bearer " + await LocalIdentity.ForUserAsync("yanchi-approver"));
        using var response = await serve.Client.SendAsync(request);
        var receipt = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var submission = JsonDocument.Parse(receipt).RootElement.GetProperty("submission");
        Assert.Equal("local-u-640323-approver", submission.GetProperty("submittedBy").GetString());
        Assert.Equal("county-approver", submission.GetProperty("submittedRole").GetString());
        Assert.DoesNotContain("盐池县审核人", receipt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_GroupMappedToArea_ThatCounty()
    {
        // tongxin-clerk has no area claim, only the group local-group-tongxin, mapped by SignIn__GroupAreas to 640324.
        var (status, body) = await SendAsync("GET", "access", "Bearer " + await LocalIdentity.ForUserAsync("tongxin-clerk"));

        Assert.Equal(HttpStatusCode.OK, status);
        var view = JsonDocument.Parse(body).RootElement;
        Assert.Equal("640324", view.GetProperty("county").GetString());
        Assert.Equal("local-u-640324-clerk", view.GetProperty("subject").GetString());
        Assert.Equal("county-clerk", view.GetProperty("role").GetString());
        Assert.DoesNotContain("同心县填报员", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example:{port}")]
    [InlineData("attacker.example")]
    [InlineData("127.0.0.1:1")]
    [InlineData("localhost")]
    [InlineData("127.0.0.2:{port}")]
    public async Task AnyRoute_HostNotLoopbackWithThisPort_400(string host)
    {
        var (status, body) = await SendAsync("GET", "access", ServeFixture.CountyToken, host.Replace("{port}", serve.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("host-not-allowed", error.GetProperty("code").GetString());
        Assert.Contains("127.0.0.1", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Only requests addressed to this machine", error.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task AnyRoute_LoopbackHostWithThisPort_Answered(string name)
    {
        var (status, _) = await SendAsync("GET", "access", ServeFixture.CountyToken, $"{name}:{serve.Port}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Page_ForeignHost_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "");
        request.Headers.Host = "rebound.example:" + serve.Port;
        using var response = await serve.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("submissions?period=abc", "year")]
    [InlineData("completeness?period=1999", "city")]
    [InlineData("indicators?period=x&area=640300", "city")]
    [InlineData("completeness", "city")]
    public async Task PeriodNotAYear_400PeriodInvalid(string path, string who)
    {
        var token = who == "city" ? ServeFixture.CityToken : ServeFixture.CountyToken;
        var (status, body) = await SendAsync("GET", path, token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("period-invalid", error.GetProperty("code").GetString());
        Assert.Contains("年度", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("period", error.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recalculate_InvalidPeriodFromOperator_400()
    {
        var (status, body) = await SendAsync("POST", "recalculate?period=soon", ServeFixture.OperatorToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("period-invalid", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}

/// <summary><c>cadre serve</c> with a 4 KB upload limit.</summary>
public sealed class SmallUploadServeFixture : ServeFixture
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Ingest:MaxUploadBytes"] = "4096";
}

/// <summary>The upload limit of <c>cadre serve</c>, enforced while the body streams in.</summary>
public sealed class ServeUploadLimitTests(SmallUploadServeFixture serve) : IClassFixture<SmallUploadServeFixture>
{
    [Fact]
    public async Task Upload_FileOverTheLimitStreamedChunked_413BilingualAndNothingStored()
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(new MemoryStream(new byte[64 * 1024]));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "big.csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/submissions/640323/2022") { Content = form };
        request.Headers.Add(AccessControl.HeaderName, ServeFixture.CountyToken);
        request.Headers.TransferEncodingChunked = true;

        using var response = await serve.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("file-too-large", error.GetProperty("code").GetString());
        Assert.Equal("文件超过上限 4 KB，未保存", error.GetProperty("message").GetString());
        Assert.Equal("The file exceeds the 4 KB limit; nothing was stored", error.GetProperty("messageEn").GetString());

        using var list = new HttpRequestMessage(HttpMethod.Get, "api/submissions?county=640323");
        list.Headers.Add(AccessControl.HeaderName, ServeFixture.CityToken);
        using var listed = await serve.Client.SendAsync(list);
        var entries = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.EnumerateArray();
        Assert.DoesNotContain(entries, e => e.GetProperty("fileName").GetString()!.EndsWith("big.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_DeclaredLengthFarOverTheLimit_413()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(new byte[1024 * 1024]), "file", "big.csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/submissions/640323/2022") { Content = form };
        request.Headers.Add(AccessControl.HeaderName, ServeFixture.CountyToken);

        using var response = await serve.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_FileWithinTheLimit_Processed()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("县(市、区),乡镇,村\r\n盐池县,花马池镇,城西滩村\r\n")), "file", "small.csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/submissions/640323/2022") { Content = form };
        request.Headers.Add(AccessControl.HeaderName, ServeFixture.CountyToken);

        using var response = await serve.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
