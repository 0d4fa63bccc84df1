using CadrePipeline.Core.Intake.Text;
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
/// <remarks>
/// This is the one name resolution of the pipeline: intake findings (<c>area-unknown</c>) and every indicator that
/// counts townships or villages use <see cref="ResolveTownship"/> and <see cref="ResolveVillage"/>. A township or
/// village may be written by its code (9 or 12 digits, also as a number cell such as <c>640323100201</c> or
/// <c>6.40323100201E+11</c>), or by its name in Simplified or Traditional characters, with or without its suffix
/// (镇/乡/街道, 村/社区), with spaces or full-width characters anywhere.
/// </remarks>
public sealed class VillageRegister
{
    private static readonly string[] TownshipSuffixes = ["镇", "乡", "街道"];
    private static readonly string[] VillageSuffixes = ["村", "社区"];

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

            _townshipCodeByName.TryAdd(NameKey(v.TownshipName), v.TownshipCode);
            _townshipNameByCode.TryAdd(v.TownshipCode, v.TownshipName);
            var villageKey = NameKey(v.VillageName);
            _villageByNames.TryAdd((v.TownshipCode, villageKey), v.VillageCode);
            if (!_villageCodesByName.TryGetValue(villageKey, out var list))
            {
                _villageCodesByName[villageKey] = list = [];
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

    /// <summary>Resolves a township written by code or by name (any spelling of the remarks), or null.</summary>
    public string? ResolveTownship(string? written)
    {
        if (AsCode(written, 9) is { } code)
        {
            return _townshipNameByCode.ContainsKey(code) ? code : null;
        }

        foreach (var candidate in Candidates(written, TownshipSuffixes))
        {
            if (_townshipCodeByName.TryGetValue(candidate, out var found))
            {
                return found;
            }
        }

        return null;
    }

    public string? TownshipName(string townshipCode) => _townshipNameByCode.GetValueOrDefault(townshipCode);

    /// <summary>
    /// Resolves a village written by code, or by name within its township (written by code or name). A name
    /// whose township is blank or not in the register resolves when it is unique in the county; a name that its
    /// (resolved) township does not hold does not resolve. Null when it does not resolve.
    /// </summary>
    public string? ResolveVillage(string? township, string? written)
    {
        if (AsCode(written, 12) is { } code)
        {
            return _byVillageCode.ContainsKey(code) ? code : null;
        }

        var townshipCode = ResolveTownship(township);
        var candidates = Candidates(written, VillageSuffixes).ToList();
        if (townshipCode is not null)
        {
            foreach (var candidate in candidates)
            {
                if (_villageByNames.TryGetValue((townshipCode, candidate), out var found))
                {
                    return found;
                }
            }

            // The row names a township of the register that has no such village: a conflict, not a guess.
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (_villageCodesByName.TryGetValue(candidate, out var codes))
            {
                return codes.Count == 1 ? codes[0] : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The code a cell holds when it is written as a code of <paramref name="digits"/> digits: the digits
    /// themselves, or a whole number written by a spreadsheet (<c>640323100201.0</c>, <c>6.40323100201E+11</c>).
    /// </summary>
    public static string? AsCode(string? written, int digits)
    {
        if (string.IsNullOrWhiteSpace(written))
        {
            return null;
        }

        var s = TextFold.Fold(written).Replace(" ", "", StringComparison.Ordinal);
        if (s.Length == digits && s.All(char.IsAsciiDigit))
        {
            return s;
        }

        if (s.Length > 0 && char.IsAsciiDigit(s[0])
            && decimal.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n == decimal.Truncate(n) && n > 0)
        {
            var text = n.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            return text.Length == digits ? text : null;
        }

        return null;
    }

    /// <summary>The key a name is compared by: folded, without spaces, in Simplified characters.</summary>
    private static string NameKey(string name) =>
        TextFold.ToSimplified(TextFold.Fold(name).Replace(" ", "", StringComparison.Ordinal));

    /// <summary>The keys to look a written name up by: as written, then with its suffix dropped or each suffix added.</summary>
    private static IEnumerable<string> Candidates(string? written, string[] suffixes)
    {
        if (string.IsNullOrWhiteSpace(written))
        {
            yield break;
        }

        var key = NameKey(written);
        if (key.Length == 0)
        {
            yield break;
        }

        yield return key;
        var stripped = suffixes.FirstOrDefault(x => key.Length > x.Length && key.EndsWith(x, StringComparison.Ordinal));
        if (stripped is not null)
        {
            yield return key[..^stripped.Length];
            yield break;
        }

        foreach (var x in suffixes)
        {
            yield return key + x;
        }
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
