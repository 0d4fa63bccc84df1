using CadrePipeline.Core.Publishing;

namespace CadrePipeline.Tests.Publishing;

/// <summary>
/// A small, hand-written star schema shared by the Core and Azure publishing tests. The figures echo the seed
/// (VS03 = −1.5 years, VS08 = 272 ÷ 497 = 54.7 %, RC02 = 100 %), and a few file names carry formula-like text.
/// </summary>
internal static class SampleStarSchema
{
    public static readonly DateTime ComputedAt = new DateTime(2026, 11, 26, 4, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    public static readonly DateTime Received = new(2026, 11, 20, 8, 30, 15, DateTimeKind.Utc);

    public static StarSchema Create() => new()
    {
        // Deliberately out of key order: the writers sort.
        DimArea =
        [
            new("640323100001", "城西村", "Chengxi Village", "village", "640323100", "640323", true),
            new("640300", "吴忠市", "Wuzhong City", "city", null, null, false),
            new("640323", "盐池县", "Yanchi County", "county", "640300", "640323", false),
            new("640323100", "花马池镇", "Huamachi Town", "township", "640323", "640323", false),
        ],
        DimIndicator =
        [
            new("VS08", "致富带头人比例", "wealth leaders", "village", "%", 100, null, null, "rows with wealthLeader ÷ VS01, %"),
            new("RC02", "重点村驻村干部覆盖率", "key villages covered", "resident", "%", 100, ">=", 100, "key villages with an active resident cadre ÷ key villages, %"),
            new("VS03", "平均年龄较上届变化", "change in average age vs previous term", "village", "岁", 1, null, null, "VS02 − VS02 of previous term, years"),
        ],
        DimPeriod =
        [
            new(2022, 2022, 2021),
            new(2021, 2021, 2021),
        ],
        FactIndicatorValue =
        [
            new("640323", 2022, "VS08", 40.0 / 80 * 100, 40, 80, null, null, null, null, ComputedAt),
            new("640300", 2022, "VS08", 272.0 / 497 * 100, 272, 497, null, null, null, null, ComputedAt),
            new("640300", 2022, "VS03", -1.5, -1.5, null, null, null, null, null, ComputedAt),
            new("640300", 2022, "RC02", 100, 60, 60, 100, true, null, null, ComputedAt),
            new("640323100", 2022, "RC02", null, 0, 0, 100, null, null, null, ComputedAt),
        ],
        FactSubmission =
        [
            new("sub-0002", "640323", 2022, "village-secretaries", "-2022盐池村书记.xlsx", Received.AddMinutes(5), "accepted", 120, 118, 2, 3, null),
            new("sub-0001", "640323", 2022, "village-secretaries", "=HYPERLINK(\"http://x\",\"a, b\").xlsx", Received, "superseded", 10, 10, 0, 0, "sub-0002"),
            new("sub-0003", "640302", 2022, "township-leaders", "@利通区.csv", Received.AddDays(1), "rejected", 5, 0, 5, 0, null),
        ],
        FactCompleteness =
        [
            new("640323", 2022, "village-secretaries", true, true, Received.AddMinutes(5)),
            new("640302", 2022, "village-secretaries", false, false, null),
            new("640302", 2022, "township-leaders", true, false, Received.AddDays(1)),
        ],
    };
}
