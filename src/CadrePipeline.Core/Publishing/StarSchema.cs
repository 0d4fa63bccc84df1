namespace CadrePipeline.Core.Publishing;

/// <summary>
/// The Power BI star schema of output.md: three dimensions and three facts, as built after a recalculation.
/// The lists may come in any order; every writer sorts them by key (ordinal) so that the same rows always give the
/// same bytes. Personal fields have no column here, so they cannot be published.
/// </summary>
public sealed class StarSchema
{
    public IReadOnlyList<DimAreaRow> DimArea { get; init; } = [];

    public IReadOnlyList<DimIndicatorRow> DimIndicator { get; init; } = [];

    public IReadOnlyList<DimPeriodRow> DimPeriod { get; init; } = [];

    public IReadOnlyList<FactIndicatorValueRow> FactIndicatorValue { get; init; } = [];

    public IReadOnlyList<FactSubmissionRow> FactSubmission { get; init; } = [];

    public IReadOnlyList<FactCompletenessRow> FactCompleteness { get; init; } = [];
}
