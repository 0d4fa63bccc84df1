using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Records;
using static CadrePipeline.Core.Tests.Indicators.IndicatorTestData;

namespace CadrePipeline.Core.Tests.Indicators;

public class IndicatorEngineResidentReserveTests
{
    private const string Resident = "resident-cadres";
    private const string Graduates = "selected-graduates";
    private const string Development = "party-development";
    private const string Entrepreneurship = "entrepreneurship";

    private static readonly VillageRegister Register = YanchiRegister();

    private static readonly string[] Benefits =
        ["fundsProvided", "healthCheck", "accidentInsurance", "mealAllowance", "transportAllowance", "commsAllowance", "townshipAllowance", "remoteAllowance"];

    private static NormalizedRecord Cadre(string level, DateOnly start, DateOnly? end, string township, string village, int benefits = 8)
    {
        var fields = new List<(string, object?)>
        {
            ("township", township), ("village", village), ("dispatchLevel", level), ("role", "team-member"),
            ("startDate", start), ("endDate", end),
        };
        fields.AddRange(Benefits.Select((b, i) => (b, (object?)(i < benefits))));
        return Row(Resident, Yanchi, [.. fields]);
    }

    /// <summary>Rows 1, 2, 4 and 6 are active in 2022; rows 1, 4 and 6 have all eight benefits.</summary>
    private static NormalizedRecord[] Cadres() =>
    [
        Cadre("region", D(2021, 3, 1), null, "花马池镇", "城西村"),
        Cadre("city", D(2022, 12, 31), null, "花马池镇", "城东村", benefits: 7),
        Cadre("city", D(2023, 1, 1), null, "大水坑镇", "新泉村"),
        Cadre("region", D(2020, 1, 1), D(2022, 1, 1), "大水坑镇", "新泉村"),
        Cadre("region", D(2020, 1, 1), D(2021, 12, 31), "大水坑镇", "大水坑村"),
        Cadre("county", D(2021, 1, 1), null, "花马池镇", "城东村"),
    ];

    [Fact]
    public void ComputePartials_RC01_RegionAndCityActiveInPeriod()
    {
        // row 1 (open-ended), row 2 (starts on 2022-12-31) and row 4 (ends on 2022-01-01) are active region/city
        // postings; row 3 starts in 2023, row 5 ended in 2021, row 6 is county level
        Assert.Equal(3m, Value(Partials(Register, Cadres()), "RC01").Value);
    }

    [Fact]
    public void ComputePartials_RC03_AllEightBenefitsAmongActive()
    {
        var rc03 = Value(Partials(Register, Cadres()), "RC03");

        // active: rows 1, 2, 4, 6; with all eight benefits: 1, 4, 6 (row 2 lacks one) → 100 × 3 / 4
        Assert.Equal((3m, 4m), (rc03.Numerator, rc03.Denominator));
        Assert.Equal(75m, rc03.Value);
    }

    [Fact]
    public void ComputePartials_RC02_KeyVillagesWithActiveCadre()
    {
        var partials = Partials(Register, Cadres());
        var rc02 = Value(partials, "RC02");

        // key villages: 城西村 (row 1, active) and 大水坑村 (row 5 only, ended 2021) → 100 × 1 / 2
        Assert.Equal((1m, 2m), (rc02.Numerator, rc02.Denominator));
        Assert.Equal(50m, rc02.Value);
        Assert.False(rc02.MeetsTarget);
        Assert.Equal(100m, Value(partials, "RC02", Huamachi).Value);
        Assert.Equal(0m, Value(partials, "RC02", Dashuikeng).Value);
    }

    [Fact]
    public void ComputePartials_RC02_AllKeyVillagesCovered_MeetsTarget()
    {
        var rows = Cadres().Append(Cadre("county", D(2022, 6, 1), null, "大水坑镇", DashuikengVillage)).ToArray();

        var rc02 = Value(Partials(Register, rows), "RC02");

        // a county-level posting (any level counts) now covers 大水坑村: 2 of 2 key villages
        Assert.Equal(100m, rc02.Value);
        Assert.True(rc02.MeetsTarget);
    }

    [Fact]
    public void ComputePartials_RC02_TwoCadresInOneKeyVillage_CountTheVillageOnce()
    {
        var rows = new[]
        {
            Cadre("region", D(2021, 3, 1), null, "花马池镇", "城西村"),
            Cadre("city", D(2021, 3, 1), null, "花马池镇", "城西村"),
        };

        var rc02 = Value(Partials(Register, rows), "RC02");

        // 1 of 2 key villages, not 2 of 2
        Assert.Equal((1m, 2m), (rc02.Numerator, rc02.Denominator));
    }

    [Fact]
    public void ComputePartials_RC02_RegisterWithoutKeyVillages_NoValue()
    {
        var register = new VillageRegister(Yanchi, [new RegisteredVillage(Yanchi, Huamachi, "花马池镇", Chengxi, "城西村", false, false)]);

        var rc02 = Value(Partials(register, Cadre("region", D(2021, 3, 1), null, "花马池镇", "城西村")), "RC02");

        Assert.Null(rc02.Value);
        Assert.Null(rc02.MeetsTarget);
    }

