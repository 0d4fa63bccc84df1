using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Records;

namespace CadrePipeline.Core.Tests.Indicators;

/// <summary>Hand-built records and registers for indicator tests.</summary>
internal static class IndicatorTestData
{
    public const string Yanchi = "640323";
    public const string Huamachi = "640323001";
    public const string Dashuikeng = "640323002";
    public const string Chengxi = "640323001001";
    public const string Chengdong = "640323001002";
    public const string DashuikengVillage = "640323002001";
    public const string Xinquan = "640323002002";
    public const string Hongjingzi = "640323002003";
    public const int Period = 2022;

    public static readonly DateTimeOffset Now = new(2023, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Yanchi with two townships and five villages; key villages: 城西村 (花马池镇) and 大水坑村 (大水坑镇).
    /// </summary>
    public static VillageRegister YanchiRegister() => new(Yanchi,
    [
        new RegisteredVillage(Yanchi, Huamachi, "花马池镇", Chengxi, "城西村", KeyVillage: true, RelocationHeavy: false),
        new RegisteredVillage(Yanchi, Huamachi, "花马池镇", Chengdong, "城东村", KeyVillage: false, RelocationHeavy: false),
        new RegisteredVillage(Yanchi, Dashuikeng, "大水坑镇", DashuikengVillage, "大水坑村", KeyVillage: true, RelocationHeavy: true),
        new RegisteredVillage(Yanchi, Dashuikeng, "大水坑镇", Xinquan, "新泉村", KeyVillage: false, RelocationHeavy: true),
        new RegisteredVillage(Yanchi, Dashuikeng, "大水坑镇", Hongjingzi, "红井子村", KeyVillage: false, RelocationHeavy: true),
    ]);

    public static DateOnly D(int year, int month, int day) => new(year, month, day);

    /// <summary>A normalized row of <paramref name="form"/>; ints become decimals as the intake stores them.</summary>
    public static NormalizedRecord Row(string form, string county, params (string Field, object? Value)[] fields)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal) { ["county"] = county };
        foreach (var (field, value) in fields)
        {
            dict[field] = value is int i ? (decimal)i : value;
        }

        return new NormalizedRecord { Form = form, CountyCode = county, Fields = dict };
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<NormalizedRecord>> ByForm(IEnumerable<NormalizedRecord> rows) =>
        rows.GroupBy(r => r.Form).ToDictionary(g => g.Key, g => (IReadOnlyList<NormalizedRecord>)g.ToList());

    public static IReadOnlyList<IndicatorPartial> Partials(VillageRegister register, params NormalizedRecord[] rows) =>
        new IndicatorEngine(IndicatorCatalog.Default).ComputePartials(register.CountyCode, Period, ByForm(rows), register);

    public static IndicatorPartial Partial(IReadOnlyList<IndicatorPartial> partials, string id, string area = Yanchi) =>
        partials.Single(p => p.IndicatorId == id && p.AreaCode == area);

    public static IndicatorValue Value(IReadOnlyList<IndicatorPartial> partials, string id, string area = Yanchi) =>
        new IndicatorEngine(IndicatorCatalog.Default).Evaluate(Partial(partials, id, area), Now);

    /// <summary>Asserts a full-precision value within 1e-12 of the hand-computed one.</summary>
    public static void Near(decimal expected, decimal? actual)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(expected - actual.Value) < 0.000000000001m, $"expected {expected}, got {actual}");
    }
}
