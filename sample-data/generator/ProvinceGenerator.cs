using System.Globalization;
using System.Reflection;
using System.Text;

namespace CadrePipeline.SampleData;

/// <summary>
/// Writes the province scenario: <c>--scenario province --out sample-data/province</c> writes areas.json, one folder
/// per county, README.md and expected-findings.csv.
/// </summary>
internal static class ProvinceGenerator
{
    public static int Run(string outDir, ulong seed)
    {
        var scenario = ProvinceScenario.Build(seed);
        var files = ProvinceLayout.Files(scenario);
        var placed = new List<Placed>();
        Directory.CreateDirectory(outDir);
        Generator.WriteFiles(outDir, files, placed, writeXls: null);

        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(Path.Combine(outDir, "areas.json"), AreasJson(), utf8);
        File.WriteAllText(Path.Combine(outDir, "expected-findings.csv"), Generator.FindingsCsv(placed), utf8);
        File.WriteAllText(Path.Combine(outDir, "README.md"), Readme(files, placed, scenario, seed), utf8);
        Console.WriteLine($"wrote {files.Count} files for {files.Select(f => f.County).Distinct().Count()} counties to {outDir}; {placed.Count(p => p.Expect.Severity == "error")} bad rows, {placed.Count(p => p.Expect.Severity == "warning")} warning rows");
        return 0;
    }

    private static IEnumerable<CatalogArea> Catalog() =>
        ProvinceScenario.Upper.Concat(ProvinceScenario.Specs.Select(s => new CatalogArea(s.Code, s.Name, s.NameEn, "County", s.City, s.Short)));

    private static List<string> Aliases(CatalogArea a)
    {
        var list = new List<string>();
        foreach (var alias in new[] { Names.Trad(a.NameZh), a.Short, Names.Trad(a.Short) })
        {
            if (alias != a.NameZh && !list.Contains(alias))
            {
                list.Add(alias);
            }
        }

        return list;
    }

