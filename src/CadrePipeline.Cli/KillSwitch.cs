using System.Diagnostics;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Publishing;

namespace CadrePipeline.Cli;

/// <summary>
/// The crash tests' seam: with <c>CADRE_KILL_AT=ingest:{IngestStep}</c> or <c>publish:{PublishStep}</c> set, the
/// process sends itself SIGKILL right after that step completed — no cleanup, no flush, as a killed worker would
/// stop. Registered only when the variable is set; never set it in production.
/// </summary>
internal sealed class KillSwitch(string target) : IIngestStepObserver, IPublishStepObserver
{
    public const string Variable = "CADRE_KILL_AT";

    public static KillSwitch? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } target ? new KillSwitch(target) : null;

    public Task OnStepCompletedAsync(string submissionId, IngestStep step, CancellationToken cancellationToken) => Check($"ingest:{step}");

    public Task OnStepCompletedAsync(int? period, PublishStep step, CancellationToken cancellationToken) => Check($"publish:{step}");

    private Task Check(string reached)
    {
        if (string.Equals(reached, target, StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"{Variable}: killing the process after {reached}");
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill();
        }

        return Task.CompletedTask;
    }
}
