using System.Globalization;
using Azure.Storage.Blobs;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Cli.Commands;

/// <summary>
/// <c>cadre demo</c>, the main job: submits a sample scenario for period 2022 (each county's folder for that county),
/// recalculates, publishes, then reads the figures back <em>from the published Parquet file</em> and prints the top
/// areas' indicators (beside the spec's reference figures for Wuzhong) and a county table.
/// Exit 0 when every reference figure, the seed's county figures included, agrees in what was published.
/// </summary>
internal sealed class DemoCommand : ICadreCommand
{
    /// <summary>The indicators of the county table: one or two per group, and the seed's Yanchi figures.</summary>
    private static readonly string[] CountyColumns = ["TL01", "TL05", "VS01", "VS04", "VS08", "RC01", "RC02", "SG01", "PD01", "PD02", "PD06", "PD07", "PD08"];

    public string Name => "demo";

    public string Usage => "demo [--scenario wuzhong|province] [--samples DIR] [--export DIR]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var scenario = DemoScenario.Find(args.Get("scenario") ?? DemoScenario.Wuzhong.Name);
        if (scenario is null || args.Positional.Count > 0 || args.Unknown("scenario", "samples", "export").Any())
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}");
            return ExitCodes.Usage;
        }

        foreach (var (key, value) in scenario.Settings)
        {
            CliHost.Overrides[key] = value;
        }

        var samples = args.Get("samples") ?? Path.Combine(CliHost.RepositoryRoot, scenario.SamplesFolder);
        var areas = CliHost.Areas;
        var period = ReferenceFigures.Period;
        var countyDirs = Directory.Exists(samples)
            ? Directory.GetDirectories(samples).Where(d => areas.IsCounty(Path.GetFileName(d))).Order(StringComparer.Ordinal).ToList()
            : [];
        if (countyDirs.Count == 0)
        {
            Console.Error.WriteLine($"找不到样例数据 no county folders ({{countyCode}}/) of scenario '{scenario.Name}' under {samples}");
            return ExitCodes.Failed;
        }

        await using var services = CliHost.BuildServices();
        Console.WriteLine($"== 1. 报送 Submitting the {scenario.Name} sample data for period {period}");
        foreach (var dir in countyDirs)
        {
            var county = Path.GetFileName(dir);
            var files = SubmitCommand.ExpandPaths([dir], out _);
            await SubmitCommand.SubmitAsync(services, files, county, period, markUnchanged: false, uploader: null, cancellationToken);
        }

        Console.WriteLine();
        Console.WriteLine("== 2. 重算并发布 Recalculating and publishing");
        var outcome = await services.GetRequiredService<RecalculationService>().RecalculateAsync(period, cancellationToken);
        if (!outcome.Ran)
        {
            Console.Error.WriteLine($"另一个重算正在进行 another recalculation holds the lock until {outcome.BusyUntil:u}; run ./cadre demo again then.");
            return ExitCodes.Failed;
        }

        Console.WriteLine($"recalculated {outcome.ParentAreas} parent area(s); published the star schema");
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(storage.PowerBiContainer);
        var published = await PublishedFiles.ReadFactsAsync(container, cancellationToken);
        if (published is null)
        {
            Console.Error.WriteLine("发布失败 nothing was published (no manifest.json in the Power BI container)");
            return ExitCodes.Failed;
        }

        var (manifest, facts) = published.Value;
        var byArea = facts.Where(f => f.Period == period).GroupBy(f => f.AreaCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(f => f.IndicatorId, StringComparer.Ordinal), StringComparer.Ordinal);
        Console.WriteLine($"read back {facts.Count:#,0} FactIndicatorValue rows from {manifest.Snapshot}FactIndicatorValue.parquet");

        var allAgree = true;
        foreach (var top in areas.Areas.Where(a => a.Level < AreaLevel.County).OrderBy(a => a.Level).ThenBy(a => a.Code, StringComparer.Ordinal))
        {
            var values = byArea.GetValueOrDefault(top.Code) ?? [];
            var reference = top.Code == ReferenceFigures.Area ? ReferenceFigures.Figures : null;
            Console.WriteLine();
            Console.WriteLine($"== 3. {top.NameZh} {top.NameEn} ({top.Code}), {period}: indicators as published");
            allAgree &= PrintTable(values, reference);
        }

        Console.WriteLine();
        Console.WriteLine($"== 4. 各县区 Counties, {period}: key indicators as published (— = no value: the county submitted no such form)");
        allAgree &= PrintCountyTable(areas, byArea);

        Console.WriteLine();
        Console.WriteLine("Published tables / 发布位置:");
        var tableNames = string.Join(", ", new[] { "DimArea", "DimIndicator", "DimPeriod", "FactIndicatorValue", "FactSubmission", "FactCompleteness" }.Select(t => storage.TablePrefix + t));
        Console.WriteLine($"  Azure Tables (Azurite, http://127.0.0.1:10002/devstoreaccount1): {tableNames}");
        Console.WriteLine($"  Blobs: container '{storage.PowerBiContainer}', folder latest/ (Parquet, CSV, manifest.json); copy them with ./cadre export --out DIR");
        if (args.Get("export") is { } exportDir)
        {
            var written = await PublishedFiles.ExportLatestAsync(container, exportDir, cancellationToken);
            Console.WriteLine($"  exported {written.Count} files to {exportDir}");
        }

        return allAgree ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Prints id, name, value, unit, reference and a mark; returns whether every reference figure agrees.</summary>
    private static bool PrintTable(IReadOnlyDictionary<string, PublishedFact> byId, IReadOnlyDictionary<string, decimal>? references)
    {
        var allAgree = true;
        Console.WriteLine($"{"id",-5} {"value",16} {"reference",16}  {"",2} {"unit",-8} name");
        foreach (var def in IndicatorCatalog.Default.Indicators)
        {
            var value = byId.TryGetValue(def.Id, out var f) ? f.Value : null;
            var refText = "";
            var mark = "";
            if (references is not null && references.TryGetValue(def.Id, out var reference))
            {
                refText = reference.ToString("#,0.0", CultureInfo.InvariantCulture);
                var agrees = ReferenceFigures.Agrees((decimal?)value, reference);
                mark = agrees ? "✓" : "✗";
                allAgree &= agrees;
            }

            Console.WriteLine($"{def.Id,-5} {Shown(value),16} {refText,16}  {mark,-2} {def.Unit,-8} {def.NameZh} · {def.NameEn}");
        }

        if (references is null)
        {
            Console.WriteLine("(no reference figures for this area; the independent oracle of scripts/test.sh checks every published value)");
            return true;
        }

        foreach (var id in references.Keys.Where(id => IndicatorCatalog.Default.Find(id) is null))
        {
            Console.WriteLine($"{id,-5} {"—",16} {references[id],16}  ✗ (not in the catalogue)");
            allAgree = false;
        }

        Console.WriteLine(allAgree ? "All reference figures agree. 所有参考数字一致。" : "Some reference figures do not agree (✗). 部分参考数字不一致。");
        return allAgree;
    }

    /// <summary>County × key indicators; the seed's county figures are checked and marked. Returns whether they agree.</summary>
    private static bool PrintCountyTable(AreaCatalog areas, Dictionary<string, Dictionary<string, PublishedFact>> byArea)
    {
        var header = string.Concat(CountyColumns.Select(c => $" {c,12}"));
        Console.WriteLine($"{"county",-6} {"name",-10}{header}");
        var allAgree = true;
        var checkedFigures = 0;
        foreach (var county in areas.Counties.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            var values = byArea.GetValueOrDefault(county.Code) ?? [];
            var references = ReferenceFigures.CountyFigures.GetValueOrDefault(county.Code);
            var cells = new List<string>();
            foreach (var id in CountyColumns)
            {
                var value = values.TryGetValue(id, out var f) ? f.Value : null;
                var mark = "";
                if (references is not null && references.TryGetValue(id, out var reference))
                {
                    var agrees = ReferenceFigures.Agrees((decimal?)value, reference);
                    mark = agrees ? "✓" : "✗";
                    allAgree &= agrees;
                    checkedFigures++;
                }

                cells.Add($" {Shown(value) + mark,12}");
            }

            Console.WriteLine($"{county.Code,-6} {PadWide(county.NameZh, 10)}{string.Concat(cells)}");
        }

        if (checkedFigures > 0)
        {
            Console.WriteLine(allAgree
                ? $"The seed's {checkedFigures} county figures agree (✓). 县级参考数字一致。"
                : "Some of the seed's county figures do not agree (✗). 部分县级参考数字不一致。");
        }

        return allAgree;
    }

    /// <summary>Pads to a terminal width, counting a CJK character as two columns.</summary>
    private static string PadWide(string text, int width) =>
        text + new string(' ', Math.Max(1, width - text.Sum(c => c >= '\u2E80' ? 2 : 1)));

    private static string Shown(double? value) =>
        value is { } x ? Math.Round((decimal)x, 1, MidpointRounding.AwayFromZero).ToString("#,0.0", CultureInfo.InvariantCulture) : "—";
}

