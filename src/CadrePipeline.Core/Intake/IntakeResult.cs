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

/// <summary>
/// Receives each accepted row as soon as it is validated, in file order, instead of the rows being kept in
/// <see cref="FormBatch.Records"/> (the ingest streams them to disk, so memory does not grow with the rows). The rows
/// of a file that ends with a file-level error were already handed over: the caller discards them then.
/// </summary>
public interface IAcceptedRecordSink
{
    void Add(string form, string sheet, NormalizedRecord record);
}
