using CadrePipeline.Core.Areas;
using static CadrePipeline.Core.Tests.Indicators.IndicatorTestData;

namespace CadrePipeline.Core.Tests.Indicators;

public class IndicatorEngineTownshipTests
{
    private const string Leaders = "township-leaders";
    private const string Pay = "township-pay";
    private const string Promotions = "promotions";

    private static readonly VillageRegister Register = YanchiRegister();

    private static IReadOnlyList<Core.Indicators.IndicatorPartial> LeaderPartials() => Partials(Register,
        Row(Leaders, Yanchi, ("township", "花马池镇"), ("position", "party-secretary"), ("townshipExperience", true), ("countyLeaderConcurrent", true), ("birthDate", D(1985, 1, 1)), ("fiveAspects", "selected-graduate")),
        Row(Leaders, Yanchi, ("township", "大水坑镇"), ("townshipCode", Dashuikeng), ("position", "party-secretary"), ("townshipExperience", false), ("countyLeaderConcurrent", true), ("birthDate", D(1984, 12, 31)), ("fiveAspects", null)),
        Row(Leaders, Yanchi, ("township", "大水坑镇"), ("position", "party-secretary"), ("townshipExperience", true), ("countyLeaderConcurrent", false), ("birthDate", D(1990, 5, 1)), ("fiveAspects", null)),
        Row(Leaders, Yanchi, ("township", "花马池镇"), ("position", "head"), ("townshipExperience", true), ("countyLeaderConcurrent", true), ("birthDate", D(1990, 1, 1)), ("fiveAspects", "village-secretary")),
        Row(Leaders, Yanchi, ("township", "高沙窝镇"), ("position", "deputy-head"), ("townshipExperience", true), ("countyLeaderConcurrent", false), ("birthDate", D(1988, 1, 1)), ("fiveAspects", "resident-cadre")));

    [Fact]
    public void ComputePartials_TL01_CountsPartySecretaries()
    {
        // three rows have position = party-secretary (rows 1-3); the head and the deputy head do not count
        Assert.Equal(3m, Value(LeaderPartials(), "TL01").Value);
    }

    [Fact]
    public void ComputePartials_TL01_ByTownship_ResolvesNamesAndCodes()
    {
        var partials = LeaderPartials();

        // 花马池镇: row 1; 大水坑镇: rows 2 (by code) and 3 (by name)
        Assert.Equal(1m, Value(partials, "TL01", Huamachi).Value);
        Assert.Equal(2m, Value(partials, "TL01", Dashuikeng).Value);
    }

    [Fact]
    public void ComputePartials_TL04_UnresolvedTownship_CountsAtCountyOnly()
    {
        var partials = LeaderPartials();

        // fiveAspects not blank: rows 1, 4 and 5; row 5 is in 高沙窝镇, which is not in the register
        Assert.Equal(3m, Value(partials, "TL04").Value);
        Assert.Equal(2m, Value(partials, "TL04", Huamachi).Value);
        Assert.Equal(0m, Value(partials, "TL04", Dashuikeng).Value);
        Assert.DoesNotContain(partials, p => p.AreaCode.Length == 9 && !p.AreaCode.StartsWith(Yanchi, StringComparison.Ordinal));
    }

    [Fact]
    public void ComputePartials_TL02_SharesOfSecretariesWithExperience()
    {
        var partials = LeaderPartials();
        var county = Value(partials, "TL02");

        // rows 1 and 3 of the 3 secretaries have township experience: 100 × 2 / 3
        Near(100m * 2 / 3, county.Value);
        Assert.Equal((2m, 3m), (county.Numerator, county.Denominator));

        // 大水坑镇: row 3 of rows 2-3: 100 × 1 / 2
        Assert.Equal(50m, Value(partials, "TL02", Dashuikeng).Value);
    }

    [Fact]
    public void ComputePartials_TL02_NoSecretaries_ValueIsNullNotDivisionByZero()
    {
        var partials = Partials(Register, Row(Leaders, Yanchi, ("township", "花马池镇"), ("position", "head"), ("townshipExperience", true)));

        var tl02 = Value(partials, "TL02");

        Assert.Null(tl02.Value);
        Assert.Equal(0m, tl02.Denominator);
        Assert.Equal(0m, Value(partials, "TL01").Value);
    }

    [Fact]
    public void ComputePartials_TL03_BornOnOrAfter1985WithCountyLeaderRole()
    {
        // row 1 (born 1985-01-01, boundary included) only: row 2 is born 1984-12-31, row 3 is not a county
        // leader, row 4 is a head
        Assert.Equal(1m, Value(LeaderPartials(), "TL03").Value);
    }

