using System.Diagnostics;
using System.Globalization;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Records;

namespace CadrePipeline.Bench;

/// <summary>
/// <c>recalc</c>: times the recalculation of parent areas from county partials (rollup + evaluate at city,
/// province and nation level) for a synthetic province (22 counties) and nation (2,800 counties), and shows that
/// the rollup does not depend on how many rows the counties had (N vs 10N rows), unlike ComputePartials.
/// </summary>
internal static class RecalcBenchmark
{
    private const int Period = 2022;
    private static readonly DateTimeOffset ComputedAt = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        var rowsPerForm = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 60;
        var engine = new IndicatorEngine(IndicatorCatalog.Default);
        Console.WriteLine($"recalc benchmark: {IndicatorCatalog.Default.Indicators.Count} indicators, .NET {Environment.Version}, {Environment.ProcessorCount} cores, optimized={IsOptimized()}");
        Console.WriteLine();
        Console.WriteLine("Rollup + evaluate of county partials (synthetic partials; cities of 9 counties, provinces of 11 cities)");
        Console.WriteLine($"{"level",-10}{"counties",10}{"partials",10}{"parents",9}{"time/op",14}{"alloc/op",14}");
        foreach (var (label, counties) in new[] { ("province", 22), ("nation", 2_800) })
        {
            var tree = Tree.Synthetic(counties);
            var partials = SyntheticCountyPartials(tree.Counties);
            var m = Measure(() => RollupAndEvaluate(engine, tree, partials));
            Console.WriteLine($"{label,-10}{counties,10:N0}{partials.Count,10:N0}{tree.ParentCount,9:N0}{FormatTime(m.Seconds),14}{FormatBytes(m.AllocatedBytes),14}");
        }

