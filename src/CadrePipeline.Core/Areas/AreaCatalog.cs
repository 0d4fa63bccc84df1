using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CadrePipeline.Core.Areas;

/// <summary>
/// The fixed upper levels of the area hierarchy (nation, province, city, county), loaded from data.
/// Townships and villages come from each county's village register, not from here.
/// </summary>
public sealed class AreaCatalog
{
    private readonly FrozenDictionary<string, Area> _byCode;
    private readonly FrozenDictionary<string, string> _codeByName;

    // Declared before Default: static fields initialise in order.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public AreaCatalog(IEnumerable<Area> areas)
    {
        var list = areas.ToList();
        _byCode = list.ToFrozenDictionary(a => a.Code, StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in list)
        {
            names[a.Code] = a.Code;
            names[a.NameZh] = a.Code;
            foreach (var alias in a.Aliases)
            {
                names[alias] = a.Code;
            }
        }

        _codeByName = names.ToFrozenDictionary(StringComparer.Ordinal);
        Areas = list;
    }

    /// <summary>The catalogue shipped with the pipeline: Wuzhong City and its five counties.</summary>
    public static AreaCatalog Default { get; } = LoadEmbedded();

    public IReadOnlyList<Area> Areas { get; }

    public IEnumerable<Area> Counties => Areas.Where(a => a.Level == AreaLevel.County);

    public Area? Find(string code) => _byCode.TryGetValue(code, out var a) ? a : null;

    public bool IsCounty(string code) => Find(code)?.Level == AreaLevel.County;

    /// <summary>Children of an area in this catalogue (counties of a city, cities of a province).</summary>
    public IEnumerable<Area> ChildrenOf(string code) => Areas.Where(a => a.ParentCode == code);

    /// <summary>Parents that have children in the catalogue, deepest first, so sums can roll upwards.</summary>
    public IEnumerable<Area> ParentsBottomUp() =>
        Areas.Where(a => a.Level < AreaLevel.County && Areas.Any(c => c.ParentCode == a.Code))
             .OrderByDescending(a => a.Level);

    /// <summary>
    /// Resolves a county (or higher) named by code, Simplified or Traditional name, or name without suffix.
    /// The input should already be folded (trimmed, half-width).
    /// </summary>
    public string? ResolveCode(string nameOrCode)
    {
        var key = nameOrCode.Trim();
        return _codeByName.TryGetValue(key, out var code) ? code : null;
    }

    private static AreaCatalog LoadEmbedded()
    {
        using var stream = typeof(AreaCatalog).Assembly.GetManifestResourceStream("CadrePipeline.Core.Areas.areas.json")
            ?? throw new InvalidOperationException("areas.json resource missing");
        return Load(stream);
    }

    /// <summary>
    /// The catalogue in the file at <paramref name="path"/> (setting <c>Areas:CatalogPath</c>, e.g. a sample scenario's
    /// own area file), or <see cref="Default"/> when no path is given.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path names no file.</exception>
    public static AreaCatalog FromFileOrDefault(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Default;
        }

        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Loads a catalogue from JSON of the shape of the embedded <c>areas.json</c>.</summary>
    public static AreaCatalog Load(Stream json)
    {
        var file = JsonSerializer.Deserialize<AreaFile>(json, JsonOptions) ?? throw new InvalidDataException("empty area file");
        return new AreaCatalog(file.Areas.Select(a => new Area(a.Code, a.NameZh, a.NameEn, a.Level, a.Parent) { Aliases = a.Aliases ?? [] }));
    }

    private sealed record AreaFile(List<AreaEntry> Areas);

    private sealed record AreaEntry(string Code, string NameZh, string NameEn, AreaLevel Level, string? Parent, List<string>? Aliases);
}
