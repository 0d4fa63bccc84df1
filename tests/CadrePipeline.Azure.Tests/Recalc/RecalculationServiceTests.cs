using CadrePipeline.Azure.Indicators;
using CadrePipeline.Azure.Recalc;
using CadrePipeline.Azure.Tests.Infrastructure;
using CadrePipeline.Core.Areas;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Azure.Tests.Recalc;

[Collection(LocalStackCollection.Name)]
public sealed class RecalculationServiceTests(LocalStackFixture stack)
{
    [Fact]
    public async Task Recalculate_TwoCountiesPartials_CityIsSumThenDivision()
    {
        await using var scope = stack.CreateScope();
        // VS08 wealth leaders: Yanchi 10 of 20, Tongxin 5 of 10. City = (10 + 5) / (20 + 10) × 100 = 50 %,
        // not the mean of the county rates (50 % and 50 % happen to agree here, so add a third county):
        // Litong 1 of 10 → city = 16 / 40 × 100 = 40 %; the mean of rates would be 36.67 %.
        await scope.Get<IndicatorStore>().UpsertManyAsync(
        [
            CountyDoc("640323", "VS08", 10, 20),
            CountyDoc("640324", "VS08", 5, 10),
            CountyDoc("640302", "VS08", 1, 10),
            CountyDoc("640323", "PD04", 7, 0),
            CountyDoc("640324", "PD04", 12, 0),
        ], CancellationToken.None);

        var outcome = await scope.Get<RecalculationService>().RecalculateAsync(2022, CancellationToken.None);

        Assert.True(outcome.Ran);
        var city = await scope.Get<IndicatorStore>().ListAreaAsync(2022, "640300", RecalculationService.RootParent, CancellationToken.None);
        var vs08 = city.Single(d => d.IndicatorId == "VS08");
        Assert.Equal(16m, vs08.Numerator);
        Assert.Equal(40m, vs08.Denominator);
        Assert.Equal(40m, vs08.Value);
        Assert.Equal(19m, city.Single(d => d.IndicatorId == "PD04").Value);
        Assert.Equal(["640302", "640323", "640324"], vs08.Sources);
    }

    [Fact]
    public async Task Recalculate_ProvinceAddedAsData_RollsUpCitiesThenProvince()
    {
        // A catalogue with a province above two cities, as data: Ningxia 640000 ⊃ Wuzhong 640300 (Yanchi, Tongxin)
        // and a second city 640500 (one county 640521).
        var catalog = AreaCatalog.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""
            { "areas": [
              { "code": "640000", "nameZh": "宁夏回族自治区", "nameEn": "Ningxia", "level": "Province", "parent": null },
              { "code": "640300", "nameZh": "吴忠市", "nameEn": "Wuzhong City", "level": "City", "parent": "640000" },
              { "code": "640323", "nameZh": "盐池县", "nameEn": "Yanchi County", "level": "County", "parent": "640300" },
              { "code": "640324", "nameZh": "同心县", "nameEn": "Tongxin County", "level": "County", "parent": "640300" },
              { "code": "640500", "nameZh": "中卫市", "nameEn": "Zhongwei City", "level": "City", "parent": "640000" },
              { "code": "640521", "nameZh": "中宁县", "nameEn": "Zhongning County", "level": "County", "parent": "640500" }
            ] }
            """)));
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton(catalog));
        var zhongning = CountyDoc("640521", "VS08", 3, 10);
        zhongning.Pk = IndicatorDocument.PkFor(2022, "640500");
        zhongning.ParentCode = "640500";
        await scope.Get<IndicatorStore>().UpsertManyAsync([CountyDoc("640323", "VS08", 10, 20), CountyDoc("640324", "VS08", 5, 10), zhongning], CancellationToken.None);

        var outcome = await scope.Get<RecalculationService>().RecalculateAsync(2022, CancellationToken.None);

        Assert.Equal(3, outcome.ParentAreas);
        var store = scope.Get<IndicatorStore>();
        var wuzhong = (await store.ListAreaAsync(2022, "640300", "640000", CancellationToken.None)).Single(d => d.IndicatorId == "VS08");
        var zhongwei = (await store.ListAreaAsync(2022, "640500", "640000", CancellationToken.None)).Single(d => d.IndicatorId == "VS08");
        var ningxia = (await store.ListAreaAsync(2022, "640000", RecalculationService.RootParent, CancellationToken.None)).Single(d => d.IndicatorId == "VS08");
        Assert.Equal(50m, wuzhong.Value);   // (10 + 5) / (20 + 10)
        Assert.Equal(30m, zhongwei.Value);  // 3 / 10
        Assert.Equal(18m, ningxia.Numerator);
        Assert.Equal(40m, ningxia.Denominator);
        Assert.Equal(45m, ningxia.Value);   // 18 / 40, not the mean of the city rates (40)
    }

    [Fact]
    public async Task Recalculate_SecondCallerWhileFirstRuns_ReturnsAlreadyRunningAndDoesNotInterleave()
    {
        var gate = new BlockingFollowUp();
        await using var scope = stack.CreateScope(customize: s => s.AddSingleton<IRecalculationFollowUp>(gate));
        var recalc = scope.Get<RecalculationService>();

        var first = recalc.RecalculateAsync(2022, CancellationToken.None);
        await gate.Entered.Task; // the first run holds the lock and is inside its follow-up
        var second = await recalc.RecalculateAsync(2022, CancellationToken.None);
        gate.Release.SetResult();
        var firstOutcome = await first;

        Assert.True(firstOutcome.Ran);
        Assert.False(second.Ran);
        Assert.NotNull(second.BusyUntil);
        Assert.Equal(1, gate.Runs);

        // Once released, the next caller runs.
        gate.Reset();
        gate.Release.SetResult();
        Assert.True((await recalc.RecalculateAsync(2022, CancellationToken.None)).Ran);
    }

    private static IndicatorDocument CountyDoc(string county, string indicator, decimal numerator, decimal denominator) => new()
    {
        Id = IndicatorDocument.IdFor(county, 2022, indicator),
        Pk = IndicatorDocument.PkFor(2022, "640300"),
        AreaCode = county,
        ParentCode = "640300",
        Level = "county",
        Period = 2022,
        IndicatorId = indicator,
        Numerator = numerator,
        Denominator = denominator,
        HasData = true,
    };

    private sealed class BlockingFollowUp : IRecalculationFollowUp
    {
        private int _runs;

        public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs => _runs;

        public void Reset()
        {
            Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public async Task RunAsync(RecalculationSnapshot snapshot, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            Entered.TrySetResult();
            await Release.Task;
        }
    }
}
