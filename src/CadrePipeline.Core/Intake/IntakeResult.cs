using CadrePipeline.Core.Records;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Core.Intake;

/// <summary>What one upload produced: the report, and the accepted rows per sheet.</summary>
public sealed class IntakeResult
{
    public required ValidationReport Report { get; init; }

    /// <summary>One batch per recognised sheet. Empty when the file has a file-level error.</summary>
    public required IReadOnlyList<FormBatch> Batches { get; init; }
}

/// <summary>The accepted rows of one sheet (rows with only warnings included).</summary>
public sealed class FormBatch
{
    public required string Form { get; init; }

    public required string Sheet { get; init; }

    public required IReadOnlyList<NormalizedRecord> Records { get; init; }
}
