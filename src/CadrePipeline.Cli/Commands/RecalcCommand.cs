using CadrePipeline.Azure.Recalc;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Cli.Commands;

/// <summary><c>cadre recalc [--period YEAR]</c>: recalculates parent areas and publishes, exactly as the timer does.</summary>
internal sealed class RecalcCommand : ICadreCommand
{
    public string Name => "recalc";

    public string Usage => "recalc [--period YEAR]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        if (args.Unknown("period").Any() || args.Positional.Count > 0)
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}");
            return ExitCodes.Usage;
        }

        await using var services = CliHost.BuildServices();
        var recalc = services.GetRequiredService<RecalculationService>();
        var periods = args.GetInt("period") is { } p ? [p] : await recalc.ActivePeriodsAsync(cancellationToken);
        if (periods.Count == 0)
        {
            Console.WriteLine("没有可重算的数据 nothing to recalculate: no county has accepted data yet.");
        }

        var exit = ExitCodes.Ok;
        foreach (var outcome in periods.Count == 0 ? [] : await recalc.RecalculateAsync(periods, cancellationToken))
        {
            var period = outcome.Period;
            if (outcome.Ran)
            {
                Console.WriteLine($"{period}: recalculated {outcome.ParentAreas} parent areas, {outcome.Documents} rewritten");
            }
            else
            {
                Console.Error.WriteLine($"{period}: 另一个重算正在进行 another recalculation holds the lock until {outcome.BusyUntil:u}; try again then.");
                exit = ExitCodes.Failed;
            }
        }

        return exit;
    }
}
