using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Indicators;
using CadrePipeline.Core.Records;
using static CadrePipeline.Core.Tests.Indicators.IndicatorTestData;

namespace CadrePipeline.Core.Tests.Indicators;

public class IndicatorRollupTests
{
    private const string City = "640300";
    private const string Tongxin = "640324";

    private static readonly IndicatorEngine Engine = new(IndicatorCatalog.Default);

    /// <summary>
    /// A register of <paramref name="townships"/> × <paramref name="villagesPerTownship"/> villages; the first
    /// village of each township is a key village. Names carry the county code so they stay unique in a union.
    /// </summary>
    private static VillageRegister CountyRegister(string county, int townships, int villagesPerTownship) => new(county,
        from t in Enumerable.Range(1, townships)
        from v in Enumerable.Range(1, villagesPerTownship)
        select new RegisteredVillage(
            county, $"{county}{t:000}", $"{county}乡{t}", $"{county}{t:000}{v:000}", $"{county}乡{t}村{v}", KeyVillage: v == 1, RelocationHeavy: false));

    /// <summary>Rows of every form for one county, varied so that every indicator has a non-trivial value.</summary>
    private static List<NormalizedRecord> CountyRows(string c, VillageRegister register, bool withEntrepreneurship)
    {
        var rows = new List<NormalizedRecord>();
        var t = 0;
        foreach (var (code, name) in register.Townships.OrderBy(x => x.Code, StringComparer.Ordinal))
        {
            t++;
            rows.Add(Row("township-leaders", c, ("township", name), ("position", "party-secretary"), ("townshipExperience", t % 2 == 0),
                ("countyLeaderConcurrent", true), ("birthDate", D(1983 + t, 3, 1)), ("fiveAspects", t == 1 ? "selected-graduate" : null)));
            rows.Add(Row("township-leaders", c, ("township", name), ("position", "head"), ("fiveAspects", "township-staff")));
            rows.Add(Row("township-pay", c, ("township", name), ("townshipIncome", t % 2 == 0 ? 5000m : 6500m), ("agencyIncome", 5000m)));
            rows.Add(Row("secretary-adjustments", c, ("township", name), ("reason", t % 2 == 0 ? "unsuited" : "discipline"), ("adjustedOn", D(2021, t, 1))));
            rows.Add(Row("selected-graduates", c, ("township", name), ("villageMonths", 12 * t)));
        }

        rows.Add(Row("township-pay", c, ("townshipCode", $"{c}001"), ("township", $"{c}乡1"), ("townshipIncome", 6600m), ("agencyIncome", 5000m)));
        rows.Add(Row("promotions", c, ("promotionType", "deputy-division"), ("fromPosition", "head"), ("promotedOn", D(2021, 1, 1))));
        rows.Add(Row("promotions", c, ("promotionType", "level4-researcher"), ("fromPosition", "party-secretary"), ("promotedOn", D(2019, 1, 1))));
        rows.Add(Row("promotions", c, ("promotionType", "important-use"), ("fromPosition", "other"), ("townshipExperience", true), ("promotedOn", D(2022, 1, 1))));

        var i = 0;
        foreach (var v in register.Villages.OrderBy(x => x.VillageCode, StringComparer.Ordinal))
        {
            i++;
            var town = register.TownshipName(v.TownshipCode);
            rows.Add(Row("village-secretaries", c, ("township", town), ("village", v.VillageName), ("term", 2021), ("birthDate", D(1955 + (3 * i), 6, 1)),
                ("status", i % 3 == 0 ? "new" : "reelected"), ("education", i % 2 == 0 ? "college" : "high-school"),
                ("concurrentDirector", i % 3 != 1), ("wealthLeader", i % 2 == 1), ("countyFiled", true)));
            rows.Add(Row("village-secretaries", c, ("township", town), ("village", v.VillageName), ("term", 2018), ("birthDate", D(1950 + (2 * i), 2, 1)),
                ("status", "new"), ("education", i % 4 == 0 ? "bachelor" : "junior-or-below"), ("concurrentDirector", i % 4 == 0)));
            rows.Add(Row("resident-cadres", c, ("township", town), ("village", v.VillageName), ("dispatchLevel", i % 2 == 0 ? "region" : "county"),
                ("startDate", D(2021, 1, 1)), ("endDate", i == 1 ? D(2021, 12, 31) : null),
                ("fundsProvided", true), ("healthCheck", true), ("accidentInsurance", true), ("mealAllowance", true), ("transportAllowance", true),
                ("commsAllowance", true), ("townshipAllowance", true), ("remoteAllowance", i % 3 != 0)));
            rows.Add(Row("party-development", c, ("township", town), ("village", v.VillageName), ("year", 2022), ("newMembers", 2), ("newTalent", i % 2)));
        }

        if (withEntrepreneurship)
        {
            rows.Add(Row("entrepreneurship", c, ("year", 2022), ("doubleLeadFund", 1_000_000m), ("startupFunds", 2_500_000m), ("bases", 4),
                ("peopleSupported", 321), ("redFund", 2_000_000m), ("familyFarms", 17), ("cooperatives", 23)));
        }

        return rows;
    }

