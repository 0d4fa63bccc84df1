using System.Diagnostics;
using System.Globalization;
using CadrePipeline.Cli;

namespace CadrePipeline.Bench.Pipeline;

/// <summary>What one whole child process took: wall-clock, its peak resident set, its exit code and output.</summary>
internal sealed record ChildRun(double Seconds, long PeakRssKiB, int ExitCode, string Output);

/// <summary>Runs whole processes (the built Release <c>cadre</c>, the Python peer) and measures them from outside.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// The Release CLI the bench build produced beside it (the bench references the CLI project), or the one named by
    /// <c>CADRE_BENCH_CLI</c> (to compare another build of it, e.g. a ReadyToRun publish).
    /// </summary>
    public static string Cadre
    {
        get
        {
            var path = System.Environment.GetEnvironmentVariable("CADRE_BENCH_CLI") is { Length: > 0 } other ? other : Path.Combine(CliHost.RepositoryRoot, "src", "CadrePipeline.Cli", "bin", "Release", "net10.0", "cadre");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the CLI first: dotnet build -c Release src/CadrePipeline.Cli", path);
        }
    }

    /// <summary>
    /// Runs to exit. With <paramref name="sampleMemory"/>, reads the child's <c>VmHWM</c> (peak resident set, whole
    /// process) from /proc every 2 ms; the last reading before it exits is its peak, as VmHWM only grows.
    /// </summary>
    public static ChildRun Run(string file, IEnumerable<string> args, bool sampleMemory = false, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["CADRE_ROOT"] = CliHost.RepositoryRoot;
        foreach (var (k, v) in environment ?? [])
        {
            psi.Environment[k] = v;
        }

        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long peak = 0;
        if (sampleMemory)
        {
            var status = $"/proc/{p.Id}/status";
            while (!p.HasExited)
            {
                peak = Math.Max(peak, ReadHwm(status));
                Thread.Sleep(2);
            }
        }

        p.WaitForExit();
        var seconds = sw.Elapsed.TotalSeconds;
        return new ChildRun(seconds, peak, p.ExitCode, stdout.Result + stderr.Result);
    }

    private static long ReadHwm(string status)
    {
        try
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    public static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
