using System.Globalization;
using CadrePipeline.Azure.Hosting;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Cli.Commands;

/// <summary>
/// <c>cadre demo</c>, the main job: submits all of sample-data/ for period 2022 (each county's folder for that county),
/// recalculates, publishes, and prints the city-wide indicators beside the spec's reference figures.
/// Exit 0 when every reference figure agrees.
/// </summary>
internal sealed class DemoCommand : ICadreCommand
{
    public string Name => "demo";

    public string Usage => "demo [--samples DIR]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var samples = args.Get("samples") ?? Path.Combine(CliHost.RepositoryRoot, "sample-data");
        var period = ReferenceFigures.Period;
        var countyDirs = Directory.Exists(samples)
            ? Directory.GetDirectories(samples).Where(d => CliHost.Areas.IsCounty(Path.GetFileName(d))).Order(StringComparer.Ordinal).ToList()
            : [];
        if (countyDirs.Count == 0)
        {
            Console.Error.WriteLine($"找不到样例数据 no county folders (sample-data/{{countyCode}}/) under {samples}");
            return ExitCodes.Failed;
        }

        await using var services = CliHost.BuildServices();
        Console.WriteLine($"== 1. 报送 Submitting sample data for period {period}");
        foreach (var dir in countyDirs)
        {
            var county = Path.GetFileName(dir);
            var files = SubmitCommand.ExpandPaths([dir], out _);
            await SubmitCommand.SubmitAsync(services, files, county, period, markUnchanged: false, cancellationToken);
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
        Console.WriteLine();
        var city = CliHost.Areas.Find(ReferenceFigures.Area)!;
        Console.WriteLine($"== 3. {city.NameZh} {city.NameEn} ({city.Code}), {period}: city-wide indicators");
        var allAgree = PrintTable(outcome.RootValues.Where(v => v.AreaCode == city.Code).ToList());

        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        Console.WriteLine();
        Console.WriteLine("Published tables / 发布位置:");
        Console.WriteLine($"  Azure Tables (Azurite, http://127.0.0.1:10002/devstoreaccount1): {storage.TablePrefix}DimArea, DimIndicator, DimPeriod, FactIndicatorValue, FactSubmission, FactCompleteness");
        Console.WriteLine($"  Blobs: container '{storage.PowerBiContainer}', folder latest/ (Parquet, CSV, manifest.json); copy them with ./cadre export --out DIR");
        return allAgree ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Prints id, name, value, unit, reference and a mark; returns whether every reference figure agrees.</summary>
    public static bool PrintTable(IReadOnlyList<IndicatorValue> values)
    {
        var byId = values.ToDictionary(v => v.IndicatorId);
        var allAgree = true;
        Console.WriteLine($"{"id",-5} {"value",14} {"reference",14}  {"",2} {"unit",-8} name");
        foreach (var def in IndicatorCatalog.Default.Indicators)
        {
            byId.TryGetValue(def.Id, out var v);
            var shown = v?.Value is { } x ? Math.Round(x, 1, MidpointRounding.AwayFromZero).ToString("#,0.0", CultureInfo.InvariantCulture) : "—";
            var refText = "";
            var mark = "";
            if (ReferenceFigures.Figures.TryGetValue(def.Id, out var reference))
            {
                refText = reference.ToString("#,0.0", CultureInfo.InvariantCulture);
                var agrees = ReferenceFigures.Agrees(v?.Value, reference);
                mark = agrees ? "✓" : "✗";
                allAgree &= agrees;
            }

            Console.WriteLine($"{def.Id,-5} {shown,14} {refText,14}  {mark,-2} {def.Unit,-8} {def.NameZh} · {def.NameEn}");
        }

        var missing = ReferenceFigures.Figures.Keys.Where(id => IndicatorCatalog.Default.Find(id) is null).ToList();
        foreach (var id in missing)
        {
            Console.WriteLine($"{id,-5} {"—",14} {ReferenceFigures.Figures[id],14}  ✗ (not in the catalogue)");
            allAgree = false;
        }

        Console.WriteLine(allAgree ? "All reference figures agree. 所有参考数字一致。" : "Some reference figures do not agree (✗). 部分参考数字不一致。");
        return allAgree;
    }
}
