using CadrePipeline.Azure.Recalc;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CadrePipeline.Azure.Publishing;

/// <summary>
/// Publishes the star schema after each recalculation, under the recalculation lock. The whole publish is idempotent,
/// so Polly retries it as a unit (3 attempts, exponential back-off, 5-minute timeout each); single Storage calls inside
/// are retried by the Azure SDK, not here.
/// </summary>
public sealed class PublishFollowUp(StarSchemaAssembler assembler, PowerBiPublisher publisher) : IRecalculationFollowUp
{
    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(2),
            ShouldHandle = new PredicateBuilder().Handle<global::Azure.RequestFailedException>().Handle<TimeoutRejectedException>(),
        })
        .AddTimeout(TimeSpan.FromMinutes(5))
        .Build();

    public async Task RunAsync(RecalculationSnapshot snapshot, CancellationToken cancellationToken)
    {
        await Pipeline.ExecuteAsync(
            async ct =>
            {
                var schema = await assembler.BuildAsync(snapshot, ct);
                await publisher.PublishAsync(schema, ct);
            },
            cancellationToken);
    }
}
