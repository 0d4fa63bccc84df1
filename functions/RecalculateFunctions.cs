using CadrePipeline.Azure.Recalc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CadrePipeline.Functions;

/// <summary>The scheduled and the on-demand recalculation of parent areas, both through <see cref="RecalculationService"/>.</summary>
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

        foreach (var period in await recalc.ActivePeriodsAsync(cancellationToken))
        {
            await recalc.RecalculateAsync(period, cancellationToken);
        }
    }

    /// <summary><c>POST /api/recalculate?period=2022</c> (function key). 409 when a run of that period is already going.</summary>
    [Function("RecalculateNow")]
    public async Task<IActionResult> RunNowAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "recalculate")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!int.TryParse(request.Query["period"], out var period))
        {
            return new BadRequestObjectResult(new { code = "period-invalid", message = "请提供年度参数 period，如 2022", messageEn = "Give the period, e.g. ?period=2022" });
        }

        var outcome = await recalc.RecalculateAsync(period, cancellationToken);
        return outcome.Ran
            ? new OkObjectResult(outcome)
            : new ConflictObjectResult(new { code = "already-running", busyUntil = outcome.BusyUntil, message = "该年度的重算正在进行", messageEn = "A recalculation of this period is already running" });
    }
}
