namespace CadrePipeline.Azure.Publishing;

/// <summary>The steps of one recalculation and publication, in order. Observers see each step after it completed.</summary>
public enum PublishStep
{
    /// <summary>Every parent area's documents are written (before any publishing).</summary>
    ParentsRecalculated,

    /// <summary>The snapshot folder's files and its manifest are written.</summary>
    SnapshotWritten,

    /// <summary>The Azure Tables hold the snapshot.</summary>
    TablesSynced,

    /// <summary><c>latest/</c> holds the snapshot; the root manifest still names the previous one.</summary>
    LatestWritten,

    /// <summary>The root <c>manifest.json</c> names the new snapshot.</summary>
    ManifestWritten,
}

/// <summary>
/// Sees each completed step of a recalculation and publication (telemetry; the crash tests use it to stop the process
/// between two steps). None is registered by default.
/// </summary>
public interface IPublishStepObserver
{
    Task OnStepCompletedAsync(int? period, PublishStep step, CancellationToken cancellationToken);
}
