using System.Globalization;
using CadrePipeline.Azure.Cosmos;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Cli;
using CadrePipeline.Cli.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Bench.Pipeline;

/// <summary>
/// <c>roundtrips</c>: the Cosmos and Storage requests of one whole-county workbook (盐池县, all ten forms) submitted
/// as <c>cadre submit</c> does it, and of one city recalculation with its publish, counted by a
/// <see cref="DelegatingHandler"/> on the real clients (services built as the CLI builds them, stores of the run's own).
/// The other four counties are submitted first, uncounted, so the city has its five counties and the clients'
/// metadata caches are warm, as in a long-lived Functions worker.
/// </summary>
internal static class RoundTripBench
{
    public const string County = "640323";
    public const int Period = 2022;

    public static async Task<int> RunAsync(string[] args)
    {
        var stores = new BenchStores();
        stores.Apply();
        var counter = new RequestCounter();
        await using var services = CliHost.BuildServices(s => s.AddSingleton<ICadreHttpHandlerFactory>(counter));
        try
        {
            await services.GetRequiredService<CosmosStore>().EnsureCreatedAsync(default);
            if (!args.Contains("--county-only"))
            {
                var shown = Console.Out;
                Console.SetOut(TextWriter.Null);
                try
                {
                    foreach (var other in new[] { "640302", "640303", "640324", "640381" })
                    {
                        await SubmitCommand.SubmitAsync(services, SampleFiles(other), other, Period, markUnchanged: false, uploader: null, default);
                    }
                }
                finally
                {
                    Console.SetOut(shown);
                }
            }

            var ingest = counter.Open();
            var results = await SubmitCommand.SubmitAsync(services, SampleFiles(County), County, Period, markUnchanged: false, uploader: null, default);
            counter.Close();
            var recalc = counter.Open();
            var outcome = await services.GetRequiredService<RecalculationService>().RecalculateAsync(Period, default);
            counter.Close();

            Console.WriteLine();
            RequestSummary.Print($"submit of the {County} county workbook ({results.Sum(r => r?.RowsAccepted ?? 0)} rows accepted, status {results.FirstOrDefault()?.Status}):", [.. ingest]);
            RequestSummary.Print($"one recalculation of {Period} ({outcome.ParentAreas} parent areas, {outcome.Documents} documents) with its publish:", [.. recalc]);
            Console.WriteLine();
            var ingestCosmos = ingest.Count(r => r.Client == CadreHttpClientKind.Cosmos);
            var ingestRu = ingest.Where(r => r.Client == CadreHttpClientKind.Cosmos).Sum(RequestSummary.ModelRu);
            var recalcCosmos = recalc.Count(r => r.Client == CadreHttpClientKind.Cosmos);
            Rows.Print("1a Cosmos requests, one county workbook (now 235)", ingestCosmos, 15, "requests", lowerIsBetter: true);
            Rows.Print("1a Cosmos RU (model), one county workbook (now ~1,800)", ingestRu, 250, "RU", lowerIsBetter: true);
            Rows.Info("1a Storage requests, one county workbook", ingest.Count(r => r.Client != CadreHttpClientKind.Cosmos), "requests");
            Rows.Print("1a Cosmos requests, one city recalculation (now 72)", recalcCosmos, 20, "requests", lowerIsBetter: true);
            Rows.Info("1a Storage requests, one city recalculation + publish", recalc.Count(r => r.Client != CadreHttpClientKind.Cosmos), "requests");
        }
        finally
        {
            counter.Close();
            if (!args.Contains("--keep"))
            {
                await stores.DeleteAsync(services);
            }
        }

        return 0;
    }

    public static List<string> SampleFiles(string county) =>
        SubmitCommand.ExpandPaths([Path.Combine(CliHost.RepositoryRoot, "sample-data", county)], out _);
}

/// <summary>The one line per row of issue 15's table that <c>bench/run-all.sh</c> collects.</summary>
internal static class Rows
{
    /// <summary><c>ROW name | figure | baseline | ratio | goal | met</c>; the baseline of these rows is the goal itself.</summary>
    public static void Print(string name, double figure, double goal, string unit, bool lowerIsBetter) =>
        Print(name, figure, unit, goal, "goal", figure / goal, lowerIsBetter ? $"≤ {goal.ToString("G", CultureInfo.InvariantCulture)} {unit}" : $"≥ {goal.ToString("G", CultureInfo.InvariantCulture)}", lowerIsBetter ? figure <= goal : figure >= goal);

    public static void Print(string name, double figure, string unit, double baseline, string baselineName, double ratio, string goal, bool met) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ROW | {name} | {figure:0.###} {unit} | {baselineName} {baseline:0.###} | {ratio:0.00}x | goal {goal} | {(met ? "met" : "NOT met")}"));

    public static void Info(string name, double figure, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ROW | {name} | {figure:0.###} {unit} | - | - | (reported, no goal) | -"));
}
