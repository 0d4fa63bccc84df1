using CadrePipeline.Azure.Ledger;

namespace CadrePipeline.Azure.Ingest;

/// <summary>What one ingest run did.</summary>
public enum IngestResultKind
{
    /// <summary>Processed: rejected or aggregated (see the ledger entry's status).</summary>
    Processed,

    /// <summary>The same bytes were already processed for this county and period; nothing changed.</summary>
    Unchanged,
}

public sealed record IngestOutcome(IngestResultKind Kind, SubmissionDocument Submission);
