using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Records;
using static CadrePipeline.Core.Tests.Indicators.IndicatorTestData;

namespace CadrePipeline.Core.Tests.Indicators;

public class IndicatorEngineVillageTests
{
    private const string Secretaries = "village-secretaries";
    private const string Adjustments = "secretary-adjustments";

    private static readonly VillageRegister Register = YanchiRegister();

    private static NormalizedRecord Secretary(int term, DateOnly birth, string status, string education, bool director, bool wealth, bool filed, string township = "花马池镇") =>
        Row(Secretaries, Yanchi, ("township", township), ("term", term), ("birthDate", birth), ("status", status), ("education", education),
            ("concurrentDirector", director), ("wealthLeader", wealth), ("countyFiled", filed));

    /// <summary>
    /// 2021 term (ages on 2021-01-01): a 60 (born 1961-01-01), b 59 (born 1961-01-02), c 40, d 70.
    /// 2018 term (ages on 2018-01-01): e 57, f 48, g 62.
    /// </summary>
    private static NormalizedRecord[] TwoTerms() =>
    [
        Secretary(2021, D(1961, 1, 1), "reelected", "college", director: true, wealth: true, filed: true),
        Secretary(2021, D(1961, 1, 2), "reelected", "high-school", director: true, wealth: false, filed: true, township: "大水坑镇"),
        Secretary(2021, D(1980, 6, 15), "new", "bachelor", director: false, wealth: true, filed: false, township: "大水坑镇"),
        Secretary(2021, D(1950, 3, 1), "reelected", "junior-or-below", director: true, wealth: false, filed: true),
        Secretary(2018, D(1960, 7, 1), "new", "college", director: false, wealth: false, filed: true),
        Secretary(2018, D(1970, 1, 1), "new", "high-school", director: true, wealth: false, filed: true),
        Secretary(2018, D(1955, 5, 5), "reelected", "junior-or-below", director: false, wealth: false, filed: true),
    ];

    [Fact]
    public void ComputePartials_VS01_CountsCurrentTermOnly()
    {
        var partials = Partials(Register, TwoTerms());

        // 4 rows of the 2021 term; the 3 rows of 2018 do not count
        Assert.Equal(4m, Value(partials, "VS01").Value);
        Assert.Equal(2021, Partial(partials, "VS01").Term);
    }

    [Fact]
    public void ComputePartials_VS02_AverageAgeWithPreviousTerm()
    {
        var vs02 = Value(Partials(Register, TwoTerms()), "VS02");

        // (60 + 59 + 40 + 70) / 4 = 57.25; previous (57 + 48 + 62) / 3 = 167 / 3
        Assert.Equal(57.25m, vs02.Value);
        Assert.Equal((229m, 4m), (vs02.Numerator, vs02.Denominator));
        Near(167m / 3, vs02.PreviousValue);
        Near(57.25m - (167m / 3), vs02.Change);
        Assert.Equal((2021, 2018), (vs02.Term, vs02.PreviousTerm));
    }

    [Fact]
    public void ComputePartials_VS03_PublishesTheChangeAsValue()
    {
        var vs03 = Value(Partials(Register, TwoTerms()), "VS03");

        // 229/4 − 167/3 = (687 − 668) / 12 = 19/12
        Near(19m / 12, vs03.Value);
        Near(19m / 12, vs03.Change);
    }

    [Fact]
    public void ComputePartials_VS04AndVS05_CollegeShareAndChange()
    {
        var partials = Partials(Register, TwoTerms());

        // current: college + bachelor = 2 of 4 → 50; previous: college 1 of 3 → 100/3
        var vs04 = Value(partials, "VS04");
        Assert.Equal(50m, vs04.Value);
        Near(100m / 3, vs04.PreviousValue);
        Near(50m - (100m / 3), Value(partials, "VS05").Value);
    }

    [Fact]
    public void ComputePartials_VS06AndVS07_ConcurrentDirectorShareAndChange()
    {
        var partials = Partials(Register, TwoTerms());

        // current: a, b, d = 3 of 4 → 75; previous: f = 1 of 3 → 100/3
        Assert.Equal(75m, Value(partials, "VS06").Value);
        Near(75m - (100m / 3), Value(partials, "VS07").Value);
        Near(75m - (100m / 3), Value(partials, "VS06").Change);
    }

    [Fact]
    public void ComputePartials_VS08AndVS11_SharesOfCurrentTerm()
    {
        var partials = Partials(Register, TwoTerms());
        var vs11 = Value(partials, "VS11");

        // wealth leaders a, c = 2 of 4; filed a, b, d = 3 of 4, below the target of 100
        Assert.Equal(50m, Value(partials, "VS08").Value);
        Assert.Equal(75m, vs11.Value);
        Assert.False(vs11.MeetsTarget);
    }

