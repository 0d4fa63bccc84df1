namespace CadrePipeline.Azure.Ingest;

/// <summary>The steps of one ingest run, in order. Observers see each step after it completed.</summary>
public enum IngestStep
{
    ReportWritten,
    RecordsStored,
    Superseded,
    PartialsUpserted,
}

/// <summary>
/// Sees each completed step of an ingest run (telemetry; tests use it to inject a fault between two steps).
/// None is registered by default.
/// </summary>
public interface IIngestStepObserver
{
    Task OnStepCompletedAsync(string submissionId, IngestStep step, CancellationToken cancellationToken);
}
