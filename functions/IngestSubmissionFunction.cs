using Azure.Storage.Blobs;
using CadrePipeline.Azure.Ingest;
using Microsoft.Azure.Functions.Worker;

namespace CadrePipeline.Functions;

/// <summary>
/// Fires for each blob under <c>submissions/</c> (Event Grid source, as the Flex Consumption plan requires) and hands
/// it to the ingest service. Failures that are not content problems are rethrown: the runtime retries and, after
/// <c>poisonBlobThreshold</c> attempts (host.json), writes the blob to the <c>webjobs-blobtrigger-poison</c> queue,
/// while the ledger shows the submission as failed and replayable.
/// </summary>
public sealed class IngestSubmissionFunction(IngestService ingest)
{
    [Function("IngestSubmission")]
    public Task RunAsync(
        [BlobTrigger("submissions/{county}/{period}/{name}", Source = BlobTriggerSource.EventGrid, Connection = "CadreStorage")] BlobClient blob,
        string county,
        string period,
        string name,
        CancellationToken cancellationToken)
    {
        // The service reads the blob itself, with its properties; binding a client downloads nothing here.
        _ = blob;
        return ingest.IngestAsync(county, period, name, cancellationToken: cancellationToken);
    }
}
