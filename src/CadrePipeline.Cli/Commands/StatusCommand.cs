using System.Text.Json;
using CadrePipeline.Azure.Cosmos;
using CadrePipeline.Azure.Ledger;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Cli.Commands;

/// <summary><c>cadre status [--county CODE] [--period YEAR] [--failed] [--json]</c>: the ledger; <c>--failed</c> lists only what failed, with the reason.</summary>
internal sealed class StatusCommand : ICadreCommand
{
    public string Name => "status";

    public string Usage => "status [--county CODE] [--period YEAR] [--failed] [--json]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        if (args.Unknown("county", "period", "json", "failed").Any() || args.Positional.Count > 0)
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}");
            return ExitCodes.Usage;
        }

        var countyArg = args.Get("county");
        var county = countyArg is null ? null : CliHost.Areas.ResolveCode(countyArg);
        if (countyArg is not null && county is null)
        {
            Console.Error.WriteLine($"未知的县(市、区) unknown county: {countyArg}");
            return ExitCodes.Usage;
        }

        await using var services = CliHost.BuildServices();
        var ledger = services.GetRequiredService<SubmissionLedger>();
        var docs = new List<SubmissionDocument>();
        // Uploads under an invalid path are filed under the county "unknown"; they are listed with the rest.
        foreach (var c in county is null ? CliHost.Areas.Counties.Select(c => c.Code).Append(SubmissionIds.UnknownCounty) : [county])
        {
            docs.AddRange(await ledger.ListAsync(c, args.GetInt("period"), cancellationToken));
        }

        var failedOnly = args.Has("failed");
        if (failedOnly)
        {
            docs = [.. docs.Where(d => d.Status == SubmissionStatus.Failed)];
        }

        if (args.Has("json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(docs, new JsonSerializerOptions(CosmosJson.Options) { WriteIndented = true }));
            return ExitCodes.Ok;
        }

        if (docs.Count == 0 && failedOnly)
        {
            Console.WriteLine("没有失败的报送 no failed submissions.");
        }
        else if (docs.Count == 0)
        {
            Console.WriteLine("台账为空 the ledger is empty. Submit with ./cadre submit, or run ./cadre demo.");
        }

        foreach (var d in docs.OrderBy(d => d.CountyCode, StringComparer.Ordinal).ThenBy(d => d.ReceivedAtUtc))
        {
            var superseded = d.SupersededBy is null ? "" : $"  superseded by {d.SupersededBy}";
            Console.WriteLine($"{d.ReceivedAtUtc:yyyy-MM-dd HH:mm:ss}Z  {SubmitCommand.FormatLine(d)}{superseded}");
            if (d.Status == SubmissionStatus.Failed)
            {
                Console.WriteLine($"    原因 reason (attempt {d.Attempts}): {d.LastError}   → ./cadre replay {d.Id}");
            }
        }

        return ExitCodes.Ok;
    }
}
