using System.Diagnostics;
using System.Globalization;
using CadrePipeline.Azure.Cosmos;
using CadrePipeline.Azure.Ingest;
using CadrePipeline.Azure.Publishing;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Cli;
using CadrePipeline.Cli.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Bench.Pipeline;

/// <summary>
/// <c>latency</c>: upload → published city figures, as whole processes: the built Release <c>cadre submit</c> of the
/// 盐池县 county workbook, then <c>cadre recalc</c>, wall-clock, median of N runs. Each run gets stores of its own
/// (fresh database, containers, tables) in which the other four counties were submitted first (in this process, not
/// timed), so each timed submit is a county's first upload into a city of five. The baseline is the start-up of
/// <c>cadre --help</c>, measured in the same run. Then one run in this process, timed step by step through the
/// ingest and publish step observers.
/// </summary>
internal static class LatencyBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "--runs", 3);
        var inv = CultureInfo.InvariantCulture;
        var workbook = RoundTripBench.SampleFiles(RoundTripBench.County).Single();
        var submitArgs = new[] { "submit", workbook, "--county", RoundTripBench.County, "--period", "2022" };
        var help = new List<double>();
        var submit = new List<double>();
        var recalc = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var stores = new BenchStores();
            await using var services = await PrepareAsync(stores);
            try
            {
                help.Add(ChildProcess.Run(ChildProcess.Cadre, ["--help"]).Seconds);
                var s = ChildProcess.Run(ChildProcess.Cadre, submitArgs, environment: stores.Environment);
                Check(s, "cadre submit");
                var r = ChildProcess.Run(ChildProcess.Cadre, ["recalc"], environment: stores.Environment);
                Check(r, "cadre recalc");
                submit.Add(s.Seconds);
                recalc.Add(r.Seconds);
                Console.WriteLine(string.Create(inv, $"run {i + 1}: cadre --help {help[^1]:F2} s, cadre submit {s.Seconds:F2} s, cadre recalc {r.Seconds:F2} s, total {s.Seconds + r.Seconds:F2} s"));
            }
            finally
            {
                await stores.DeleteAsync(services);
            }
        }

        var total = ChildProcess.Median(submit.Zip(recalc, (a, b) => a + b));
        var start = ChildProcess.Median(help);
        Console.WriteLine(string.Create(inv, $"median of {runs}: submit {ChildProcess.Median(submit):F2} s + recalc {ChildProcess.Median(recalc):F2} s = {total:F2} s; process start-up (cadre --help) {start:F3} s"));
        await SplitAsync();
        Rows.Print("1b upload -> published city figures, cadre submit + cadre recalc (now 6.3-8.3 s)", total, "s", start, "cadre --help s", total / start, "≤ 3 s in all", total <= 3);
        return 0;
    }

    /// <summary>Fresh stores with the four other counties submitted; the caller deletes them.</summary>
    private static async Task<ServiceProvider> PrepareAsync(BenchStores stores, Action<IServiceCollection>? customize = null)
    {
        stores.Apply();
        var services = CliHost.BuildServices(customize);
        await services.GetRequiredService<CosmosStore>().EnsureCreatedAsync(default);
        var quiet = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            foreach (var other in new[] { "640302", "640303", "640324", "640381" })
            {
                await SubmitCommand.SubmitAsync(services, RoundTripBench.SampleFiles(other), other, RoundTripBench.Period, markUnchanged: false, uploader: null, default);
            }
        }
        finally
        {
            Console.SetOut(quiet);
        }

        return services;
    }

    /// <summary>One submit + recalculation in this process, each step's time from the observers.</summary>
    private static async Task SplitAsync()
    {
        var steps = new StepClock();
        var stores = new BenchStores();
        await using var services = await PrepareAsync(stores, s =>
        {
            s.AddSingleton<IIngestStepObserver>(steps);
            s.AddSingleton<IPublishStepObserver>(steps);
        });
        try
        {
            var quiet = Console.Out;
            Console.SetOut(TextWriter.Null);
            steps.Start(clear: true);
            await SubmitCommand.SubmitAsync(services, RoundTripBench.SampleFiles(RoundTripBench.County), RoundTripBench.County, RoundTripBench.Period, markUnchanged: false, uploader: null, default);
            steps.Mark("submit: ledger aggregated, process done");
            Console.SetOut(quiet);
            steps.Start();
            await services.GetRequiredService<RecalculationService>().RecalculateAsync(RoundTripBench.Period, default);
            steps.Mark("recalc: lock released");
            Console.WriteLine("split by step (one run in this process; the step observers' timestamps):");
            foreach (var (name, seconds) in steps.Steps)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-44} {seconds,6:F3} s"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"in-process total",-44} {steps.Steps.Sum(s => s.Seconds),6:F3} s"));
        }
        finally
        {
            await stores.DeleteAsync(services);
        }
    }

    private static void Check(ChildRun run, string what)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited {run.ExitCode}: {run.Output[..Math.Min(2000, run.Output.Length)]}");
        }
    }

    /// <summary>Time between consecutive steps, each named by the step that ended it.</summary>
    private sealed class StepClock : IIngestStepObserver, IPublishStepObserver
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last;

        public List<(string Name, double Seconds)> Steps { get; } = [];

        /// <summary>Starts a segment; <paramref name="clear"/> forgets the steps seen so far (the setup's).</summary>
        public void Start(bool clear = false)
        {
            if (clear)
            {
                Steps.Clear();
            }

            _last = _clock.Elapsed;
        }

        public void Mark(string name)
        {
            var now = _clock.Elapsed;
            Steps.Add((name, (now - _last).TotalSeconds));
            _last = now;
        }

        public Task OnStepCompletedAsync(string submissionId, IngestStep step, CancellationToken cancellationToken)
        {
            Mark($"submit: {Describe(step)}");
            return Task.CompletedTask;
        }

        public Task OnStepCompletedAsync(int? period, PublishStep step, CancellationToken cancellationToken)
        {
            Mark($"recalc: {Describe(step)}");
            return Task.CompletedTask;
        }

        private static string Describe(IngestStep step) => step switch
        {
            IngestStep.ReportWritten => "upload, ledger, validate → report written",
            IngestStep.RecordsStored => "curated records stored",
            IngestStep.Superseded => "earlier submissions superseded",
            IngestStep.PartialsUpserted => "partials upserted",
            _ => step.ToString(),
        };

        private static string Describe(PublishStep step) => step switch
        {
            PublishStep.ParentsRecalculated => "lock + city documents written",
            PublishStep.SnapshotWritten => "star schema built + snapshot written",
            PublishStep.TablesSynced => "Azure Tables synced",
            PublishStep.LatestWritten => "latest/ written",
            PublishStep.ManifestWritten => "manifest written",
            _ => step.ToString(),
        };
    }
}
