using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using ExcelDataReader;

namespace CadrePipeline.SampleData;

/// <summary>
/// Writes sample-data/ for period 2022: one folder per county, a README, and the list of expected findings.
/// Usage: <c>dotnet run --project sample-data/generator -- --out sample-data [--seed N]</c> (Wuzhong, the default);
/// <c>-- --scenario province --out sample-data/province</c> writes the synthetic province (see ProvinceGenerator);
/// <c>-- --read FILE...</c> reads files back with ExcelDataReader 3.6.0 and prints each sheet's size.
/// </summary>
internal static class Generator
{
    public const ulong DefaultSeed = 20221231;
    private const string XlsIndexName = "xls-sources.txt";

    public static int Run(string[] args)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        if (args.Length > 0 && args[0] == "--read")
        {
            return ReadBack(args.Skip(1).ToList());
        }

        string? outDir = null;
        var seed = DefaultSeed;
        var scenarioName = "wuzhong";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outDir = args[++i];
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--scenario" when i + 1 < args.Length && args[i + 1] is "wuzhong" or "province":
                    scenarioName = args[++i];
                    break;
                default:
                    Console.Error.WriteLine("usage: CadrePipeline.SampleData --out DIR [--seed N] [--scenario wuzhong|province] | --read FILE...");
                    return 2;
            }
        }

        if (outDir is null)
        {
            Console.Error.WriteLine("usage: CadrePipeline.SampleData --out DIR [--seed N] [--scenario wuzhong|province] | --read FILE...");
            return 2;
        }

        if (scenarioName == "province")
        {
            return ProvinceGenerator.Run(outDir, seed);
        }

        var scenario = Scenario.Build(seed);
        var files = Layout.Files(scenario);
        var placed = new List<Placed>();
        var xlsIndex = ReadXlsIndex(Path.Combine(outDir, XlsIndexName));
        WriteFiles(outDir, files, placed, (path, f, sheets) => WriteXls(path, f, sheets, xlsIndex));

        WriteXlsIndex(Path.Combine(outDir, XlsIndexName), xlsIndex);
        File.WriteAllText(Path.Combine(outDir, "expected-findings.csv"), FindingsCsv(placed), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(outDir, "README.md"), Readme(files, placed, scenario), new UTF8Encoding(false));
        Console.WriteLine($"wrote {files.Count} files for {files.Select(f => f.County).Distinct().Count()} counties to {outDir}; {placed.Count(p => p.Expect.Severity == "error")} bad rows, {placed.Count(p => p.Expect.Severity == "warning")} warning rows");
        return 0;
    }

    /// <summary>
    /// Writes every file of a layout to <c>{outDir}/{county}/</c> (rendering its sheets, which records the planted rows
    /// in <paramref name="placed"/>), then deletes the files a county folder no longer gets, so a rename leaves no
    /// stale file. <paramref name="writeXls"/> writes an .xls; a scenario without one passes null.
    /// </summary>
    internal static void WriteFiles(string outDir, IReadOnlyList<OutputFile> files, List<Placed> placed, Action<string, OutputFile, List<SheetData>>? writeXls)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            var dir = Path.Combine(outDir, f.County);
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, f.FileName);
            if (!written.Add(Path.GetFullPath(path)))
            {
                throw new InvalidOperationException("two files named " + f.RelativePath);
            }

            var csv = f.Kind is FileKind.CsvGb18030 or FileKind.CsvUtf8Bom;
            var sheets = f.Sheets.Select(s => Render.Build(s, f.RelativePath, csv, placed)).ToList();
            switch (f.Kind)
            {
                case FileKind.Xlsx:
                    XlsxWriter.Write(path, sheets, Path.GetFileNameWithoutExtension(f.FileName));
                    break;
                case FileKind.CsvGb18030:
                    CsvWriter.Write(path, sheets.Single(), Encoding.GetEncoding("GB18030"), bom: false);
                    break;
                case FileKind.CsvUtf8Bom:
                    CsvWriter.Write(path, sheets.Single(), new UTF8Encoding(false), bom: true);
                    break;
                case FileKind.Xls when writeXls is not null:
                    writeXls(path, f, sheets);
                    break;
                default:
                    throw new InvalidOperationException("this scenario writes no " + f.Kind);
            }
        }

        foreach (var county in files.Select(f => f.County).Distinct())
        {
            foreach (var stale in Directory.GetFiles(Path.Combine(outDir, county)).Where(p => !written.Contains(Path.GetFullPath(p))))
            {
                File.Delete(stale);
            }
        }
    }

    /// <summary>
    /// The .xls is converted from a generated xlsx by LibreOffice, whose output is not byte-stable. The committed .xls
    /// is therefore regenerated only when its xlsx source changes (keyed by the source's SHA-256).
    /// </summary>
    private static void WriteXls(string path, OutputFile f, List<SheetData> sheets, Dictionary<string, string> index)
    {
        var tmp = Path.Combine(Path.GetTempPath(), "cadre-sample-xls-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(tmp);
        try
        {
            var src = Path.Combine(tmp, Path.GetFileNameWithoutExtension(f.FileName) + ".xlsx");
            XlsxWriter.Write(src, sheets, Path.GetFileNameWithoutExtension(f.FileName));
            var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(src)));
            if (File.Exists(path) && index.TryGetValue(f.RelativePath, out var known) && known == hash)
            {
                return;
            }

            var psi = new ProcessStartInfo("soffice")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "--headless", "--norestore", "-env:UserInstallation=file://" + tmp + "/lo-profile", "--convert-to", "xls", "--outdir", tmp, src })
            {
                psi.ArgumentList.Add(a);
            }

            Process? started;
            try
            {
                started = Process.Start(psi);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"LibreOffice (soffice) is needed to regenerate {f.RelativePath}: apt-get install -y libreoffice-calc-nogui", ex);
            }

            using (var p = started ?? throw new InvalidOperationException("cannot start soffice"))
            {
                p.StandardOutput.ReadToEnd();
                p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException("soffice failed with exit code " + p.ExitCode.ToString(CultureInfo.InvariantCulture));
                }
            }

            File.Copy(Path.Combine(tmp, Path.GetFileNameWithoutExtension(f.FileName) + ".xls"), path, overwrite: true);
            index[f.RelativePath] = hash;
            Console.WriteLine($"converted {f.RelativePath} with LibreOffice (source sha256 {hash})");
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    private static Dictionary<string, string> ReadXlsIndex(string path)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var parts = line.Split("  ", 2);
                d[parts[1]] = parts[0];
            }
        }

        return d;
    }

    private static void WriteXlsIndex(string path, Dictionary<string, string> index)
    {
        var sb = new StringBuilder("# sha256 of the generated xlsx each committed .xls was converted from (see README.md, Determinism)\n");
        foreach (var (file, hash) in index.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(hash).Append("  ").Append(file).Append('\n');
        }

        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    internal static string FindingsCsv(List<Placed> placed)
    {
        var sb = new StringBuilder("file,sheet,cell,row,form,field,code,severity,reason\n");
        foreach (var p in placed)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{p.File},{p.Sheet},{p.Cell},{p.Row},{p.Form},{p.Expect.Field},{p.Expect.Code},{p.Expect.Severity},\"{p.Expect.Reason.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
        }

        return sb.ToString();
    }

    private static string Readme(List<OutputFile> files, List<Placed> placed, Scenario scenario)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("README.template.md") ?? throw new InvalidOperationException("template missing");
        using var reader = new StreamReader(s, Encoding.UTF8);
        var template = reader.ReadToEnd();

        var inv = new StringBuilder("| county | file | kind | sheets (form: data rows incl. bad rows) | shape |\n|---|---|---|---|---|\n");
        foreach (var f in files)
        {
            var kind = f.Kind switch
            {
                FileKind.Xlsx => "xlsx",
                FileKind.Xls => "xls (BIFF8)",
                FileKind.CsvGb18030 => "csv GB18030",
                _ => "csv UTF-8 BOM",
            };
            var sheets = string.Join("; ", f.Sheets.Select(sh => (f.Kind is FileKind.Xlsx or FileKind.Xls ? sh.Name + " = " : string.Empty) + sh.Form.Id + ": " + sh.Rows.Count.ToString(CultureInfo.InvariantCulture)));
            inv.Append(CultureInfo.InvariantCulture, $"| {f.County} | `{f.FileName}` | {kind} | {sheets} | {f.Description} |\n");
        }

        var fnd = new StringBuilder("| # | file | sheet | cell | form | expected code | severity | why |\n|---|---|---|---|---|---|---|---|\n");
        var n = 0;
        foreach (var p in placed.OrderBy(p => p.Expect.Severity == "error" ? 0 : 1))
        {
            var sheet = p.File.EndsWith(".csv", StringComparison.Ordinal) ? "(csv)" : p.Sheet;
            fnd.Append(CultureInfo.InvariantCulture, $"| {++n} | `{p.File}` | {sheet} | {p.Cell} | {p.Form} | `{p.Expect.Code}` | {p.Expect.Severity} | {p.Expect.Reason} |\n");
        }

        var counts = new StringBuilder("| county | townships | villages | key villages | 2021 secretaries | 2018 secretaries |\n|---|---|---|---|---|---|\n");
        foreach (var c in scenario.Counties)
        {
            counts.Append(CultureInfo.InvariantCulture,
                $"| {c.Info.Code} {c.Info.Name} | {c.Info.Townships.Count} | {c.Info.Villages.Count} | {c.Info.Villages.Count(v => v.Key)} | {c["village-secretaries-2021"].Count(r => r.Expect?.Severity != "error")} | {c["village-secretaries-2018"].Count(r => r.Expect?.Severity != "error")} |\n");
        }

        return template.Replace("{{INVENTORY}}", inv.ToString(), StringComparison.Ordinal)
            .Replace("{{FINDINGS}}", fnd.ToString(), StringComparison.Ordinal)
            .Replace("{{COUNTS}}", counts.ToString(), StringComparison.Ordinal)
            .Replace("{{SEED}}", DefaultSeed.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>Reads workbooks with ExcelDataReader (the reader the intake engine uses) and prints each sheet's size.</summary>
    private static int ReadBack(List<string> paths)
    {
        var failed = 0;
        foreach (var path in paths)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var reader = ExcelReaderFactory.CreateReader(stream);
                do
                {
                    var rows = 0;
                    var cells = 0;
                    var dates = 0;
                    while (reader.Read())
                    {
                        rows++;
                        for (var i = 0; i < reader.FieldCount; i++)
                        {
                            var v = reader.GetValue(i);
                            if (v is not null)
                            {
                                cells++;
                            }

                            if (v is DateTime)
                            {
                                dates++;
                            }
                        }
                    }

                    Console.WriteLine($"{path} | {reader.Name} | rows {rows} | cells {cells} | date cells {dates} | merged {reader.MergeCells?.Length ?? 0}");
                }
                while (reader.NextResult());
            }
            catch (Exception ex)
            {
                failed++;
                Console.WriteLine($"{path} | FAILED: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return failed == 0 ? 0 : 1;
    }
}
