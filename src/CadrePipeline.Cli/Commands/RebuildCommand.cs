using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Recalc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Cli.Commands;

/// <summary>
/// <c>cadre rebuild</c>: runs every upload kept in the <c>submissions</c> container through the ingest service again,
/// then recalculates. The local Cosmos-compatible server keeps its data in memory, so after it restarts this rebuilds
/// the ledger and the indicators from the uploads (ingest is idempotent and ordered by received time, so the result is
/// the same as the first time).
/// </summary>
internal sealed class RebuildCommand : ICadreCommand
{
    public string Name => "rebuild";

    public string Usage => "rebuild";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        if (args.Positional.Count > 0 || args.Unknown().Any())
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}");
            return ExitCodes.Usage;
        }

        await using var services = CliHost.BuildServices();
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(storage.SubmissionsContainer);
        var paths = new List<string>();
        if ((await container.ExistsAsync(cancellationToken)).Value)
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
            {
                paths.Add(blob.Name);
            }
        }

        var ingest = services.GetRequiredService<IngestAttempts>();
        var progress = new Progress(paths.Count);
        var failed = 0;
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var parts = path.Split('/', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            progress.Step(path);
            var run = await ingest.RunAsync(parts[0], parts[1], parts[2], cancellationToken: cancellationToken);
            if (run.Outcome is { } outcome)
            {
                progress.Done(outcome.Submission.RowsRead);
                Console.WriteLine(SubmitCommand.FormatLine(outcome.Submission));
            }
            else
            {
                progress.Done(0);
                failed++;
                Console.Error.WriteLine($"{path}: {CliErrors.OneLine(run.LastError!)} (失败已记录 marked failed after {run.Attempts} attempts; ./cadre replay ID after fixing the cause)");
            }
        }

        var recalc = services.GetRequiredService<RecalculationService>();
        var periods = await recalc.ActivePeriodsAsync(cancellationToken);
        foreach (var outcome in periods.Count == 0 ? [] : await recalc.RecalculateAsync(periods, cancellationToken))
        {
            Console.WriteLine(outcome.Ran ? $"{outcome.Period}: recalculated and published" : $"{outcome.Period}: another recalculation is running; run ./cadre recalc later");
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
