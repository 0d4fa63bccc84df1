using CadrePipeline.Core.Areas;
using static CadrePipeline.Core.Tests.Indicators.IndicatorTestData;

namespace CadrePipeline.Core.Tests.Areas;

/// <summary>
/// The one name resolution (VillageRegister) as intake and the indicators see it: every spelling a county office
/// writes must reach the same register village, so that RC02 and PD01 count it.
/// </summary>
public class VillageRegisterResolutionTests
{
    private const string Hongsi = "640323002";
    private const string Hongjing = "640323002003";

    /// <summary>Two townships; the key villages are 城西村 and 红井子村; 红井子村 has Traditional spellings (紅井子村).</summary>
    private static readonly VillageRegister Register = new(Yanchi,
    [
        new RegisteredVillage(Yanchi, Huamachi, "花马池镇", Chengxi, "城西村", KeyVillage: true, RelocationHeavy: false),
        new RegisteredVillage(Yanchi, Huamachi, "花马池镇", Chengdong, "城东村", KeyVillage: false, RelocationHeavy: false),
        new RegisteredVillage(Yanchi, Hongsi, "红井子镇", Hongjing, "红井子村", KeyVillage: true, RelocationHeavy: false),
        new RegisteredVillage(Yanchi, Hongsi, "红井子镇", Xinquan, "新泉村", KeyVillage: false, RelocationHeavy: false),
    ]);

    public static TheoryData<string, string> VillageSpellings => new()
    {
        { "红井子镇", "红井子村" },
        { "红井子镇", "红井子" },                // without the 村 suffix
        { "紅井子鎮", "紅井子村" },              // Traditional township and village
        { "紅井子", "紅井子" },                  // Traditional, neither suffix
        { "红井子镇", "红 井 子 村" },            // spaces inside
        { "红井子镇", "640323002003" },          // 12-digit code in the village column
        { "640323002", "红井子" },               // township by code, village without suffix
        { "红井子镇", "640323002003.0" },        // a number cell written out by a spreadsheet
        { "红井子镇", "6.40323002003E+11" },     // a number cell in scientific notation
        { "红井子镇", "６４０３２３００２００３" }, // full-width digits
        { "", "红井子" },                        // no township: the name is unique in the county
    };

    [Theory]
    [MemberData(nameof(VillageSpellings))]
    public void ResolveVillage_AnySpelling_TheRegisterVillage(string township, string village)
    {
        Assert.Equal(Hongjing, Register.ResolveVillage(township, village));
    }

    [Theory]
    [InlineData("臨東鎮", "東灣村")]
    [InlineData("臨東", "東灣")]
    [InlineData("临东镇", "東 灣")]
    public void ResolveVillage_TraditionalNamesOfAnyCharacters_TheRegisterVillage(string township, string village)
    {
        // characters that no header or enum label uses (臨, 東, 灣): the broad Traditional→Simplified table
        var register = new VillageRegister("990102", [new RegisteredVillage("990102", "990102100", "临东镇", "990102100201", "东湾村", false, false)]);

        Assert.Equal("990102100201", register.ResolveVillage(township, village));
        Assert.Equal("990102100", register.ResolveTownship(township));
    }

    [Theory]
    [InlineData("红井子镇")]
    [InlineData("红井子")]
    [InlineData("紅井子鎮")]
    [InlineData(" 红井子 镇 ")]
    [InlineData("640323002")]
    [InlineData("640323002.0")]
    public void ResolveTownship_AnySpelling_TheRegisterTownship(string township)
    {
        Assert.Equal(Hongsi, Register.ResolveTownship(township));
    }

    [Theory]
    [InlineData("红井子镇", "城西村")]        // a village of another township, by name
    [InlineData("红井子镇", "红井")]          // a prefix is not a name
    [InlineData("红井子镇", "640323002009")]  // a code not in the register
    [InlineData("红井子镇", "64032300200")]   // 11 digits
    public void ResolveVillage_NotInRegister_Null(string township, string village)
    {
        Assert.Null(Register.ResolveVillage(township, village));
    }

    [Theory]
    [MemberData(nameof(VillageSpellings))]
    public void ComputePartials_RC02_KeyVillageWrittenAnyWay_IsCovered(string township, string village)
    {
        // one active region-level posting in 红井子村, however written; 城西村 has none → 1 of 2 key villages,
        // and 红井子镇's only key village is covered
        var partials = Partials(Register, Row("resident-cadres", Yanchi,
            ("township", township), ("village", village), ("dispatchLevel", "region"), ("role", "team-member"),
            ("startDate", D(2021, 3, 1)), ("endDate", null)));

        var rc02 = Value(partials, "RC02");
        Assert.Equal((1m, 2m), (rc02.Numerator, rc02.Denominator));
        Assert.Equal(100m, Value(partials, "RC02", Hongsi).Value);
        Assert.Equal(0m, Value(partials, "RC02", Huamachi).Value);
    }

    [Theory]
    [MemberData(nameof(VillageSpellings))]
    public void ComputePartials_PD01_VillageWrittenAnyWay_Counts(string township, string village)
    {
        // 红井子村 recruits one talented member in 2022 → 1 of 4 register villages; 红井子镇: 1 of 2
        var partials = Partials(Register, Row("party-development", Yanchi,
            ("township", township), ("village", village), ("year", 2022), ("newMembers", 1), ("newTalent", 1)));

        var pd01 = Value(partials, "PD01");
        Assert.Equal((1m, 4m), (pd01.Numerator, pd01.Denominator));
        Assert.Equal(50m, Value(partials, "PD01", Hongsi).Value);
    }

    [Theory]
    [InlineData("红井子镇")]
    [InlineData("紅井子")]
    [InlineData("640323002")]
    public void ComputePartials_TL05_TownshipWrittenAnyWay_CountsOnce(string second)
    {
        // the same township twice (as written by two offices) is one township; 花马池镇 pays 10 % over → 1 of 2
        var partials = Partials(Register,
            Row("township-pay", Yanchi, ("township", "红井子镇"), ("townshipIncome", 6000m), ("agencyIncome", 4800m)),
            Row("township-pay", Yanchi, ("township", second), ("townshipIncome", 6000m), ("agencyIncome", 4800m)),
            Row("township-pay", Yanchi, ("township", "花马池"), ("townshipIncome", 5500m), ("agencyIncome", 5000m)));

        var tl05 = Value(partials, "TL05");
        Assert.Equal((1m, 2m), (tl05.Numerator, tl05.Denominator));
        Assert.Equal(100m, Value(partials, "TL05", Hongsi).Value);
        Assert.Equal(0m, Value(partials, "TL05", Huamachi).Value);
    }
}
