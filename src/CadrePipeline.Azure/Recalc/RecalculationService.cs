using CadrePipeline.Azure.Cosmos;
using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Recalc;

/// <summary>Settings of the recalculation. Bound from the section <c>Recalc</c>.</summary>
public sealed class RecalcOptions
{
    public const string SectionName = "Recalc";

    /// <summary>How long a crashed holder of the recalculation lock blocks the next run (renewed while running; default 1 min).</summary>
    public TimeSpan LockLease { get; set; } = RecalculationLock.DefaultLease;
}

/// <summary>What a recalculation did.</summary>
public sealed record RecalculationOutcome(int Period, bool Ran, DateTimeOffset? BusyUntil, int ParentAreas, int Documents, IReadOnlyList<IndicatorValue> RootValues);

/// <summary>Runs after each successful recalculation of a period (the Power BI publisher).</summary>
public interface IRecalculationFollowUp
{
    Task RunAsync(int period, CancellationToken cancellationToken);
}

/// <summary>
/// Recalculates every parent area of the catalogue (city, and a province or nation where added as data) as the sum
/// of its children's stored partials, then the division. It reads partials, never rows: one single-partition query
/// per parent. One run at a time per period, under <see cref="RecalculationLock"/>. The timer, the HTTP function
/// and <c>cadre recalc</c> all call <see cref="RecalculateAsync"/>.
/// </summary>
public sealed class RecalculationService(
    IndicatorStore indicators,
    IndicatorEngine engine,
    AreaCatalog areas,
    SubmissionLedger ledger,
    RecalculationLock recalcLock,
    IEnumerable<IRecalculationFollowUp> followUps,
    IEnumerable<Publishing.IPublishStepObserver> observers,
    TimeProvider time,
    IOptions<RecalcOptions> options,
    ILogger<RecalculationService> logger)
{
    public const string RootParent = "root";

    public async Task<RecalculationOutcome> RecalculateAsync(int period, CancellationToken cancellationToken)
    {
        var (lease, busyUntil) = await recalcLock.TryAcquireAsync($"recalc:{period}", options.Value.LockLease, cancellationToken);
        if (lease is null)
        {
            Log.RecalculationBusy(logger, period, busyUntil ?? default);
            return new RecalculationOutcome(period, false, busyUntil, 0, 0, []);
        }

        await using (lease)
        {
            var now = time.GetUtcNow();
            var parents = areas.ParentsBottomUp().ToList();
            var written = 0;
            IReadOnlyList<IndicatorValue> rootValues = [];
            foreach (var parent in parents)
            {
                var childCodes = areas.ChildrenOf(parent.Code).Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
                var children = (await indicators.ListChildrenAsync(period, parent.Code, cancellationToken))
                    .Where(d => childCodes.Contains(d.AreaCode))
                    .ToList();
                var rolled = IndicatorEngine.Rollup(parent.Code, children.Select(d => d.ToPartial()));
                var grandParent = parent.ParentCode ?? RootParent;
                var sources = children.Select(c => c.AreaCode).Distinct().Order(StringComparer.Ordinal).ToList();
                var docs = rolled.Select(p => IndicatorDocument.From(p, engine.Evaluate(p, now), grandParent, parent.Level.ToString().ToLowerInvariant(), sources, 0)).ToList();
                await indicators.UpsertManyAsync(docs, cancellationToken);
                written += docs.Count;
                if (parent.ParentCode is null)
                {
                    rootValues = [.. docs.Select(d => d.ToValue())];
                }
            }

            Log.Recalculated(logger, period, parents.Count, written);
            foreach (var o in observers)
            {
                await o.OnStepCompletedAsync(period, Publishing.PublishStep.ParentsRecalculated, cancellationToken);
            }

            foreach (var f in followUps)
            {
                await f.RunAsync(period, cancellationToken);
            }

            return new RecalculationOutcome(period, true, null, parents.Count, written, rootValues);
        }
    }

    /// <summary>The periods any county has current forms for: the timer recalculates each of them.</summary>
    public Task<IReadOnlyList<int>> ActivePeriodsAsync(CancellationToken cancellationToken) => ledger.ActivePeriodsAsync(areas.Counties.Select(c => c.Code), cancellationToken);
}
