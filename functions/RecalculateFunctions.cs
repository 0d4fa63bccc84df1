using CadrePipeline.Azure.Recalc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CadrePipeline.Functions;

/// <summary>
/// The scheduled recalculation of parent areas through <see cref="RecalculationService"/>. The on-demand one is the
/// API route <c>RecalculateNow</c> (<see cref="ApiFunctions"/>).
/// </summary>
public sealed class RecalculateFunctions(RecalculationService recalc, ILogger<RecalculateFunctions> logger)
{
    /// <summary>
    /// Runs on <c>%RecalculateSchedule%</c> (default every 30 minutes). A past-due run (the app was asleep or
    /// redeployed) simply runs now: recalculation is idempotent, so catching up once is enough.
    /// </summary>
    [Function("RecalculateOnSchedule")]
    public async Task RunScheduledAsync([TimerTrigger("%RecalculateSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            Log.PastDue(logger);
        }

        var periods = await recalc.ActivePeriodsAsync(cancellationToken);
        if (periods.Count == 0)
        {
            return;
        }

        try
        {
            // Every period under one lock, then one publish (skipped when nothing changed).
            await recalc.RecalculateAsync(periods, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A fault that outlived every retry (docs/operations.md): logged; recalculation is idempotent, so the
            // next tick repairs it.
            Log.ScheduledRecalculationFailed(logger, string.Join(',', periods), ex.GetType().Name);
        }
    }
}
