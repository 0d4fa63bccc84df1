using CadrePipeline.Core.Records;

namespace CadrePipeline.Core.Areas;

/// <summary>One village of a county's register (form <c>areas</c>).</summary>
public sealed record RegisteredVillage(
    string CountyCode,
    string TownshipCode,
    string TownshipName,
    string VillageCode,
    string VillageName,
    bool KeyVillage,
    bool RelocationHeavy);

/// <summary>
/// A county's village register: the denominator of per-village rates, and the table that township and
/// village names resolve against. Built from the accepted rows of form <c>areas</c>.
/// </summary>
public sealed class VillageRegister
{
    private readonly Dictionary<string, RegisteredVillage> _byVillageCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _townshipCodeByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _townshipNameByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Township, string Village), string> _villageByNames = new();
    private readonly Dictionary<string, List<string>> _villageCodesByName = new(StringComparer.Ordinal);

    public VillageRegister(string countyCode, IEnumerable<RegisteredVillage> villages)
    {
        CountyCode = countyCode;
        foreach (var v in villages)
        {
            if (!_byVillageCode.TryAdd(v.VillageCode, v))
            {
                continue;
            }

            _townshipCodeByName.TryAdd(v.TownshipName, v.TownshipCode);
            _townshipNameByCode.TryAdd(v.TownshipCode, v.TownshipName);
            _villageByNames.TryAdd((v.TownshipCode, v.VillageName), v.VillageCode);
            if (!_villageCodesByName.TryGetValue(v.VillageName, out var list))
            {
                _villageCodesByName[v.VillageName] = list = [];
            }

            list.Add(v.VillageCode);
        }
    }

    /// <summary>An empty register: nothing resolves, and per-village denominators are zero.</summary>
    public static VillageRegister Empty(string countyCode) => new(countyCode, []);

    public string CountyCode { get; }

    public bool IsEmpty => _byVillageCode.Count == 0;

    public IReadOnlyCollection<RegisteredVillage> Villages => _byVillageCode.Values;

    public IEnumerable<(string Code, string Name)> Townships => _townshipNameByCode.Select(kv => (kv.Key, kv.Value));

    public RegisteredVillage? FindVillage(string villageCode) => _byVillageCode.GetValueOrDefault(villageCode);

    /// <summary>Resolves a township given by 9-digit code or by name (as folded text).</summary>
    public string? ResolveTownship(string? codeOrName)
    {
        if (string.IsNullOrWhiteSpace(codeOrName))
        {
            return null;
        }

        if (_townshipNameByCode.ContainsKey(codeOrName))
        {
            return codeOrName;
        }

        return _townshipCodeByName.TryGetValue(codeOrName, out var code) ? code : null;
    }

    public string? TownshipName(string townshipCode) => _townshipNameByCode.GetValueOrDefault(townshipCode);

    /// <summary>
    /// Resolves a village given by 12-digit code, or by name within its township (code or name). A name
    /// without a resolvable township resolves when it is unique in the county.
    /// </summary>
    public string? ResolveVillage(string? township, string? codeOrName)
    {
        if (string.IsNullOrWhiteSpace(codeOrName))
        {
            return null;
        }

        if (_byVillageCode.ContainsKey(codeOrName))
        {
            return codeOrName;
        }

        var townshipCode = ResolveTownship(township);
        if (townshipCode is not null && _villageByNames.TryGetValue((townshipCode, codeOrName), out var code))
        {
            return code;
        }

        return _villageCodesByName.TryGetValue(codeOrName, out var codes) && codes.Count == 1 ? codes[0] : null;
    }

    /// <summary>Builds the register from accepted, normalized rows of form <c>areas</c>.</summary>
    public static VillageRegister FromRecords(string countyCode, IEnumerable<NormalizedRecord> areaRecords)
    {
        var villages = new List<RegisteredVillage>();
        foreach (var r in areaRecords)
        {
            var villageCode = r.GetString("villageCode");
            if (villageCode is null)
            {
                continue;
            }

            var townshipCode = r.GetString("townshipCode") ?? villageCode[..9];
            villages.Add(new RegisteredVillage(
                countyCode,
                townshipCode,
                r.GetString("township") ?? townshipCode,
                villageCode,
                r.GetString("village") ?? villageCode,
                r.GetBool("keyVillage"),
                r.GetBool("relocationHeavy")));
        }

        return new VillageRegister(countyCode, villages);
    }
}