    private static (IReadOnlyList<IndicatorPartial> Rolled, IReadOnlyList<IndicatorPartial> Union) RollupAndUnion()
    {
        var yanchiRegister = CountyRegister(Yanchi, 2, 3);
        var tongxinRegister = CountyRegister(Tongxin, 3, 2);
        var yanchiRows = CountyRows(Yanchi, yanchiRegister, withEntrepreneurship: true);
        var tongxinRows = CountyRows(Tongxin, tongxinRegister, withEntrepreneurship: false);

        var yanchi = Engine.ComputePartials(Yanchi, Period, ByForm(yanchiRows), yanchiRegister).Where(p => p.AreaCode == Yanchi);
        var tongxin = Engine.ComputePartials(Tongxin, Period, ByForm(tongxinRows), tongxinRegister).Where(p => p.AreaCode == Tongxin);
        var rolled = IndicatorEngine.Rollup(City, yanchi.Concat(tongxin));

        var unionRegister = new VillageRegister(City, yanchiRegister.Villages.Concat(tongxinRegister.Villages));
        var union = Engine.ComputePartials(City, Period, ByForm(yanchiRows.Concat(tongxinRows)), unionRegister).Where(p => p.AreaCode == City).ToList();
        return (rolled, union);
    }

    public static TheoryData<string> AllIds() => [.. IndicatorCatalog.Default.Indicators.Select(i => i.Id)];

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Rollup_TwoCounties_EqualsComputationOverTheUnion(string id)
    {
        var (rolled, union) = RollupAndUnion();
        var r = rolled.Single(p => p.IndicatorId == id);
        var u = union.Single(p => p.IndicatorId == id);

        Assert.Equal(City, r.AreaCode);
        Assert.Equal(
            (u.HasData, u.Numerator, u.Denominator, u.PreviousNumerator, u.PreviousDenominator, u.Term, u.PreviousTerm),
            (r.HasData, r.Numerator, r.Denominator, r.PreviousNumerator, r.PreviousDenominator, r.Term, r.PreviousTerm));
        var rv = Engine.Evaluate(r, Now);
        var uv = Engine.Evaluate(u, Now);
        Assert.Equal((uv.Value, uv.PreviousValue, uv.Change, uv.MeetsTarget), (rv.Value, rv.PreviousValue, rv.Change, rv.MeetsTarget));
        Assert.True(rv.Value is not null, $"{id} should have a value in this fixture");
    }

    [Fact]
    public void Rollup_PerVillageAndPerTownshipRates_AreRecomputedFromSums()
    {
        var (rolled, _) = RollupAndUnion();
        var value = (string id) => Engine.Evaluate(rolled.Single(p => p.IndicatorId == id), Now);

        // PD01: Yanchi villages 1..6 have newTalent = i mod 2 → 3 of 6; Tongxin 1..6 → 3 of 6; city 6 of 12 = 50
        Assert.Equal((6m, 12m, 50m), (value("PD01").Numerator, value("PD01").Denominator!.Value, value("PD01").Value!.Value));

        // RC02: key villages are village 1 of each township: Yanchi i = 1, 4; Tongxin i = 1, 3, 5. Village i = 1 ended
        // its posting in 2021, so covered are Yanchi 4 and Tongxin 3, 5 → 3 of 5 = 60
        Assert.Equal((3m, 5m, 60m), (value("RC02").Numerator, value("RC02").Denominator!.Value, value("RC02").Value!.Value));

        // TL05: odd townships pay 6500 (and township 1 is listed twice): Yanchi 1 of 2, Tongxin 2 of 3 → 3 of 5 = 60
        Assert.Equal((3m, 5m, 60m), (value("TL05").Numerator, value("TL05").Denominator!.Value, value("TL05").Value!.Value));

        // PD06: only Yanchi submitted entrepreneurship: 2,000,000
        Assert.Equal(2_000_000m, value("PD06").Value);
    }

    [Fact]
    public void Rollup_TownshipPartials_SumToTheCountyWhenEveryRowResolves()
    {
        var register = CountyRegister(Yanchi, 2, 3);
        var partials = Engine.ComputePartials(Yanchi, Period, ByForm(CountyRows(Yanchi, register, true)), register);

        foreach (var def in IndicatorCatalog.Default.Indicators.Where(d => d.ByTownship))
        {
            var county = partials.Single(p => p.AreaCode == Yanchi && p.IndicatorId == def.Id);
            var summed = IndicatorEngine.Rollup(Yanchi, partials.Where(p => p.AreaCode != Yanchi && p.IndicatorId == def.Id)).Single();
            Assert.Equal((def.Id, county.Numerator, county.Denominator), (def.Id, summed.Numerator, summed.Denominator));
        }
    }

    [Fact]
    public void Rollup_MixedPeriods_Throws()
    {
        var a = new IndicatorPartial { AreaCode = Yanchi, Period = 2022, IndicatorId = "TL01", Numerator = 1 };
        var b = a with { AreaCode = Tongxin, Period = 2021 };

        Assert.Throws<ArgumentException>(() => IndicatorEngine.Rollup(City, [a, b]));
    }

    [Fact]
    public void Rollup_NoChildHasData_ParentHasNoValue()
    {
        var a = new IndicatorPartial { AreaCode = Yanchi, Period = 2022, IndicatorId = "PD06", HasData = false };
        var b = a with { AreaCode = Tongxin };

        var parent = IndicatorEngine.Rollup(City, [a, b]).Single();

        Assert.False(parent.HasData);
        Assert.Null(Engine.Evaluate(parent, Now).Value);
    }
}