    [Fact]
    public void ComputePartials_VS09_ReelectedAged60AtTermStart()
    {
        // a is 60 on 2021-01-01 (born on 1 January), d is 70; b turns 60 on 2021-01-02 and is 59 on 1 January;
        // g of 2018 is reelected and 62 but belongs to the previous term
        Assert.Equal(2m, Value(Partials(Register, TwoTerms()), "VS09").Value);
    }

    [Fact]
    public void ComputePartials_VS04_ByTownship()
    {
        var partials = Partials(Register, TwoTerms());

        // 大水坑镇 current term: b (high-school), c (bachelor) → 1 of 2; previous term has no 大水坑镇 rows → 0/0
        var vs04 = Value(partials, "VS04", Dashuikeng);
        Assert.Equal(50m, vs04.Value);
        Assert.Null(vs04.PreviousValue);
    }

    [Fact]
    public void ComputePartials_TermAfterPeriod_IsIgnoredForCurrentTerm()
    {
        var rows = TwoTerms().Append(Secretary(2024, D(1990, 1, 1), "new", "college", true, true, true))
            .Append(Secretary(2015, D(1950, 1, 1), "new", "college", true, true, true)).ToArray();

        var partial = Partial(Partials(Register, rows), "VS02");

        // current = latest term ≤ 2022 = 2021; previous = latest before it = 2018 (not 2015)
        Assert.Equal((2021, 2018), (partial.Term, partial.PreviousTerm));
        Assert.Equal(4m, partial.Denominator);
    }

    [Fact]
    public void ComputePartials_OneTermOnly_NoPreviousValueNorChange()
    {
        var rows = TwoTerms().Where(r => (decimal)r["term"]! == 2021m).ToArray();
        var partials = Partials(Register, rows);

        Assert.Null(Partial(partials, "VS02").PreviousNumerator);
        Assert.Null(Value(partials, "VS02").PreviousValue);
        Assert.Equal(57.25m, Value(partials, "VS02").Value);
        Assert.Null(Value(partials, "VS03").Value);
    }

    [Fact]
    public void ComputePartials_VS10_AdjustmentsWithinTheTerm()
    {
        var rows = TwoTerms().Concat(
        [
            Row(Adjustments, Yanchi, ("township", "花马池镇"), ("reason", "unsuited"), ("adjustedOn", D(2021, 1, 1))),
            Row(Adjustments, Yanchi, ("township", "花马池镇"), ("reason", "incompetent"), ("adjustedOn", D(2022, 12, 31))),
            Row(Adjustments, Yanchi, ("township", "花马池镇"), ("reason", "unsuited"), ("adjustedOn", D(2020, 12, 31))),
            Row(Adjustments, Yanchi, ("township", "大水坑镇"), ("reason", "discipline"), ("adjustedOn", D(2021, 5, 5))),
            Row(Adjustments, Yanchi, ("township", "大水坑镇"), ("reason", "incompetent"), ("adjustedOn", D(2023, 1, 1))),
        ]).ToArray();

        var partials = Partials(Register, rows);

        // 2021-01-01 (start of the 2021 term) and 2022-12-31 (end of the period) count; 2020-12-31 is before the
        // term, 'discipline' is not a counted reason, 2023-01-01 is after the period
        Assert.Equal(2m, Value(partials, "VS10").Value);
        Assert.Equal(2m, Value(partials, "VS10", Huamachi).Value);
        Assert.Equal(2021, Partial(partials, "VS10").Term);
    }

    [Fact]
    public void ComputePartials_VS10_NoSecretaryRoster_NoTermSoNoValue()
    {
        var partials = Partials(Register, Row(Adjustments, Yanchi, ("reason", "unsuited"), ("adjustedOn", D(2021, 5, 1))));

        Assert.False(Partial(partials, "VS10").HasData);
        Assert.Null(Value(partials, "VS10").Value);
    }

    [Fact]
    public void ComputePartials_AgeOfPersonWithoutBirthDate_IsNotAveraged()
    {
        var rows = new[]
        {
            Secretary(2021, D(1961, 1, 1), "new", "college", true, true, true),
            Row(Secretaries, Yanchi, ("township", "花马池镇"), ("term", 2021), ("status", "new"), ("education", "college")),
        };

        var vs02 = Value(Partials(Register, rows), "VS02");

        // only the row with a birth date is averaged: 60 / 1; VS01 still counts both
        Assert.Equal((60m, 1m), (vs02.Numerator, vs02.Denominator));
        Assert.Equal(2m, Value(Partials(Register, rows), "VS01").Value);
    }
}
