using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Ingest;

/// <summary>How an ingest run by <see cref="IngestAttempts"/> ended: the outcome, or the last error after every attempt.</summary>
public sealed record IngestRun(IngestOutcome? Outcome, Exception? LastError, int Attempts)
{
    public bool Succeeded => Outcome is not null;
}

/// <summary>
/// Runs an ingest as the blob trigger does: an attempt that throws (a fault, never a content problem, which ends in
/// a report) is run again, up to <see cref="IngestOptions.MaxAttempts"/> attempts in all (host.json's
/// <c>poisonBlobThreshold</c>), with a doubling pause. Each attempt is the whole idempotent ingest, so a run through
/// faults ends in the state of a clean run. After the last attempt the submission stays <c>failed</c> with its
/// reason, replayable, and the error is returned, not thrown. Used by <c>cadre submit</c>, <c>replay</c> and
/// <c>rebuild</c>; the Functions host has its own trigger retry and calls <see cref="IngestService"/> directly.
/// </summary>
public sealed class IngestAttempts(IngestService ingest, IOptions<IngestOptions> options, TimeProvider time, ILogger<IngestAttempts> logger)
{
    public async Task<IngestRun> RunAsync(string county, string period, string fileName, bool force = false, CancellationToken cancellationToken = default)
    {
        var max = Math.Max(1, options.Value.MaxAttempts);
        var delay = options.Value.FirstRetryDelay;
        Exception? last = null;
        for (var attempt = 1; attempt <= max; attempt++)
        {
            try
            {
                return new IngestRun(await ingest.IngestAsync(county, period, fileName, force, cancellationToken), null, attempt);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
                Log.IngestAttemptFailed(logger, county, period, attempt, max, ex.GetType().Name);
                if (attempt < max)
                {
                    await Task.Delay(delay, time, cancellationToken);
                    delay *= 2;
                }
            }
        }

        return new IngestRun(null, last, max);
    }
}
