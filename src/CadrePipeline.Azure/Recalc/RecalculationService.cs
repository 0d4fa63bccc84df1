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

/// <summary>What a recalculation of one period did. <c>Documents</c>: the parent documents it rewrote (unchanged sums are not rewritten).</summary>
public sealed record RecalculationOutcome(int Period, bool Ran, DateTimeOffset? BusyUntil, int ParentAreas, int Documents, IReadOnlyList<IndicatorValue> RootValues);

/// <summary>
/// What one recalculation read and wrote: every partition of the periods it ran, as they stand after it (the
/// publisher builds the star schema from it instead of reading them again).
/// </summary>
public sealed class RecalculationSnapshot
{
    /// <summary>(period, parent code) → the documents of that partition.</summary>
    public Dictionary<(int Period, string Parent), List<PartialsDocument>> Partitions { get; } = [];

    public IReadOnlyList<RecalculationOutcome> Outcomes { get; init; } = [];
}

/// <summary>Runs once after each recalculation, whatever the number of periods (the Power BI publisher).</summary>
public interface IRecalculationFollowUp
{
    Task RunAsync(RecalculationSnapshot snapshot, CancellationToken cancellationToken);
}

/// <summary>
/// Recalculates every parent area of the catalogue (city, and a province or nation where added as data) as the sum
/// of its children's stored partials, then the division. It reads partials, never rows: one single-partition query
/// per parent and period, read before anything is written; a parent document is rewritten only when its sums
/// changed. One run at a time for all periods, under one <see cref="RecalculationLock"/> (the published
/// <c>latest/</c> and Tables are shared by every period), then one publish. The timer, the HTTP function and
/// <c>cadre recalc</c> all call <see cref="RecalculateAsync(IReadOnlyList{int}, CancellationToken)"/>.
/// </summary>
public sealed class RecalculationService(
    IndicatorStore indicators,
    AreaCatalog areas,
    SubmissionLedger ledger,
    RecalculationLock recalcLock,
    IEnumerable<IRecalculationFollowUp> followUps,
    IEnumerable<Publishing.IPublishStepObserver> observers,
    TimeProvider time,
    IOptions<RecalcOptions> options,
    ILogger<RecalculationService> logger)
{
    public const string RootParent = IndicatorStore.RootParent;

    /// <summary>The name of the one recalculation lock.</summary>
    public const string LockName = "recalc";

    /// <summary>Recalculates one period, then publishes (see the overload).</summary>
    public async Task<RecalculationOutcome> RecalculateAsync(int period, CancellationToken cancellationToken) =>
        (await RecalculateAsync([period], cancellationToken)).Single();

    /// <summary>Recalculates the periods in turn under one lock, then runs the follow-ups (the publish) once.</summary>
    public async Task<IReadOnlyList<RecalculationOutcome>> RecalculateAsync(IReadOnlyList<int> periods, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var (lease, busyUntil) = await recalcLock.TryAcquireAsync(LockName, options.Value.LockLease, cancellationToken);
        if (lease is null)
        {
            foreach (var p in periods)
            {
                Log.RecalculationBusy(logger, p, busyUntil ?? default);
            }

            return [.. periods.Select(p => new RecalculationOutcome(p, false, busyUntil, 0, 0, []))];
        }

        await using (lease)
        {
            var outcomes = new List<RecalculationOutcome>();
            var snapshot = new RecalculationSnapshot { Outcomes = outcomes };
            foreach (var period in periods.Distinct().Order())
            {
                outcomes.Add(await RecalculatePeriodAsync(period, snapshot, cancellationToken));
                foreach (var o in observers)
                {
                    await o.OnStepCompletedAsync(period, Publishing.PublishStep.ParentsRecalculated, cancellationToken);
                }
            }

            foreach (var f in followUps)
            {
                await f.RunAsync(snapshot, cancellationToken);
            }

            return outcomes;
        }
    }

    private async Task<RecalculationOutcome> RecalculatePeriodAsync(int period, RecalculationSnapshot snapshot, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var parents = areas.ParentsBottomUp().ToList();
        var keys = parents.Select(p => p.Code).Append(RootParent).Distinct(StringComparer.Ordinal).ToList();
        var read = await Task.WhenAll(keys.Select(k => indicators.ListPartitionAsync(period, k, cancellationToken)));
        for (var i = 0; i < keys.Count; i++)
        {
            snapshot.Partitions[(period, keys[i])] = read[i];
        }

        var written = 0;
        IReadOnlyList<IndicatorValue> rootValues = [];
        foreach (var parent in parents)
        {
            var childCodes = areas.ChildrenOf(parent.Code).Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
            var children = snapshot.Partitions[(period, parent.Code)].Where(d => childCodes.Contains(d.AreaCode)).ToList();
            var rolled = IndicatorEngine.Rollup(parent.Code, children.SelectMany(c => c.OwnPartials()));
            var grandParent = parent.ParentCode ?? RootParent;
            var doc = new PartialsDocument
            {
                Id = PartialsDocument.IdFor(parent.Code, period),
                Pk = PartialsDocument.PkFor(period, grandParent),
                AreaCode = parent.Code,
                ParentCode = grandParent,
                Level = parent.Level.ToString().ToLowerInvariant(),
                Period = period,
                Sources = [.. children.Select(c => c.AreaCode).Distinct().Order(StringComparer.Ordinal)],
                ComputedAtUtc = now,
                Partials = [.. rolled.Select(PartialEntry.From)],
            };

            var siblings = snapshot.Partitions[(period, grandParent)];
            var existing = siblings.FindIndex(d => d.AreaCode == parent.Code);
            if (existing >= 0 && siblings[existing].SameSumsAs(doc))
            {
                doc = siblings[existing];
            }
            else
            {
                await indicators.UpsertAsync(doc, cancellationToken);
                written++;
                if (existing >= 0)
                {
                    siblings[existing] = doc;
                }
                else
                {
                    siblings.Add(doc);
                }
            }

            if (parent.ParentCode is null)
            {
                rootValues = [.. indicators.Own(doc).Select(d => d.ToValue())];
            }
        }

        Log.Recalculated(logger, period, parents.Count, written);
        return new RecalculationOutcome(period, true, null, parents.Count, written, rootValues);
    }

    /// <summary>The periods any county has current forms for: the timer recalculates each of them.</summary>
    public Task<IReadOnlyList<int>> ActivePeriodsAsync(CancellationToken cancellationToken) => ledger.ActivePeriodsAsync(areas.Counties.Select(c => c.Code), cancellationToken);
}
