using CadrePipeline.Bench;

return args.FirstOrDefault() switch
{
    "recalc" => RecalcBenchmark.Run(args[1..]),
    "intake" => IntakeBench.Run(args.Skip(1).ToArray()),
    "intake-memory" => IntakeBench.Memory(args.Skip(1).ToArray()),
    "hmac" => HmacBench.Run(args[1..]),
    "validate-peer" => CadrePipeline.Bench.Pipeline.ValidateBench.Peer(args[1..]),
    "validate-memory" => CadrePipeline.Bench.Pipeline.ValidateBench.Memory(args[1..]),
    "roster" => Roster(args[1..]),
    "probe" => ProbeBench.Run(args[1..]),
    "cleanup" => await Cleanup(args[1..]),
    "validate-loop" => await ValidateLoop(args[1..]),
    "latency" => await CadrePipeline.Bench.Pipeline.LatencyBench.RunAsync(args[1..]),
    "roundtrips" => await CadrePipeline.Bench.Pipeline.RoundTripBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Roster(string[] args)
{
    var path = IntakeBench.Generate(BenchArgs.Int(args, "--rows", 100_000), BenchArgs.String(args, "--out") ?? "roster.xlsx");
    Console.WriteLine(path);
    return 0;
}

static async Task<int> ValidateLoop(string[] args)
{
    for (var i = 0; i < BenchArgs.Int(args, "--runs", 3); i++)
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await new CadrePipeline.Cli.Commands.ValidateCommand(TextWriter.Null).RunAsync(new CadrePipeline.Cli.Commands.CommandArgs(["x", "--county", "640323", "--period", "2022"]) is var _ ? new CadrePipeline.Cli.Commands.CommandArgs([args[0], "--county", "640323", "--period", "2022"]) : null!, default);
        Console.WriteLine($"run {i}: {sw.Elapsed.TotalSeconds:F3} s wall, {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3} s CPU");
    }

    return 0;
}

// Removes the stores of a bench run that was stopped before it cleaned up (ids are printed as b15…).
static async Task<int> Cleanup(string[] args)
{
    var stores = new CadrePipeline.Bench.Pipeline.BenchStores(args[0]);
    stores.Apply();
    await using var services = CadrePipeline.Cli.CliHost.BuildServices();
    await stores.DeleteAsync(services);
    return 0;
}

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/CadrePipeline.Bench -- <intake|recalc> [--rows N] [--split] [--no-memory]");
    return 2;
}
