using System.Net;
using System.Net.Security;
using Azure.Identity;
using CadrePipeline.Azure.Hosting;
using Microsoft.Azure.Cosmos;

namespace CadrePipeline.Azure.Cosmos;

/// <summary>Builds the one <see cref="CosmosClient"/> of the process, for Azure or the local server.</summary>
public static class CosmosClientFactory
{
    public static CosmosClient Create(CosmosOptions options)
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

        if (IsLoopback(endpoint))
        {
            // The local Cosmos-compatible server speaks only the gateway protocol and must not be
            // redirected to the addresses it advertises.
            clientOptions.ConnectionMode = ConnectionMode.Gateway;
            clientOptions.LimitToEndpoint = true;
            if (options.TrustLocalCertificate)
            {
                clientOptions.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
                {
                    SslOptions = new SslClientAuthenticationOptions
                    {
                        // Only for a loopback endpoint: the local server's self-signed certificate.
                        RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    },
                });
            }
        }

        return string.IsNullOrEmpty(options.AccountKey)
            ? new CosmosClient(endpoint.ToString(), new DefaultAzureCredential(), clientOptions)
            : new CosmosClient(endpoint.ToString(), options.AccountKey, clientOptions);
    }

    public static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host, out var ip) && IPAddress.IsLoopback(ip));
}