        Console.WriteLine();
        const int counties10 = 22;
        Console.WriteLine($"Rows per county N vs 10N ({counties10} counties, {rowsPerForm} vs {rowsPerForm * 10} rows per form per county, 9 forms)");
        var tree22 = Tree.Synthetic(counties10);
        var small = CountyInputs(tree22.Counties, rowsPerForm);
        var large = CountyInputs(tree22.Counties, rowsPerForm * 10);
        var computeSmall = Measure(() => ComputeAll(engine, small).Count);
        var computeLarge = Measure(() => ComputeAll(engine, large).Count);
        var partialsSmall = ComputeAll(engine, small);
        var partialsLarge = ComputeAll(engine, large);
        var rollupSmall = Measure(() => RollupAndEvaluate(engine, tree22, partialsSmall));
        var rollupLarge = Measure(() => RollupAndEvaluate(engine, tree22, partialsLarge));
        Console.WriteLine($"{"step",-18}{"N",14}{"10N",14}{"ratio 10N/N",14}");
        Console.WriteLine($"{"ComputePartials",-18}{FormatTime(computeSmall.Seconds),14}{FormatTime(computeLarge.Seconds),14}{computeLarge.Seconds / computeSmall.Seconds,14:F2}");
        Console.WriteLine($"{"rollup+evaluate",-18}{FormatTime(rollupSmall.Seconds),14}{FormatTime(rollupLarge.Seconds),14}{rollupLarge.Seconds / rollupSmall.Seconds,14:F2}");
        Console.WriteLine();
        Console.WriteLine($"rows: N = {small.Sum(c => c.Rows.Values.Sum(r => r.Count)):N0}, 10N = {large.Sum(c => c.Rows.Values.Sum(r => r.Count)):N0}; peak working set {FormatBytes(Process.GetCurrentProcess().PeakWorkingSet64)}");
        return 0;
    }

    /// <summary>Counties → cities → provinces → nation; every parent's partials evaluated.</summary>
    private static int RollupAndEvaluate(IndicatorEngine engine, Tree tree, IReadOnlyList<IndicatorPartial> countyPartials)
    {
        var byArea = countyPartials.GroupBy(p => p.AreaCode).ToDictionary(g => g.Key, g => (IEnumerable<IndicatorPartial>)g);
        var values = 0;
        foreach (var level in tree.Levels)
        {
            var next = new Dictionary<string, IEnumerable<IndicatorPartial>>(level.Count);
            foreach (var (parent, children) in level)
            {
                var rolled = IndicatorEngine.Rollup(parent, children.SelectMany(c => byArea[c]));
                foreach (var p in rolled)
                {
                    values += engine.Evaluate(p, ComputedAt).Value is null ? 0 : 1;
                }

                next[parent] = rolled;
            }

            byArea = next;
        }

        return values;
    }

    private static List<IndicatorPartial> ComputeAll(IndicatorEngine engine, IReadOnlyList<CountyInput> inputs)
    {
        var all = new List<IndicatorPartial>();
        foreach (var c in inputs)
        {
            all.AddRange(engine.ComputePartials(c.County, Period, c.Rows, c.Register).Where(p => p.AreaCode == c.County));
        }

        return all;
    }

    private static List<IndicatorPartial> SyntheticCountyPartials(IReadOnlyList<string> counties)
    {
        var random = new Random(42);
        var list = new List<IndicatorPartial>(counties.Count * IndicatorCatalog.Default.Indicators.Count);
        foreach (var county in counties)
        {
            foreach (var def in IndicatorCatalog.Default.Indicators)
            {
                var denominator = (decimal)random.Next(50, 500);
                var numerator = Math.Round(denominator * (decimal)random.NextDouble());
                var previous = def.Comparison != TermComparison.None;
                list.Add(new IndicatorPartial
                {
                    AreaCode = county,
                    Period = Period,
                    IndicatorId = def.Id,
                    Numerator = numerator,
                    Denominator = denominator,
                    Term = def.UsesTerm ? 2021 : null,
                    PreviousNumerator = previous ? numerator - 3 : null,
                    PreviousDenominator = previous ? denominator + 5 : null,
                    PreviousTerm = previous ? 2018 : null,
                });
            }
        }

        return list;
    }

    private sealed record CountyInput(string County, VillageRegister Register, IReadOnlyDictionary<string, IReadOnlyList<NormalizedRecord>> Rows);

    /// <summary>Each county: a register of 10 townships × 15 villages and <paramref name="n"/> rows per form.</summary>
    private static List<CountyInput> CountyInputs(IReadOnlyList<string> counties, int n)
    {
        var inputs = new List<CountyInput>(counties.Count);
        foreach (var c in counties)
        {
            var villages = (from t in Enumerable.Range(1, 10)
                            from v in Enumerable.Range(1, 15)
                            select new RegisteredVillage(c, $"{c}{t:000}", $"乡{t}", $"{c}{t:000}{v:000}", $"村{t}-{v}", v <= 3, false)).ToList();
            var register = new VillageRegister(c, villages);
            var rows = new Dictionary<string, IReadOnlyList<NormalizedRecord>>(StringComparer.Ordinal);
            var random = new Random(c.GetHashCode(StringComparison.Ordinal));
            void Add(string form, Func<int, RegisteredVillage, Dictionary<string, object?>> make)
            {
                var list = new List<NormalizedRecord>(n);
                for (var i = 0; i < n; i++)
                {
                    var village = villages[i % villages.Count];
                    var fields = make(i, village);
                    fields["county"] = c;
                    fields["township"] = village.TownshipName;
                    fields["village"] = village.VillageName;
                    list.Add(new NormalizedRecord { Form = form, CountyCode = c, Row = i + 2, Fields = fields });
                }

                rows[form] = list;
            }

            bool B() => random.Next(4) != 0;
            DateOnly Date(int fromYear, int toYear) => new DateOnly(fromYear, 1, 1).AddDays(random.Next((toYear - fromYear + 1) * 365));
            Add("township-leaders", (i, _) => new() { ["position"] = i % 4 == 0 ? "party-secretary" : "deputy-head", ["townshipExperience"] = B(), ["countyLeaderConcurrent"] = B(), ["birthDate"] = Date(1965, 1995), ["fiveAspects"] = i % 3 == 0 ? "selected-graduate" : null });
            Add("township-pay", (i, _) => new() { ["townshipIncome"] = (decimal)random.Next(5000, 8000), ["agencyIncome"] = 5000m });
            Add("promotions", (i, _) => new() { ["promotionType"] = (i % 3) switch { 0 => "deputy-division", 1 => "level4-researcher", _ => "important-use" }, ["fromPosition"] = "head", ["townshipExperience"] = B(), ["promotedOn"] = Date(2018, 2022) });
            Add("village-secretaries", (i, _) => new() { ["term"] = i % 2 == 0 ? 2021m : 2018m, ["birthDate"] = Date(1955, 1990), ["status"] = B() ? "reelected" : "new", ["education"] = B() ? "college" : "high-school", ["concurrentDirector"] = B(), ["wealthLeader"] = B(), ["countyFiled"] = B() });
            Add("secretary-adjustments", (i, _) => new() { ["reason"] = B() ? "unsuited" : "other", ["adjustedOn"] = Date(2019, 2022) });
            Add("resident-cadres", (i, _) => new() { ["dispatchLevel"] = B() ? "region" : "county", ["startDate"] = Date(2019, 2022), ["endDate"] = B() ? null : Date(2021, 2024), ["fundsProvided"] = B(), ["healthCheck"] = true, ["accidentInsurance"] = true, ["mealAllowance"] = B(), ["transportAllowance"] = true, ["commsAllowance"] = true, ["townshipAllowance"] = true, ["remoteAllowance"] = B() });
            Add("selected-graduates", (i, _) => new() { ["villageMonths"] = (decimal)random.Next(1, 60) });
            Add("party-development", (i, _) => new() { ["year"] = 2022m, ["newMembers"] = 2m, ["newTalent"] = (decimal)random.Next(0, 2) });
            Add("entrepreneurship", (i, _) => new() { ["year"] = 2022m, ["doubleLeadFund"] = 10_000m, ["startupFunds"] = 50_000m, ["bases"] = 1m, ["peopleSupported"] = 7m, ["redFund"] = 1_000m, ["familyFarms"] = 1m, ["cooperatives"] = 1m });
            inputs.Add(new CountyInput(c, register, rows));
        }

        return inputs;
    }

    private readonly record struct Measurement(double Seconds, double AllocatedBytes);

    /// <summary>
    /// Warm-up of at least 2 s (so that tiered compilation has promoted the hot methods; a shorter warm-up measured
    /// tier-0 code and skewed the first ratios), then 7 batches of at least 100 ms each; the median batch's time and
    /// allocation per op.
    /// </summary>
    private static Measurement Measure(Func<int> op)
    {
        var sink = 0;
        var sw = Stopwatch.StartNew();
        var iterations = 0;
        while (sw.ElapsedMilliseconds < 2_000 || iterations < 5)
        {
            sink += op();
            iterations++;
        }

        var perBatch = Math.Max(1, (int)(iterations * 100.0 / sw.Elapsed.TotalMilliseconds));
        var samples = new List<Measurement>();
        for (var b = 0; b < 7; b++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetAllocatedBytesForCurrentThread();
            sw.Restart();
            for (var i = 0; i < perBatch; i++)
            {
                sink += op();
            }

            sw.Stop();
            samples.Add(new Measurement(sw.Elapsed.TotalSeconds / perBatch, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)perBatch));
        }

        GC.KeepAlive(sink);
        return samples.OrderBy(s => s.Seconds).ElementAt(samples.Count / 2);
    }

    private static string FormatTime(double seconds) => seconds switch
    {
        < 1e-3 => $"{seconds * 1e6:F1} µs",
        < 1 => $"{seconds * 1e3:F2} ms",
        _ => $"{seconds:F2} s",
    };

    private static string FormatBytes(double bytes) => bytes switch
    {
        < 1024 * 1024 => $"{bytes / 1024:F1} KB",
        _ => $"{bytes / 1024 / 1024:F1} MB",
    };

    private static bool IsOptimized() =>
        typeof(RecalcBenchmark).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is not [DebuggableAttribute { IsJITOptimizerDisabled: true }];

    /// <summary>Synthetic area tree: county codes and, per level, parent → children.</summary>
    private sealed record Tree(IReadOnlyList<string> Counties, IReadOnlyList<Dictionary<string, List<string>>> Levels)
    {
        public int ParentCount => Levels.Sum(l => l.Count);

        public static Tree Synthetic(int counties)
        {
            var codes = Enumerable.Range(0, counties).Select(k => $"{10 + (k / 99):00}{k / 9 % 11:00}{k % 9:00}").ToList();
            var cities = codes.GroupBy(c => c[..4] + "00").ToDictionary(g => g.Key, g => g.ToList());
            var provinces = cities.Keys.GroupBy(c => c[..2] + "0000").ToDictionary(g => g.Key, g => g.ToList());
            var levels = new List<Dictionary<string, List<string>>> { cities, provinces };
            if (provinces.Count > 1)
            {
                levels.Add(new Dictionary<string, List<string>> { ["000000"] = [.. provinces.Keys] });
            }

            return new Tree(codes, levels);
        }
    }
}