    [Fact]
    public void ComputePartials_TL05_DistinctTownshipsAt120Percent()
    {
        var partials = Partials(Register,
            Row(Pay, Yanchi, ("township", "花马池镇"), ("townshipIncome", 6000m), ("agencyIncome", 5000m)),
            Row(Pay, Yanchi, ("township", "大水坑镇"), ("townshipIncome", 5999m), ("agencyIncome", 5000m)),
            Row(Pay, Yanchi, ("township", "惠安堡镇"), ("townshipIncome", 7000m), ("agencyIncome", 5000m)));

        var county = Value(partials, "TL05");

        // 6000 ≥ 1.2 × 5000 = 6000 qualifies (boundary), 5999 does not, 7000 does: 100 × 2 / 3 townships
        Near(100m * 2 / 3, county.Value);
        Assert.Equal(100m, county.TargetValue);
        Assert.False(county.MeetsTarget);
        Assert.Equal(100m, Value(partials, "TL05", Huamachi).Value);
        Assert.Equal(0m, Value(partials, "TL05", Dashuikeng).Value);
    }

    [Fact]
    public void ComputePartials_TL05_TownshipListedTwice_CountedOnce()
    {
        var partials = Partials(Register,
            Row(Pay, Yanchi, ("township", "花马池镇"), ("townshipIncome", 6500m), ("agencyIncome", 5000m)),
            Row(Pay, Yanchi, ("township", "花马池镇"), ("townshipCode", Huamachi), ("townshipIncome", 6600m), ("agencyIncome", 5000m)),
            Row(Pay, Yanchi, ("township", "大水坑镇"), ("townshipIncome", 6100m), ("agencyIncome", 5000m)));

        var county = Value(partials, "TL05");

        // 2 distinct townships, both qualifying: 100 × 2 / 2, not 3 / 3 and never above 100
        Assert.Equal((2m, 2m), (county.Numerator, county.Denominator));
        Assert.Equal(100m, county.Value);
        Assert.True(county.MeetsTarget);
        Assert.Equal((1m, 1m), (Partial(partials, "TL05", Huamachi).Numerator, Partial(partials, "TL05", Huamachi).Denominator));
    }

    [Fact]
    public void ComputePartials_TL06ToTL08_PromotionsSince2020WithinThePeriod()
    {
        var partials = Partials(Register,
            Row(Promotions, Yanchi, ("promotionType", "deputy-division"), ("fromPosition", "party-secretary"), ("promotedOn", D(2020, 1, 1))),
            Row(Promotions, Yanchi, ("promotionType", "deputy-division"), ("fromPosition", "head"), ("promotedOn", D(2019, 12, 31))),
            Row(Promotions, Yanchi, ("promotionType", "deputy-division"), ("fromPosition", "other"), ("promotedOn", D(2021, 6, 1))),
            Row(Promotions, Yanchi, ("promotionType", "deputy-division"), ("fromPosition", "head"), ("promotedOn", D(2022, 12, 31))),
            Row(Promotions, Yanchi, ("promotionType", "deputy-division"), ("fromPosition", "head"), ("promotedOn", D(2023, 1, 1))),
            Row(Promotions, Yanchi, ("promotionType", "level4-researcher"), ("fromPosition", "head"), ("promotedOn", D(2021, 3, 1))),
            Row(Promotions, Yanchi, ("promotionType", "level4-researcher"), ("fromPosition", "other"), ("promotedOn", D(2021, 3, 1))),
            Row(Promotions, Yanchi, ("promotionType", "important-use"), ("fromPosition", "other"), ("townshipExperience", true), ("promotedOn", D(2020, 5, 5))),
            Row(Promotions, Yanchi, ("promotionType", "important-use"), ("fromPosition", "party-secretary"), ("townshipExperience", false), ("promotedOn", D(2021, 5, 5))));

        // TL06: 2020-01-01 (first day counts) and 2022-12-31 (last day of the period); 2019-12-31 is before,
        // 2023-01-01 after, and fromPosition 'other' does not count
        Assert.Equal(2m, Value(partials, "TL06").Value);

        // TL07: the head only; TL08: the row with township experience only
        Assert.Equal(1m, Value(partials, "TL07").Value);
        Assert.Equal(1m, Value(partials, "TL08").Value);

        // promotions carry no township: no township partials
        Assert.DoesNotContain(partials, p => p.IndicatorId == "TL06" && p.AreaCode != Yanchi);
    }

    [Fact]
    public void ComputePartials_FormNotSubmitted_HasDataFalseAndNoValue()
    {
        var partials = LeaderPartials();

        var tl05 = Partial(partials, "TL05");
        var tl06 = Value(partials, "TL06");

        Assert.False(tl05.HasData);
        Assert.Null(Value(partials, "TL05").Value);
        Assert.Null(tl06.Value);
        Assert.Null(Value(partials, "TL05").MeetsTarget);
    }
}
