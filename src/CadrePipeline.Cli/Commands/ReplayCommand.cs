using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Cli.Commands;

/// <summary><c>cadre replay ID</c>: runs a submission through the ingest service again, whatever its status.</summary>
internal sealed class ReplayCommand : ICadreCommand
{
    public string Name => "replay";

    public string Usage => "replay ID";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        if (args.Positional.Count != 1)
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}");
            return ExitCodes.Usage;
        }

        await using var services = CliHost.BuildServices();
        var doc = await services.GetRequiredService<SubmissionLedger>().GetAsync(args.Positional[0], cancellationToken);
        if (doc is null)
        {
            Console.Error.WriteLine($"台账中没有 {args.Positional[0]}；用 ./cadre status 查看编号 / no such submission; see ./cadre status");
            return ExitCodes.Usage;
        }

        var parts = doc.BlobPath.Split('/', 3);
        var run = await services.GetRequiredService<IngestAttempts>().RunAsync(parts[0], parts[1], parts[2], force: true, cancellationToken);
        if (run.Outcome is { } outcome)
        {
            Console.WriteLine(SubmitCommand.FormatLine(outcome.Submission));
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"重新处理失败 replay failed after {run.Attempts} attempts: {CliErrors.OneLine(run.LastError!)}. The ledger marks it failed; fix the cause and replay again.");
        return ExitCodes.Failed;
    }
}
