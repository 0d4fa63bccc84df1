using System.Net;
using System.Text.Json;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Cli.Commands;

/// <summary><c>cadre serve [--port N]</c>: the upload page and the HTTP API on 127.0.0.1, without Core Tools.</summary>
internal sealed class ServeCommand : ICadreCommand
{
    public const int DefaultPort = 7080;

    public string Name => "serve";

    public string Usage => "serve [--port N]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var port = args.Has("port") ? args.GetInt("port") : DefaultPort;
        if (args.Unknown("port").Any() || args.Positional.Count > 0 || port is null or < 0 or > 65535)
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}");
            return ExitCodes.Usage;
        }

        await using var app = ServeHost.Build(port.Value);
        await app.StartAsync(cancellationToken);
        var access = app.Services.GetRequiredService<AccessControl>();
        Console.WriteLine($"上传页面 upload page: {ServeHost.BaseAddress(app)}/");
        if (!access.IsConfigured)
        {
            Console.Error.WriteLine("未配置访问码 no access codes configured: set Access__Tokens__{code}=640323 (or =city); see docs/upload-page.md");
        }

        Console.WriteLine("按 Ctrl+C 停止 press Ctrl+C to stop");
        // Ctrl+C (the CLI's token) or SIGTERM (the host's lifetime) stops it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop below.
        }

        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}

/// <summary>
/// The ASP.NET Core host of <c>cadre serve</c>: the same routes as the Functions app under <c>/api</c>, each through
/// <see cref="CadreApiGateway"/> (so through <see cref="AccessControl"/>), uploads processed at once, and the page at <c>/</c>.
/// </summary>
internal static class ServeHost
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>Builds the host on 127.0.0.1:<paramref name="port"/> (0 = any free port). <paramref name="overrides"/> win over every other setting.</summary>
    public static WebApplication Build(int port, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = CliHost.RepositoryRoot });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(CliHost.LoadConfiguration());
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, port);
            o.AddServerHeader = false;
        });
        builder.Services.AddCadrePipeline(builder.Configuration);
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = null);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = long.MaxValue);

        var app = builder.Build();
        app.UseExceptionHandler(e => e.Run(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new ApiError("internal-error", "服务器内部错误，请稍后重试", "Internal error; try again later"), Json);
        }));
        var assets = WebAssets.Locate(CliHost.RepositoryRoot);
        var maxUpload = app.Services.GetRequiredService<IOptions<IngestOptions>>().Value.MaxUploadBytes;
        MapApi(app, maxUpload);
        app.MapGet("/{**path}", (string? path) => path is not null && path.StartsWith("api/", StringComparison.Ordinal)
            ? ToResult(ApiResult.NotFound("没有这个接口", "No such API route"))
            : ServeAsset(assets, path));
        return app;
    }

    /// <summary>http://127.0.0.1:PORT of a started host.</summary>
    public static string BaseAddress(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()
            .Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

    private static void MapApi(WebApplication app, long maxUpload)
    {
        app.MapGet("/api/access", (HttpRequest r, CadreApiGateway g) => ToResult(g.WhoAmI(Token(r))));
        app.MapGet("/api/submissions", async (HttpRequest r, CadreApiGateway g, CancellationToken ct) =>
            ToResult(await g.ListSubmissionsAsync(Token(r), NullIfEmpty(r.Query["county"]), int.TryParse(r.Query["period"], out var p) ? p : null, ct)));
        app.MapGet("/api/submissions/{id}", async (HttpRequest r, string id, CadreApiGateway g, CancellationToken ct) =>
            ToResult(await g.GetSubmissionAsync(Token(r), id, ct)));
        app.MapPost("/api/submissions/{county}/{period}", async (HttpRequest r, string county, string period, CadreApiGateway g, CancellationToken ct) =>
        {
            if (r.ContentLength > maxUpload + (1024 * 1024))
            {
                return ToResult(new ApiResult(413, new ApiError("file-too-large", $"文件超过上限 {maxUpload / 1024 / 1024} MB", $"The file exceeds the {maxUpload / 1024 / 1024} MB limit")));
            }

            if (!r.HasFormContentType)
            {
                return ToResult(ApiResult.BadRequest("multipart-required", "请以 multipart/form-data 上传文件", "Upload the file as multipart/form-data"));
            }

            var form = await r.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault();
            if (file is null)
            {
                return ToResult(ApiResult.BadRequest("file-missing", "请求中没有文件", "The request holds no file"));
            }

            await using var stream = file.OpenReadStream();
            return ToResult(await g.UploadAsync(Token(r), county, period, file.FileName, stream, processNow: true, ct));
        });
        app.MapGet("/api/indicators", async (HttpRequest r, CadreApiGateway g, CancellationToken ct) =>
            int.TryParse(r.Query["period"], out var period)
                ? ToResult(await g.GetIndicatorsAsync(Token(r), period, NullIfEmpty(r.Query["area"]), ct))
                : ToResult(ApiResult.BadRequest("period-invalid", "请提供年度参数 period", "Give the period, e.g. ?period=2022")));
        app.MapGet("/api/completeness", async (HttpRequest r, CadreApiGateway g, CancellationToken ct) =>
            int.TryParse(r.Query["period"], out var period)
                ? ToResult(await g.GetCompletenessAsync(Token(r), period, ct))
                : ToResult(ApiResult.BadRequest("period-invalid", "请提供年度参数 period", "Give the period, e.g. ?period=2022")));
        app.MapPost("/api/recalculate", async (HttpRequest r, CadreApiGateway g, CancellationToken ct) =>
            int.TryParse(r.Query["period"], out var period)
                ? ToResult(await g.RecalculateAsync(Token(r), period, ct))
                : ToResult(ApiResult.BadRequest("period-invalid", "请提供年度参数 period", "Give the period, e.g. ?period=2022")));
        app.MapGet("/api/template", (HttpRequest r, CadreApiGateway g) =>
            ToResult(g.GetTemplate(Token(r), NullIfEmpty(r.Query["county"]), r.Query["period"])));
    }

    private static string? Token(HttpRequest r) => NullIfEmpty(r.Headers[AccessControl.HeaderName]);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static IResult ToResult(ApiResult result) => result.Body is ApiFile file
        ? Results.File(file.Content, file.ContentType, file.FileName)
        : Results.Json(result.Body, Json, statusCode: result.Status);

    private static IResult ServeAsset(WebAssets assets, string? path)
    {
        var asset = assets.Resolve(path);
        if (asset is null)
        {
            return Results.NotFound();
        }

        return new AssetResult(asset);
    }

    private sealed class AssetResult(WebAsset asset) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (k, v) in WebAssets.SecurityHeaders)
            {
                httpContext.Response.Headers[k] = v;
            }

            httpContext.Response.ContentType = asset.ContentType;
            await httpContext.Response.SendFileAsync(asset.FullPath);
        }
    }
}
