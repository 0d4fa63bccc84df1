using System.Globalization;
using CadrePipeline.Cli;

namespace CadrePipeline.Bench.Pipeline;

/// <summary>
/// Whole-process figures of <c>cadre validate</c> on a generated village-secretaries roster (the intake bench's
/// generator): <c>validate-peer</c> against the pandas + openpyxl peer (bench/peer_validate.py, Debian's
/// /usr/bin/python3), <c>validate-memory</c> the peak resident set at 20,000 and 100,000 rows.
/// </summary>
internal static class ValidateBench
{
    private const string Python = "/usr/bin/python3";

    public static int Peer(string[] args)
    {
        var rows = BenchArgs.Int(args, "--rows", 100_000);
        var runs = BenchArgs.Int(args, "--runs", 3);
        var path = IntakeBench.Generate(rows);
        try
        {
            var peerScript = Path.Combine(CliHost.RepositoryRoot, "bench", "peer_validate.py");
            var cadre = new List<double>();
            var peer = new List<double>();
            string? peerOut = null, cadreOut = null;
            for (var i = 0; i < runs; i++)
            {
                var c = ChildProcess.Run(ChildProcess.Cadre, Validate(path));
                Check(c, "cadre validate");
                cadre.Add(c.Seconds);
                cadreOut = c.Output;
                var p = ChildProcess.Run(Python, [peerScript, path]);
                Check(p, "peer_validate.py");
                peer.Add(p.Seconds);
                peerOut = p.Output;
            }

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"roster: {rows:N0} rows, {new FileInfo(path).Length / 1048576.0:F1} MiB; {runs} interleaved runs each, whole processes, wall-clock"));
            Console.WriteLine(string.Create(inv, $"  cadre validate (Release):      median {ChildProcess.Median(cadre):F2} s   runs {string.Join(", ", cadre.Select(t => t.ToString("F2", inv)))}"));
            Console.WriteLine(string.Create(inv, $"  pandas + openpyxl peer:        median {ChildProcess.Median(peer):F2} s   runs {string.Join(", ", peer.Select(t => t.ToString("F2", inv)))}"));
            Console.WriteLine($"  cadre: {cadreOut!.Split('\n').FirstOrDefault(l => l.Contains("accepted", StringComparison.Ordinal))?.Trim()}");
            Console.WriteLine($"  {peerOut!.Trim()}");
            var ratio = ChildProcess.Median(peer) / ChildProcess.Median(cadre);
            Rows.Print(string.Create(inv, $"1c cadre validate {rows:N0} rows vs pandas peer (now 8-11x)"), ChildProcess.Median(cadre), "s", ChildProcess.Median(peer), "peer s", ratio, "≥ 25x faster", ratio >= 25);
        }
        finally
        {
            File.Delete(path);
        }

        return 0;
    }

    public static int Memory(string[] args)
    {
        var large = BenchArgs.Int(args, "--rows", 100_000);
        var runs = BenchArgs.Int(args, "--runs", 1);
        var peaks = new Dictionary<int, long>();
        foreach (var n in new[] { 20_000, large })
        {
            var path = IntakeBench.Generate(n);
            try
            {
                var best = long.MaxValue;
                for (var i = 0; i < runs; i++)
                {
                    var r = ChildProcess.Run(ChildProcess.Cadre, Validate(path), sampleMemory: true);
                    Check(r, "cadre validate");
                    best = Math.Min(best, r.PeakRssKiB);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cadre validate {n,7:N0} rows ({new FileInfo(path).Length / 1048576.0:F1} MiB): peak RSS (VmHWM) {r.PeakRssKiB / 1024.0:F1} MiB, {r.Seconds:F2} s"));
                }

                peaks[n] = best;
            }
            finally
            {
                File.Delete(path);
            }
        }

        var inv = CultureInfo.InvariantCulture;
        foreach (var (n, kib) in peaks)
        {
            Rows.Print(string.Create(inv, $"1e peak RSS of cadre validate, {n:N0} rows (now 200 MB)"), kib / 1024.0, 150, "MiB", lowerIsBetter: true);
        }

        var ratio = peaks[large] / (double)peaks[20_000];
        Rows.Print(string.Create(inv, $"1e peak RSS {large:N0} / 20,000 rows"), peaks[large] / 1024.0, "MiB", peaks[20_000] / 1024.0, "20k MiB", ratio, "≤ 1.3", ratio <= 1.3);
        return 0;
    }

    private static string[] Validate(string path) => ["validate", path, "--county", "640323", "--period", "2022"];

    private static void Check(ChildRun run, string what)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited {run.ExitCode}: {run.Output[..Math.Min(2000, run.Output.Length)]}");
        }
    }
}
