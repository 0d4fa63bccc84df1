using System.Globalization;
using CadrePipeline.Core.Intake;

namespace CadrePipeline.Core.Reports;

/// <summary>
/// The one rule for every cell value a finding quotes, whatever the column, because a clerk who pastes a column one
/// off puts ID numbers under 性别 and names under 学历, and the report is read by the county and the city:
/// <list type="number">
/// <item>a value that looks like an ID number (15 or 18 digits or X, full-width or spaced too) is masked as an ID
/// (<see cref="Findings.Mask"/>: first 6, <c>********</c>, last 2);</item>
/// <item>a value holding a run of 15 or more ID characters, or a mobile number, or that looks like a Chinese name
/// (2–4 Han characters, or Han names joined by a middle dot, not ending in a category or area word such as 族, 科, 镇),
/// or that is longer than <see cref="MaxShown"/> characters, is not quoted: it is shown as <c>（已隐藏 N 个字符）</c>;</item>
/// <item>anything else (a code, a number, a short word or date) is quoted as written.</item>
/// </list>
/// </summary>
public static class QuotedValue
{
    /// <summary>The longest value quoted (16: a 12-digit village code or a written date fits).</summary>
    public const int MaxShown = 16;

    // A name rarely ends in these; enum, category, area and header words often do (汉族, 大学本科, 中共党员, 花马池镇,
    // 身份证号, 出生日期, 任职时间, 性别, 学历, 职务).
    private const string WordEndings = "族县区市镇乡村旗盟州委局办科专众员级部院校职党社队组庄处厅站所会团届号码期间名别历务位态次份度费检";

    /// <summary>Applies the rule; null stays null.</summary>
    public static string? Of(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var folded = IdNumber.Normalize(value);
        if (folded.Length is 15 or 18 && IsIdChars(folded))
        {
            return Findings.Mask(folded);
        }

        if (LongestIdRun(folded) >= 15 || HasMobileNumber(folded) || LooksLikeName(value.Trim()) || value.Length > MaxShown)
        {
            return Hidden(value.Length);
        }

        return value;
    }

    /// <summary>What is shown instead of a value that is not quoted.</summary>
    public static string Hidden(int length) => string.Create(CultureInfo.InvariantCulture, $"（已隐藏 {length} 个字符）");

    private static bool IsIdChars(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && c != 'X')
            {
                return false;
            }
        }

        return true;
    }

    private static int LongestIdRun(string s)
    {
        int best = 0, run = 0;
        foreach (var c in s)
        {
            run = char.IsAsciiDigit(c) || c == 'X' ? run + 1 : 0;
            best = Math.Max(best, run);
        }

        return best;
    }

    /// <summary>An 11-digit run starting 13–19, standing alone: a mainland mobile number.</summary>
    private static bool HasMobileNumber(string s)
    {
        var run = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                run++;
                continue;
            }

            if (run == 11 && s[i - 11] == '1' && s[i - 10] is >= '3' and <= '9')
            {
                return true;
            }

            run = 0;
        }

        return false;
    }

    private static bool LooksLikeName(string s)
    {
        if (s.Length < 2)
        {
            return false;
        }

        var han = 0;
        var dots = 0;
        var previousHan = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (IsHan(s, i))
            {
                han++;
                previousHan = true;
                if (char.IsHighSurrogate(c))
                {
                    i++;
                }
            }
            else if (c is '·' or '・' or '•' or '‧' or '．' or '.' && previousHan && i + 1 < s.Length)
            {
                dots++;
                previousHan = false;
            }
            else
            {
                return false;
            }
        }

        if (WordEndings.Contains(s[^1], StringComparison.Ordinal))
        {
            return false;
        }

        return dots == 0 ? han is >= 2 and <= 4 : han <= 20;
    }

    private static bool IsHan(string s, int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length)
        {
            // CJK Unified Ideographs Extension B and later (U+20000–U+3FFFF).
            var cp = char.ConvertToUtf32(c, s[i + 1]);
            return cp is >= 0x20000 and <= 0x3FFFF;
        }

        return c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF') or '〇';
    }
}
