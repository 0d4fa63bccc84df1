using CadrePipeline.Core.Publishing;

namespace CadrePipeline.Azure.Publishing;

/// <summary>What one <see cref="PowerBiPublisher.PublishAsync"/> did.</summary>
/// <param name="Manifest">The manifest written last: the snapshot's time, folder, tables, row counts and hashes.</param>
/// <param name="Tables">Per Azure Table: entities written, deleted and left as they were.</param>
/// <param name="SnapshotsRemoved">Snapshot folders deleted by retention (oldest first).</param>
public sealed record PublishResult(
    PublishManifest Manifest,
    IReadOnlyList<TableSyncResult> Tables,
    IReadOnlyList<string> SnapshotsRemoved)
{
    public string SnapshotFolder => Manifest.Snapshot;

    /// <summary>True when nothing changed since the last publication, so nothing was written (<see cref="Manifest"/> is that one's).</summary>
    public bool Skipped { get; init; }

    public int EntitiesWritten => Tables.Sum(t => t.Upserted);

    public int EntitiesDeleted => Tables.Sum(t => t.Deleted);
}

/// <summary>The outcome of bringing one Azure Table in line with the snapshot.</summary>
/// <param name="Table">The full table name, prefix included.</param>
/// <param name="Upserted">Entities inserted or replaced (new or changed rows).</param>
/// <param name="Deleted">Entities removed because their row is no longer in the snapshot.</param>
/// <param name="Unchanged">Entities that already held exactly the row, and were not written.</param>
/// <param name="Transactions">Entity-group transactions submitted.</param>
public sealed record TableSyncResult(string Table, int Upserted, int Deleted, int Unchanged, int Transactions);
