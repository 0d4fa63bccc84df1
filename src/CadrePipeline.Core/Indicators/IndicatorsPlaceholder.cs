// TEMPORARY: stands in for the indicator engine until branch `indicators` merges. Deleted at merge.
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Records;

namespace CadrePipeline.Core.Indicators;

public sealed class IndicatorCatalog
{
    public static IndicatorCatalog Default { get; } = new();

    public IReadOnlyList<IndicatorDefinition> Indicators { get; } = [];

    public IndicatorDefinition? Find(string id) => Indicators.FirstOrDefault(i => i.Id == id);
}

public sealed class IndicatorDefinition
{
    public string Id { get; init; } = "";

    public string NameZh { get; init; } = "";

    public string NameEn { get; init; } = "";

    public string Unit { get; init; } = "";
}

public sealed class IndicatorEngine(IndicatorCatalog catalog)
{
    public IReadOnlyList<IndicatorPartial> ComputePartials(string countyCode, int period, IReadOnlyDictionary<string, IReadOnlyList<NormalizedRecord>> recordsByForm, VillageRegister register) =>
        throw new NotImplementedException($"{catalog}{countyCode}{period}{recordsByForm}{register}");

    public static IReadOnlyList<IndicatorPartial> Rollup(string parentCode, IEnumerable<IndicatorPartial> childPartials) =>
        throw new NotImplementedException($"{parentCode}{childPartials}");

    public IndicatorValue Evaluate(IndicatorPartial partial, DateTimeOffset computedAtUtc) =>
        throw new NotImplementedException($"{partial}{computedAtUtc}");
}