/// <summary>
/// A sample scenario of <c>cadre demo</c>: its folder of county folders and the settings that give it stores of its
/// own (so the two scenarios never mix in one local stack).
/// </summary>
internal sealed record DemoScenario(string Name, string SamplesFolder, IReadOnlyDictionary<string, string?> Settings)
{
    /// <summary>Wuzhong City's five counties, reproducing the seed report (the default stores).</summary>
    public static readonly DemoScenario Wuzhong = new("wuzhong", "sample-data", new Dictionary<string, string?>());

    /// <summary>A synthetic province (two cities, nine counties) with its own area catalogue and stores.</summary>
    public static readonly DemoScenario Province = new("province", Path.Combine("sample-data", "province"), new Dictionary<string, string?>
    {
        [CadrePipelineServiceCollectionExtensions.AreaCatalogPathSetting] = Path.Combine("sample-data", "province", "areas.json"),
        ["Cosmos:Database"] = "cadre-province",
        ["CadreStorage:SubmissionsContainer"] = "province-submissions",
        ["CadreStorage:ReportsContainer"] = "province-reports",
        ["CadreStorage:CuratedContainer"] = "province-curated",
        ["CadreStorage:PowerBiContainer"] = "province-powerbi",
        ["CadreStorage:TablePrefix"] = "Province",
    });

    public static DemoScenario? Find(string name) =>
        new[] { Wuzhong, Province }.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
