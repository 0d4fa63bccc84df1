using System.Net;
using Microsoft.Azure.Cosmos;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CadrePipeline.Azure.Cosmos;

/// <summary>
/// The one resilience layer around Cosmos calls (registered with <c>AddResiliencePipeline</c> under <see cref="Key"/>).
/// It retries a single call whose transport failed: the connection dropped or timed out, or the gateway answered
/// 408/410/449/503. Such a call may have done its work on the server before its answer was lost, so only calls that
/// are safe to repeat go through it, and they are written so that a repeat is harmless: upserts with deterministic
/// ids, reads and queries, creates and conditional replaces whose 409/412 the caller answers by re-reading (a
/// read-modify-write loop, or the lock comparing its owner), deletes that take 404 as done.
/// Throttling (429) is the Cosmos SDK's own (<see cref="CosmosClientFactory"/>); ETag conflicts are the callers'.
/// Budget: 6 retries (7 attempts), exponential back-off from 200 ms with jitter, at most 5 s apart, each attempt at
/// most 30 s: under a minute and a half in all before the fault reaches the caller (docs/operations.md).
/// </summary>
public static class CosmosResilience
{
    public const string Key = "cadre-cosmos";

    public const int MaxRetryAttempts = 6;

    /// <summary>Adds the strategies to a builder (the DI registration and tests share this).</summary>
    public static void Configure(ResiliencePipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
            })
            .AddTimeout(TimeSpan.FromSeconds(30));
    }

    /// <summary>A transport fault of one Cosmos call: worth repeating the same call.</summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        CosmosException c => c.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.Gone or HttpStatusCode.ServiceUnavailable
            or (HttpStatusCode)449,
        HttpRequestException or IOException or TimeoutRejectedException or TimeoutException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(e => IsTransient(e, callerToken)),
        _ => exception.InnerException is { } inner && IsTransient(inner, callerToken),
    };
}
