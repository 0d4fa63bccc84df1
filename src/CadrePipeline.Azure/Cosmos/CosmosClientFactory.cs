using System.Net;
using System.Net.Security;
using Azure.Identity;
using CadrePipeline.Azure.Hosting;
using Microsoft.Azure.Cosmos;

namespace CadrePipeline.Azure.Cosmos;

/// <summary>Builds the one <see cref="CosmosClient"/> of the process, for Azure or the local server.</summary>
public static class CosmosClientFactory
{
    /// <param name="options">The account.</param>
    /// <param name="handlers">When given, wraps the client's HTTP handler (round-trip counting in the benchmarks).</param>
    public static CosmosClient Create(CosmosOptions options, ICadreHttpHandlerFactory? handlers = null)
    {
        var endpoint = options.AccountEndpoint ?? throw new InvalidOperationException("Cosmos:AccountEndpoint is not set");
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "CadrePipeline",
            // The SDK's own retry handles 429 (throttling) with retry-after; no other layer retries it.
            MaxRetryAttemptsOnRateLimitedRequests = 9,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(30),
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
            AllowBulkExecution = options.BulkExecution,
        };

        var trustLocal = false;
        if (IsLoopback(endpoint))
        {
            // The local Cosmos-compatible server speaks only the gateway protocol and must not be
            // redirected to the addresses it advertises.
            clientOptions.ConnectionMode = ConnectionMode.Gateway;
            clientOptions.LimitToEndpoint = true;
            trustLocal = options.TrustLocalCertificate;
        }

        if (trustLocal || handlers is not null)
        {
            clientOptions.HttpClientFactory = () =>
            {
                var inner = new SocketsHttpHandler();
                if (trustLocal)
                {
                    // Only for a loopback endpoint: the local server's self-signed certificate.
                    inner.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
                }

                return new HttpClient(handlers?.Wrap(CadreHttpClientKind.Cosmos, inner) ?? inner);
            };
        }

        return string.IsNullOrEmpty(options.AccountKey)
            ? new CosmosClient(endpoint.ToString(), new DefaultAzureCredential(), clientOptions)
            : new CosmosClient(endpoint.ToString(), options.AccountKey, clientOptions);
    }

    public static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host, out var ip) && IPAddress.IsLoopback(ip));
}
