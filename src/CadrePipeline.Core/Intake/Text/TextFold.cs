using System.Collections.Frozen;
using System.Text;

namespace CadrePipeline.Core.Intake.Text;

/// <summary>
/// The folding every cell and header goes through (forms.md): full-width → half-width, curly quotes → straight,
/// whitespace trimmed and folded; for matching, Traditional → Simplified and lower case.
/// </summary>
public static class TextFold
{
    // Traditional→Simplified pairs for the characters used by headers, enum names and area names, first generated
    // with OpenCC over forms.md and README.md. They take precedence over the broad table in t2s.txt (every CJK
    // ideograph that ICU's Traditional-Simplified maps to one other character; scripts/make-t2s.sh), which lets
    // township and village names in Traditional characters match the register.
    private const string TraditionalPairs = "無无萬万億亿額额號号備备計计總总級级區区劃划冊册縣县碼码屬属鄉乡鎮镇點点興兴遷迁務务較较領领導导員员證证職职現现黨党書书記记長长時时間间經经歷历類类別别優优組组織织學学選选調调駐驻隊队業业編编對对機机關关補补貼贴實实幹干況况處处晉晋碩硕專专屆届換换狀状態态連连帶带頭头適适應应勝胜違违紀纪層层單单滿满費费體体檢检傷伤險险夥伙艱艰邊边遠远錄录發发數数雙双資资創创個个動动紅红辦办協协農农場场吳吴鹽盐銅铜峽峡馬马窩窝樂乐馮冯溝沟黃黄說说説说錯错漢汉戶户會会寧宁訊讯門门";

    private static readonly FrozenDictionary<char, char> ToSimplifiedMap = BuildMap();

    private static FrozenDictionary<char, char> BuildMap()
    {
        var map = new Dictionary<char, char>();
        using (var stream = typeof(TextFold).Assembly.GetManifestResourceStream("CadrePipeline.Core.Intake.Text.t2s.txt")
            ?? throw new InvalidOperationException("t2s.txt resource missing"))
        using (var reader = new StreamReader(stream, System.Text.Encoding.UTF8))
        {
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 2 && line[0] != '#')
                {
                    map[line[0]] = line[1];
                }
            }
        }

        for (var i = 0; i + 1 < TraditionalPairs.Length; i += 2)
        {
            map[TraditionalPairs[i]] = TraditionalPairs[i + 1];
        }

        return map.ToFrozenDictionary();
    }

    /// <summary>Full-width → half-width, curly quotes → straight, trimmed, inner whitespace folded to one space.</summary>
    public static string Fold(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (IsPlain(value))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var raw in value)
        {
            var c = FoldChar(raw);
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>A key for matching values (enum names, bools, area names): folded, no spaces, Simplified, lower case.</summary>
    public static string ValueKey(string? value)
    {
        var folded = Fold(value);
        if (IsKey(folded))
        {
            return folded;
        }

        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c == ' ')
            {
                continue;
            }

            sb.Append(char.ToLowerInvariant(ToSimplified(c)));
        }

        return sb.ToString();
    }

    /// <summary>
    /// A key for matching headers: like <see cref="ValueKey"/>, with any bracketed part (a unit) dropped, and the marks
    /// templates put on headers (<c>*</c> or <c>※</c> for required, a trailing <c>:</c>) removed.
    /// </summary>
    public static string HeaderKey(string? header)
    {
        var key = ValueKey(header);
        if (key.AsSpan().IndexOfAny("*※:") >= 0)
        {
            key = key.Replace("*", "", StringComparison.Ordinal).Replace("※", "", StringComparison.Ordinal).TrimEnd(':');
        }

        if (key.IndexOf('(', StringComparison.Ordinal) < 0 && key.IndexOf('[', StringComparison.Ordinal) < 0)
        {
            return key;
        }

        var sb = new StringBuilder(key.Length);
        var depth = 0;
        foreach (var c in key)
        {
            switch (c)
            {
                case '(' or '[' or '【' or '〔':
                    depth++;
                    break;
                case ')' or ']' or '】' or '〕':
                    depth = Math.Max(0, depth - 1);
                    break;
                default:
                    if (depth == 0)
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>The multiplier a header's bracketed unit implies: 万 → 10,000, 亿 → 100,000,000, else 1.</summary>
    public static decimal HeaderMultiplier(string? header)
    {
        var key = ValueKey(header);
        var open = key.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return 1m;
        }

        var unit = key[open..];
        if (unit.Contains('亿', StringComparison.Ordinal))
        {
            return 100_000_000m;
        }

        return unit.Contains('万', StringComparison.Ordinal) ? 10_000m : 1m;
    }

    public static char ToSimplified(char c) => ToSimplifiedMap.TryGetValue(c, out var s) ? s : c;

    public static string ToSimplified(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\u3400', '\u9FFF') || !value.Any(ToSimplifiedMap.ContainsKey))
        {
            return value;
        }

        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = ToSimplified(chars[i]);
        }

        return new string(chars);
    }

    private static char FoldChar(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        '\u201C' or '\u201D' or '\u201E' or '\u2033' => '"',
        '\u2018' or '\u2019' or '\u201A' or '\u2032' => '\'',
        '\u00A0' => ' ',
        _ => c,
    };

    /// <summary>True when <see cref="ValueKey"/> would leave a folded string unchanged (the common case; no allocation).</summary>
    private static bool IsKey(string folded)
    {
        foreach (var c in folded)
        {
            if (c == ' ' || char.IsAsciiLetterUpper(c) || (c >= '\u3400' && ToSimplifiedMap.ContainsKey(c)) || (c > '\u007F' && c < '\u3400' && char.ToLowerInvariant(c) != c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlain(string value)
    {
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        var prevSpace = false;
        foreach (var c in value)
        {
            if (FoldChar(c) != c || (char.IsWhiteSpace(c) && (c != ' ' || prevSpace)))
            {
                return false;
            }

            prevSpace = c == ' ';
        }

        return true;
    }
}
