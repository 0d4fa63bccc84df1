namespace CadrePipeline.Core.Areas;

/// <summary>The level of an org unit in the area hierarchy.</summary>
public enum AreaLevel
{
    Nation,
    Province,
    City,
    County,
    Township,
    Village,
}

/// <summary>An org unit: a city, county, township or village (or a province added as data).</summary>
public sealed record Area(string Code, string NameZh, string NameEn, AreaLevel Level, string? ParentCode)
{
    /// <summary>Names a spreadsheet may use besides <see cref="NameZh"/>: Traditional, without suffix, ….</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
