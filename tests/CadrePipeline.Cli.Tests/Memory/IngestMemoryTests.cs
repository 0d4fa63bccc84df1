using System.Diagnostics;
using System.Globalization;
using System.Text;
using CadrePipeline.Azure.Tests.Infrastructure;
using CadrePipeline.Core.Intake;
using Xunit.Abstractions;

namespace CadrePipeline.Cli.Tests.Memory;

/// <summary>
/// Issue 13: "a peak of at most 300 MB … for the ingest of any such file". A 300,000-row roster (24 MB of CSV, under
/// the 50 MB upload cap) is ingested by <c>cadre submit</c> in a child process, whose peak resident set (VmHWM, from
/// /proc) is read until it exits. Holding the accepted records (about 480 bytes each) or every person of the file
/// would put it well above the bound; streaming them keeps it near 200 MB. A memory bound, not a timing.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class IngestMemoryTests(LocalStackFixture stack, ITestOutputHelper output)
{
    private const long BoundBytes = 300L * 1000 * 1000;

    [Fact]
    public async Task Submit_ThreeHundredThousandRowRoster_AcceptedUnderThreeHundredMegabytes()
    {
        _ = stack;
        const int rows = 300_000;
        var file = Path.Combine(Path.GetTempPath(), $"cadre-memory-{Guid.NewGuid():N}.csv");
        try
        {
            WriteRoster(file, rows);
            Assert.True(new FileInfo(file).Length < 50L * 1024 * 1024);

            var (exit, text, peak) = await SubmitAsync(file);
            output.WriteLine($"cadre submit of {rows} rows: peak resident set {peak / 1_000_000} MB");

            Assert.True(exit == 0, text);
            Assert.Contains($"accepted {rows}/{rows}", text, StringComparison.Ordinal);
            Assert.True(peak > 0, "no VmHWM reading");
            Assert.True(peak <= BoundBytes, $"peak resident set {peak / 1_000_000} MB exceeds 300 MB");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Village secretaries with unique IDs (birth date over 12,000 days × a two-digit block), one village each.</summary>
    private static void WriteRoster(string path, int rows)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        w.WriteLine(TestFiles.SecretaryHeader);
        for (var i = 0; i < rows; i++)
        {
            var birth = new DateOnly(1960, 1, 1).AddDays(i % 12_000);
            var male = i % 3 != 0;
            var first17 = string.Create(CultureInfo.InvariantCulture, $"640323{birth:yyyyMMdd}{i / 12_000 % 100:00}{(male ? 1 : 2)}");
            var id = first17 + IdNumber.CheckDigit(first17);
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"640323,测试镇,测试{i + 1}村,测试人{i % 997},{id},{(male ? "男" : "女")},汉族,{birth:yyyy.MM},{(i % 2 == 0 ? "大专" : "高中")},{birth.Year + 25}.07,2021,新任,是,否,是,是"));
        }
    }

    private static async Task<(int Exit, string Output, long PeakBytes)> SubmitAsync(string file)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "cadre.dll"), "submit", file, "--county", "640323", "--period", "2022"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = LocalStackFixture.RepositoryRoot,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["CADRE_ROOT"] = LocalStackFixture.RepositoryRoot;
        foreach (var (key, value) in LocalStackFixture.UniqueSettings(Guid.NewGuid().ToString("N")[..10]))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long peak = 0;
        var status = $"/proc/{p.Id}/status";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!p.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                // VmHWM only grows, so the last reading before the process exits is its peak.
                foreach (var line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        peak = Math.Max(peak, long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
                    }
                }
            }
            catch (IOException)
            {
                // It exited between the check and the read.
            }

            await Task.Delay(5);
        }

        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (p.ExitCode, await stdout + await stderr, peak);
    }
}