    /// <summary>The catalogue in exactly the shape of src/CadrePipeline.Core/Areas/areas.json (one area per line).</summary>
    public static string AreasJson()
    {
        static string Q(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var lines = Catalog().Select(a =>
            $"    {{ \"code\": {Q(a.Code)}, \"nameZh\": {Q(a.NameZh)}, \"nameEn\": {Q(a.NameEn)}, \"level\": {Q(a.Level)}, \"parent\": {(a.Parent is null ? "null" : Q(a.Parent))}, \"aliases\": [{string.Join(", ", Aliases(a).Select(Q))}] }}");
        return "{\n  \"areas\": [\n" + string.Join(",\n", lines) + "\n  ]\n}\n";
    }

    private static string Readme(List<OutputFile> files, List<Placed> placed, ProvinceScenario scenario, ulong seed)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("README.province.template.md") ?? throw new InvalidOperationException("template missing");
        using var reader = new StreamReader(s, Encoding.UTF8);
        var template = reader.ReadToEnd();
        var ci = CultureInfo.InvariantCulture;

        var areas = new StringBuilder("| code | name | level | parent |\n|---|---|---|---|\n");
        foreach (var a in Catalog())
        {
            areas.Append(ci, $"| {a.Code} | {a.NameZh} | {a.Level} | {a.Parent ?? "—"} |\n");
        }

        foreach (var c in scenario.Counties)
        {
            foreach (var t in c.Info.Townships)
            {
                areas.Append(ci, $"| {t.Code} | {t.Name} | Township | {c.Info.Code} |\n");
            }
        }

        foreach (var c in scenario.Counties)
        {
            foreach (var v in c.Info.Villages)
            {
                areas.Append(ci, $"| {v.Code} | {v.Name} | Village | {v.Township.Code} |\n");
            }
        }

        int Kept(CountyData c, string key) => c[key].Count(r => r.Expect?.Severity != "error");
        var counts = new StringBuilder("| county | city | townships | villages | key villages | 2021 secretaries | 2018 secretaries | adjustments | township leaders | promotions | resident cadres | selected graduates | party development | entrepreneurship |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var c in scenario.Counties)
        {
            var spec = ProvinceScenario.Spec(c.Info.Code);
            counts.Append(ci,
                $"| {c.Info.Code} {c.Info.Name} | {spec.City} | {c.Info.Townships.Count} | {c.Info.Villages.Count} | {c.Info.Villages.Count(v => v.Key)} | {Kept(c, "village-secretaries-2021")} | {Kept(c, "village-secretaries-2018")} | {Kept(c, "secretary-adjustments")} | {Kept(c, "township-leaders")} | {Kept(c, "promotions")} | {Kept(c, "resident-cadres")} | {Kept(c, "selected-graduates")} | {Kept(c, "party-development")} | {Kept(c, "entrepreneurship")} |\n");
        }

        var all = scenario.Counties;
        counts.Append(ci,
            $"| **990000 示范省** | | {all.Sum(c => c.Info.Townships.Count)} | {all.Sum(c => c.Info.Villages.Count)} | {all.Sum(c => c.Info.Villages.Count(v => v.Key))} | {all.Sum(c => Kept(c, "village-secretaries-2021"))} | {all.Sum(c => Kept(c, "village-secretaries-2018"))} | {all.Sum(c => Kept(c, "secretary-adjustments"))} | {all.Sum(c => Kept(c, "township-leaders"))} | {all.Sum(c => Kept(c, "promotions"))} | {all.Sum(c => Kept(c, "resident-cadres"))} | {all.Sum(c => Kept(c, "selected-graduates"))} | {all.Sum(c => Kept(c, "party-development"))} | {all.Sum(c => Kept(c, "entrepreneurship"))} |\n");

        var inv = new StringBuilder("| county | file | kind | sheets (form: data rows incl. bad rows) | shape |\n|---|---|---|---|---|\n");
        foreach (var f in files)
        {
            var kind = f.Kind switch
            {
                FileKind.Xlsx => "xlsx",
                FileKind.CsvGb18030 => "csv GB18030",
                _ => "csv UTF-8 BOM",
            };
            var sheets = string.Join("; ", f.Sheets.Select(sh => (f.Kind == FileKind.Xlsx ? sh.Name + " = " : string.Empty) + sh.Form.Id + ": " + sh.Rows.Count.ToString(ci)));
            inv.Append(ci, $"| {f.County} | `{f.FileName}` | {kind} | {sheets} | {f.Description} |\n");
        }

        var shapes = new StringBuilder();
        foreach (var c in scenario.Counties)
        {
            var (sp, shape) = ProvinceLayout.Counties[c.Info.Code];
            string List(Spelling[] s, bool township) => string.Join(" / ", s.Select(x => Names.Describe(x, township)));
            var city = ProvinceScenario.Upper.First(a => a.Code == ProvinceScenario.Spec(c.Info.Code).City);
            var mixed = sp.Township.Length > 1 || sp.Village.Length > 1 ? " Where several spellings are listed, each row takes one of them (a stable hash of the area code and the sheet), so one roster mixes them." : string.Empty;
            shapes.Append(ci, $"- **{c.Info.Code} {c.Info.Name}** (city {city.Code} {city.NameZh}): {shape}. In the rosters, townships are written as {List(sp.Township, true)}; villages as {List(sp.Village, false)}.{mixed}\n");
        }

        var pairs = new List<string>();
        foreach (var name in scenario.Counties.SelectMany(c => c.Info.Townships.Select(t => t.Name).Concat(c.Info.Villages.Select(v => v.Name))))
        {
            foreach (var ch in name)
            {
                var t = Names.Trad(ch.ToString());
                if (t != ch.ToString() && !pairs.Contains(t + ch))
                {
                    pairs.Add(t + ch);
                }
            }
        }

        var traps = new StringBuilder();
        var uncovered = scenario.Counties.Select(ProvinceScenario.UncoveredKeyVillage).OfType<Village>().ToList();
        traps.Append(ci, $"- **RC02**: every key village has a team active in 2022 except {string.Join(", ", uncovered.Select(v => $"{v.Name} ({v.Code}, {ProvinceScenario.Spec(v.CountyCode).Name})"))}: each has only a city team of the previous rotation, 2019-05-06 to 2021-05-05.\n");
        var no2018 = scenario.Counties.SelectMany(c => c.Info.Villages.Where(v => !c["village-secretaries-2018"].Any(r => Equals(r["village"], v)))).ToList();
        traps.Append(ci, $"- **2018 term**: no 2018-term secretary for {string.Join(", ", no2018.Select(v => $"{v.Name} ({v.Code})"))}; VS02–VS07 compare each county's 2021 roster with its own 2018 roster.\n");
        var post85 = scenario.Counties.SelectMany(c => c["township-leaders"]).Where(r => r.Expect is null && (string)r["position"]! == "party-secretary" && (bool)r["countyLeaderConcurrent"]! && r.P!.BirthDate >= new DateOnly(1985, 1, 1)).ToList();
        traps.Append(ci, $"- **TL03**: {post85.Count} party secretaries are county leaders born 1985 or later ({string.Join(", ", post85.Select(r => ((Township)r["township"]!).Name + " " + ((Township)r["township"]!).Code))}); other county-leader secretaries are older.\n");
        var late = scenario.Counties.SelectMany(c => c["resident-cadres"]).Count(r => ((DateOnly)r["startDate"]!).Year == 2023);
        var ended = scenario.Counties.SelectMany(c => c["resident-cadres"]).Count(r => r["endDate"] is DateOnly { Year: 2021 });
        traps.Append(ci, $"- **RC01–RC03** count postings active in 2022: {ended} postings ended in 2021 and {late} start in January 2023; county-level teams (`县`/`县(市、区)`, only in non-key villages) are not in RC01.\n");
        var pd2021 = scenario.Counties.Where(c => c["party-development"].Any(r => r["year"] is 2021)).Select(c => c.Info.Name);
        var en2021 = scenario.Counties.Where(c => c["entrepreneurship"].Any(r => r["year"] is 2021)).Select(c => c.Info.Name);
        traps.Append(ci, $"- **Reserve (PD)**: only rows with year 2022 count. {string.Join(", ", pd2021)} also list 2021 party development; {string.Join(", ", en2021)} also lists 2021 entrepreneurship. PD06–PD08 are filled only by {string.Join(", ", scenario.Counties.Where(c => c["entrepreneurship"].Any(r => r["redFund"] is not null)).Select(c => c.Info.Name))}; elsewhere the cells are blank.\n");

        var fnd = new StringBuilder("| # | file | sheet | cell | form | expected code | severity | why |\n|---|---|---|---|---|---|---|---|\n");
        var n = 0;
        foreach (var p in placed.OrderBy(p => p.Expect.Severity == "error" ? 0 : 1))
        {
            var sheet = p.File.EndsWith(".csv", StringComparison.Ordinal) ? "(csv)" : p.Sheet;
            fnd.Append(ci, $"| {++n} | `{p.File}` | {sheet} | {p.Cell} | {p.Form} | `{p.Expect.Code}` | {p.Expect.Severity} | {p.Expect.Reason} |\n");
        }

        return template.Replace("{{AREAS}}", areas.ToString(), StringComparison.Ordinal)
            .Replace("{{COUNTS}}", counts.ToString(), StringComparison.Ordinal)
            .Replace("{{INVENTORY}}", inv.ToString(), StringComparison.Ordinal)
            .Replace("{{SHAPES}}", shapes.ToString(), StringComparison.Ordinal)
            .Replace("{{FINDINGS}}", fnd.ToString(), StringComparison.Ordinal)
            .Replace("{{TRADPAIRS}}", string.Join(" ", pairs.Select(p => p[..1] + "→" + p[1..])), StringComparison.Ordinal)
            .Replace("{{TRAPS}}", traps.ToString(), StringComparison.Ordinal)
            .Replace("{{TRADCOUNT}}", pairs.Count.ToString(ci), StringComparison.Ordinal)
            .Replace("{{SEED}}", seed.ToString(ci), StringComparison.Ordinal);
    }
}
