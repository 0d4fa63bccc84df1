using CadrePipeline.Bench;

return args.FirstOrDefault() switch
{
    "recalc" => RecalcBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/CadrePipeline.Bench -- <intake|recalc>");
    return 2;
}
