using System.Net;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
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
        var signIn = app.Services.GetRequiredService<IOptions<SignInOptions>>().Value;
        Console.WriteLine($"上传页面 upload page: {ServeHost.BaseAddress(app)}/");
        Console.WriteLine($"登录颁发方 sign-in issuer: {signIn.Authority} (audience {signIn.Audience}); tokens for scripts: ./cadre token --user NAME");

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
/// The ASP.NET Core host of <c>cadre serve</c>: every route of <see cref="ApiRoutes"/> under <c>/api</c>, through
/// <see cref="ApiDispatcher"/> as in the Functions app, uploads processed at once, and the page at <c>/</c>. Only
/// requests whose Host header names a loopback host and this port are answered (a DNS-rebinding guard).
/// </summary>
internal static class ServeHost
{
    /// <summary>The host names a browser on this machine uses for the page; anything else is refused with 400.</summary>
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]"];

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
        builder.Services.Configure<ApiHostOptions>(o => o.ProcessUploadsNow = true);

        // The slim builder leaves out the regex route constraint, which the upload route uses (see ApiRoutes.UploadPath).
        builder.Services.AddRoutingCore().Configure<RouteOptions>(o => o.SetParameterPolicy<RegexInlineRouteConstraint>("regex"));

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (!IsAllowedHost(context.Request.Host, context.Connection.LocalPort))
            {
                await new ApiResponse(ApiResult.BadRequest(
                    "host-not-allowed",
                    "只接受本机地址（127.0.0.1、localhost 或 [::1]）的请求",
                    "Only requests addressed to this machine (127.0.0.1, localhost or [::1]) and this port are answered")).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.UseExceptionHandler(e => e.Run(context =>
            new ApiResponse(new ApiResult(StatusCodes.Status500InternalServerError, new ApiError("internal-error", "服务器内部错误，请稍后重试", "Internal error; try again later")))
                .ExecuteAsync(context)));
        var assets = WebAssets.Locate(CliHost.RepositoryRoot);
        foreach (var route in ApiRoutes.All)
        {
            app.MapMethods("/api/" + route.Path, [route.Method], (HttpContext context, ApiDispatcher api) => api.InvokeAsync(route, context));
        }

        // Read on first use, so that settings refused at start fail in StartAsync (ValidateOnStart), as every other option does.
        var headers = new Lazy<IReadOnlyDictionary<string, string>>(() => WebAssets.SecurityHeaders(app.Services.GetRequiredService<IOptions<SignInOptions>>().Value));
        app.MapGet("/" + WebAssets.SignInConfigFile, (IOptions<SignInOptions> signIn) => new ApiResponse(ApiResult.Ok(WebAssets.PageConfig(signIn.Value))));
        app.MapGet("/{**path}", (string? path) => path is not null && path.StartsWith("api/", StringComparison.Ordinal)
            ? new ApiResponse(ApiResult.NotFound("没有这个接口", "No such API route"))
            : ServeAsset(assets, headers.Value, path));
        return app;
    }

    /// <summary>http://127.0.0.1:PORT of a started host.</summary>
    public static string BaseAddress(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()
            .Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

    /// <summary>A loopback host name with the port the request came in on (no port only when that is 80).</summary>
    internal static bool IsAllowedHost(HostString host, int localPort) =>
        host.HasValue
        && LoopbackHosts.Contains(host.Host, StringComparer.OrdinalIgnoreCase)
        && (host.Port ?? 80) == localPort;

    private static IResult ServeAsset(WebAssets assets, IReadOnlyDictionary<string, string> headers, string? path)
    {
        var asset = assets.Resolve(path);
        if (asset is null)
        {
            return Results.NotFound();
        }

        return new AssetResult(asset, headers);
    }

    private sealed class AssetResult(WebAsset asset, IReadOnlyDictionary<string, string> headers) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (k, v) in headers)
            {
                httpContext.Response.Headers[k] = v;
            }

            httpContext.Response.ContentType = asset.ContentType;
            await httpContext.Response.SendFileAsync(asset.FullPath);
        }
    }
}