    [Fact]
    public void ComputePartials_SG01AndSG02_GraduatesAndTwoYearShare()
    {
        var partials = Partials(Register,
            Row(Graduates, Yanchi, ("township", "花马池镇"), ("villageMonths", 24)),
            Row(Graduates, Yanchi, ("township", "花马池镇"), ("villageMonths", 23)),
            Row(Graduates, Yanchi, ("township", "大水坑镇"), ("villageMonths", 60)));

        // 3 graduates; 24 and 60 months reach 24 → 100 × 2 / 3
        Assert.Equal(3m, Value(partials, "SG01").Value);
        Near(100m * 2 / 3, Value(partials, "SG02").Value);
        Assert.Equal(50m, Value(partials, "SG02", Huamachi).Value);
    }

    [Fact]
    public void ComputePartials_PD01_OnlyRegisterVillagesOfThePeriodYear()
    {
        var partials = Partials(Register,
            Row(Development, Yanchi, ("township", "花马池镇"), ("village", "城西村"), ("year", 2022), ("newMembers", 2), ("newTalent", 1)),
            Row(Development, Yanchi, ("township", "花马池镇"), ("village", "城东村"), ("year", 2022), ("newMembers", 2), ("newTalent", 0)),
            Row(Development, Yanchi, ("township", "大水坑镇"), ("villageCode", DashuikengVillage), ("village", DashuikengVillage), ("year", 2022), ("newMembers", 3), ("newTalent", 2)),
            Row(Development, Yanchi, ("township", "大水坑镇"), ("village", "新泉村"), ("year", 2021), ("newMembers", 3), ("newTalent", 3)),
            Row(Development, Yanchi, ("township", "大水坑镇"), ("village", "外村"), ("year", 2022), ("newMembers", 5), ("newTalent", 5)));

        var pd01 = Value(partials, "PD01");

        // 城西村 and 大水坑村 qualify; 城东村 has 0; 新泉村's talent is of 2021; 外村 is not in the register
        // → 100 × 2 / 5 register villages
        Assert.Equal((2m, 5m), (pd01.Numerator, pd01.Denominator));
        Assert.Equal(40m, pd01.Value);
        Assert.False(pd01.MeetsTarget);

        // 花马池镇: 1 of 2 villages; 大水坑镇: 1 of 3
        Assert.Equal(50m, Value(partials, "PD01", Huamachi).Value);
        Near(100m / 3, Value(partials, "PD01", Dashuikeng).Value);
    }

    [Fact]
    public void ComputePartials_PD01_EmptyRegister_NoValue()
    {
        var partials = Partials(VillageRegister.Empty(Yanchi),
            Row(Development, Yanchi, ("township", "花马池镇"), ("village", "城西村"), ("year", 2022), ("newMembers", 2), ("newTalent", 1)));

        var pd01 = Value(partials, "PD01");

        Assert.Equal((0m, 0m), (pd01.Numerator, pd01.Denominator));
        Assert.Null(pd01.Value);
    }

    [Fact]
    public void ComputePartials_PD02ToPD08_SumsOfThePeriodYear()
    {
        var partials = Partials(Register,
            Row(Entrepreneurship, Yanchi, ("year", 2022), ("doubleLeadFund", 5_570_000m), ("startupFunds", 100_000_000m), ("bases", 12),
                ("peopleSupported", 3000), ("redFund", null), ("familyFarms", 0), ("cooperatives", null)),
            Row(Entrepreneurship, Yanchi, ("year", 2022), ("startupFunds", 80_000_000m), ("bases", 7), ("peopleSupported", 672)),
            Row(Entrepreneurship, Yanchi, ("year", 2021), ("doubleLeadFund", 1_000_000m), ("redFund", 2_000_000m), ("familyFarms", 9)));

        // 2022 rows only: 5,570,000; 100,000,000 + 80,000,000; 12 + 7; 3000 + 672
        Assert.Equal(5_570_000m, Value(partials, "PD02").Value);
        Assert.Equal(180_000_000m, Value(partials, "PD03").Value);
        Assert.Equal(19m, Value(partials, "PD04").Value);
        Assert.Equal(3_672m, Value(partials, "PD05").Value);

        // submitted but blank or 0: published as 0, not as "no value"
        Assert.Equal(0m, Value(partials, "PD06").Value);
        Assert.Equal(0m, Value(partials, "PD07").Value);
        Assert.Equal(0m, Value(partials, "PD08").Value);
    }

    [Fact]
    public void ComputePartials_EntrepreneurshipNotSubmitted_NoValue()
    {
        var partials = Partials(Register, Cadres());

        Assert.False(Partial(partials, "PD06").HasData);
        Assert.Null(Value(partials, "PD06").Value);
        Assert.Null(Value(partials, "PD01").Value);
    }
}
