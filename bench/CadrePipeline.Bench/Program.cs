using CadrePipeline.Bench;

return args.FirstOrDefault() switch
{
    "recalc" => RecalcBenchmark.Run(args[1..]),
    "intake" => IntakeBench.Run(args.Skip(1).ToArray()),
    "intake-memory" => IntakeBench.Memory(args.Skip(1).ToArray()),
    "hmac" => HmacBench.Run(args[1..]),
    "roundtrips" => await CadrePipeline.Bench.Pipeline.RoundTripBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/CadrePipeline.Bench -- <intake|recalc> [--rows N] [--split] [--no-memory]");
    return 2;
}
