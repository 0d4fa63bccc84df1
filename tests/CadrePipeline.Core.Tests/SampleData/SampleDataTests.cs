using System.Globalization;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Records;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Core.Tests.SampleData;

/// <summary>
/// The shipped sample-data/ through the validator and the indicator definitions, directly (no storage): every bold
/// reference figure of indicators.md at city level 640300, and every documented bad row at its documented cell.
/// </summary>
public sealed class SampleDataTests
{
    private const int Period = 2022;

    /// <summary>Typed from the bold figures of shared/domain/indicators.md (not computed by any code).</summary>
    public static TheoryData<string, decimal> ReferenceFigures() => new()
    {
        { "TL03", 3m }, { "TL04", 61m }, { "TL05", 100m }, { "TL06", 8m }, { "TL07", 25m }, { "TL08", 78m },
        { "VS01", 497m }, { "VS03", -1.5m }, { "VS05", 25.0m }, { "VS07", 34.6m }, { "VS08", 54.7m }, { "VS09", 18m }, { "VS10", 146m },
        { "RC01", 510m }, { "RC02", 100m }, { "SG01", 285m }, { "SG02", 100m },
        { "PD01", 100m }, { "PD02", 5_570_000m }, { "PD03", 180_000_000m }, { "PD04", 19m }, { "PD05", 3_672m },
        { "PD06", 2_000_000m }, { "PD07", 317m }, { "PD08", 375m },
    };

    private static readonly Lazy<Pipeline> Run = new(Pipeline.Execute);

    [Theory]
    [MemberData(nameof(ReferenceFigures))]
    public void CityValue_SampleData_ReproducesReferenceFigure(string indicator, decimal reference)
    {
        var value = Run.Value.City.Single(v => v.IndicatorId == indicator).Value;

        Assert.NotNull(value);
        Assert.Equal(reference, Math.Round(value.Value, 1, MidpointRounding.AwayFromZero));
    }

    [Theory]
    [InlineData("PD06", 2_000_000)]
    [InlineData("PD07", 317)]
    [InlineData("PD08", 375)]
    public void CountyValue_Yanchi_HoldsTheWholeCityFigure(string indicator, int reference)
    {
        var yanchi = Run.Value.CountyPartials.Single(p => p.AreaCode == "640323" && p.IndicatorId == indicator);

        Assert.Equal(reference, yanchi.Numerator);
    }

    [Fact]
    public void Findings_SampleData_EveryDocumentedBadRowAtItsCell()
    {
        var expected = File.ReadAllLines(Path.Combine(Pipeline.SampleDir, "expected-findings.csv")).Skip(1)
            .Select(ParseCsvLine)
            .Select(c => (File: Path.GetFileName(c[0]), Sheet: c[1], Cell: c[2], Code: c[6], Severity: c[7]))
            .ToList();
        Assert.True(expected.Count >= 13, "expected-findings.csv lists the bad rows");

        var actual = Run.Value.Reports
            .SelectMany(r => r.Sheets.SelectMany(s => s.Findings.Select(f => (File: r.File, Sheet: s.Sheet, Cell: f.Cell ?? "", Code: f.Code, Severity: f.Severity == Severity.Error ? "error" : "warning"))))
            .ToList();

        Assert.Empty(expected.Except(actual));
        Assert.Empty(actual.Except(expected));
        Assert.All(Run.Value.Reports, r => Assert.Empty(r.FileFindings));
    }

    private static string[] ParseCsvLine(string line)
    {
        var cells = new List<string>();
        var cur = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                cells.Add(cur.ToString());
                cur.Clear();
            }
            else
            {
                cur.Append(ch);
            }
        }

        cells.Add(cur.ToString());
        return [.. cells];
    }

    private sealed record Pipeline(List<ValidationReport> Reports, List<IndicatorPartial> CountyPartials, List<IndicatorValue> City)
    {
        public static string SampleDir { get; } = FindSampleDir();

        /// <summary>
        /// Per county: a first pass reads the village register, then every file is validated with it (names resolve
        /// against the register whatever the file order), the accepted records are grouped by form, and the engine
        /// computes the county's partials. The city is their rollup.
        /// </summary>
        public static Pipeline Execute()
        {
            var intake = new IntakeEngine(FormCatalog.Default, AreaCatalog.Default, new HmacIdHasher(new byte[32]));
            var engine = new IndicatorEngine(IndicatorCatalog.Default);
            var reports = new List<ValidationReport>();
            var partials = new List<IndicatorPartial>();
            foreach (var dir in Directory.GetDirectories(SampleDir).Where(d => AreaCatalog.Default.IsCounty(Path.GetFileName(d))).Order(StringComparer.Ordinal))
            {
                var county = Path.GetFileName(dir);
                var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList();
                var areaRecords = files.SelectMany(f => Validate(intake, f, county, null).Batches).Where(b => b.Form == "areas").SelectMany(b => b.Records).ToList();
                var register = VillageRegister.FromRecords(county, areaRecords);

                var byForm = new Dictionary<string, List<NormalizedRecord>>();
                foreach (var f in files)
                {
                    var result = Validate(intake, f, county, register);
                    reports.Add(result.Report);
                    foreach (var b in result.Batches)
                    {
                        if (!byForm.TryGetValue(b.Form, out var list))
                        {
                            byForm[b.Form] = list = [];
                        }

                        list.AddRange(b.Records);
                    }
                }

                partials.AddRange(engine.ComputePartials(county, Period, byForm.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<NormalizedRecord>)kv.Value), register)
                    .Where(p => p.AreaCode == county));
            }

            var now = new DateTimeOffset(2023, 1, 5, 0, 0, 0, TimeSpan.Zero);
            var city = IndicatorEngine.Rollup("640300", partials).Select(p => engine.Evaluate(p, now)).ToList();
            return new Pipeline(reports, partials, city);
        }

        private static IntakeResult Validate(IntakeEngine intake, string file, string county, VillageRegister? register)
        {
            using var s = File.OpenRead(file);
            return intake.Validate(s, Path.GetFileName(file), county, Period, register);
        }

        private static string FindSampleDir()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CadrePipeline.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "sample-data");
        }
    }
}
