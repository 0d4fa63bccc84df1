using CadrePipeline.Azure.Ledger;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Azure.Completeness;

/// <summary>Deadlines of the completeness check. Bound from the section <c>Completeness</c>.</summary>
public sealed class CompletenessOptions
{
    public const string SectionName = "Completeness";

    /// <summary>
    /// The deadline as month-day after the period's end, applied to every period: a submission counts as on time
    /// when received by that day (UTC, end of day) of the year after the period. Default 03-31: the 2022 figures
    /// are due by 31 March 2023.
    /// </summary>
    public string DeadlineMonthDay { get; set; } = "03-31";

    /// <summary>Overrides per period, e.g. <c>Completeness__Deadlines__2022=2023-02-28</c>.</summary>
    public Dictionary<string, DateOnly> Deadlines { get; set; } = [];

    public DateTimeOffset DeadlineFor(int period)
    {
        var day = Deadlines.TryGetValue(period.ToString(System.Globalization.CultureInfo.InvariantCulture), out var d)
            ? d
            : DateOnly.ParseExact($"{period + 1}-{DeadlineMonthDay}", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
    }
}

/// <summary>One cell of the completeness matrix (FactCompleteness).</summary>
public sealed record CompletenessCell(string CountyCode, int Period, string Form, bool Submitted, bool OnTime, DateTimeOffset? LastSubmissionAtUtc);

/// <summary>
/// Per county, period and form: whether an accepted submission is current, and whether the latest one arrived by the
/// deadline. Village secretaries count as submitted when any term is current. One point read per county.
/// </summary>
public sealed class CompletenessService(SubmissionLedger ledger, AreaCatalog areas, FormCatalog forms, IOptions<CompletenessOptions> options)
{
    public async Task<IReadOnlyList<CompletenessCell>> ComputeAsync(int period, CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, CurrentFormsDocument>(StringComparer.Ordinal);
        foreach (var county in areas.Counties)
        {
            current[county.Code] = (await ledger.GetCurrentAsync(county.Code, period, cancellationToken)).Doc;
        }

        return Compute(period, current);
    }

    /// <summary>The matrix from pointers already read (county code → its pointer for the period; a missing one counts as none).</summary>
    public IReadOnlyList<CompletenessCell> Compute(int period, IReadOnlyDictionary<string, CurrentFormsDocument> currentByCounty)
    {
        ArgumentNullException.ThrowIfNull(currentByCounty);
        var deadline = options.Value.DeadlineFor(period);
        var cells = new List<CompletenessCell>();
        foreach (var county in areas.Counties.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            var current = currentByCounty.GetValueOrDefault(county.Code) ?? new CurrentFormsDocument { CountyCode = county.Code, Period = period };
            foreach (var form in forms.Forms)
            {
                var entries = current.Forms.Where(kv => Ingest.FormKeys.FormOf(kv.Key) == form.Id).Select(kv => kv.Value).ToList();
                var last = entries.Count == 0 ? (DateTimeOffset?)null : entries.Max(e => e.ReceivedAtUtc);
                cells.Add(new CompletenessCell(county.Code, period, form.Id, entries.Count > 0, last is { } l && l <= deadline, last));
            }
        }

        return cells;
    }
}
