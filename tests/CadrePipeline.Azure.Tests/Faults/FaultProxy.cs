using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CadrePipeline.Azure.Tests.Faults;

/// <summary>What the proxy does to one request.</summary>
public enum FaultKind
{
    Pass,

    /// <summary>Answered by the proxy with an error status; the upstream never sees the request.</summary>
    Reject,

    /// <summary>Forwarded and done by the upstream, then the client's connection is cut before any answer.</summary>
    CutAfterWork,
}

/// <summary>
/// Decides, with a seeded generator, which requests fail: <see cref="RejectRate"/> of them are answered
/// <see cref="RejectStatus"/> with <see cref="RejectHeaders"/>, <see cref="CutRate"/> are cut after the work.
/// </summary>
public sealed class FaultPlan(int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public double RejectRate { get; init; }

    public double CutRate { get; init; }

    public int RejectStatus { get; init; } = 503;

    public IReadOnlyDictionary<string, string> RejectHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The body of a rejection (its Content-Type is in <see cref="RejectHeaders"/>).</summary>
    public string RejectBody { get; init; } = "";

    /// <summary>Turned off, the proxy passes everything (to finish a run cleanly or read back its results).</summary>
    public bool Enabled { get; set; } = true;

    public FaultKind Next()
    {
        if (!Enabled)
        {
            return FaultKind.Pass;
        }

        double r;
        lock (_gate)
        {
            r = _random.NextDouble();
        }

        return r < RejectRate ? FaultKind.Reject : r < RejectRate + CutRate ? FaultKind.CutAfterWork : FaultKind.Pass;
    }
}

/// <summary>
/// A fault-injecting HTTP(S) reverse proxy on a loopback port, in front of one upstream of the local stack (Azurite's
/// blob or table port over HTTP, the Cosmos server over HTTPS with a self-signed certificate of its own). It forwards
/// every request unchanged (shared-key signatures stay valid) and injects the faults of its <see cref="FaultPlan"/>.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Expect", "TE", "Trailer",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private long _requests;
    private long _rejected;
    private long _cut;

    private FaultProxy(WebApplication app, HttpClient upstream, Uri endpoint)
    {
        _app = app;
        _upstream = upstream;
        Endpoint = endpoint;
    }

    /// <summary>The proxy's own address (<c>http(s)://127.0.0.1:PORT/</c>).</summary>
    public Uri Endpoint { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Cut => Interlocked.Read(ref _cut);

    public static async Task<FaultProxy> StartAsync(Uri upstream, FaultPlan plan, bool https)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = https ? SelfSignedLoopbackCertificate() : null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        })
        { Timeout = TimeSpan.FromMinutes(2) };
        FaultProxy? proxy = null;
        app.Run(context => proxy!.HandleAsync(context, upstream, plan));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy = new FaultProxy(app, client, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context, Uri upstream, FaultPlan plan)
    {
        Interlocked.Increment(ref _requests);
        var fault = plan.Next();
        if (fault == FaultKind.Reject)
        {
            Interlocked.Increment(ref _rejected);
            context.Response.StatusCode = plan.RejectStatus;
            foreach (var (name, value) in plan.RejectHeaders)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(plan.RejectBody);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var target = new Uri(upstream, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent());
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (body.Length > 0 || context.Request.ContentLength is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        var payload = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (fault == FaultKind.CutAfterWork)
        {
            // The upstream did the work; the client never hears of it.
            Interlocked.Increment(ref _cut);
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (payload.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(payload, context.RequestAborted);
        }
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
