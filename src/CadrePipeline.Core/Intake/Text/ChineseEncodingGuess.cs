using System.Text;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;

namespace CadrePipeline.Core.Intake.Text;

/// <summary>
/// Tells GB18030 (GBK, GB2312) from Big5 for text that is not UTF-8. Both are double-byte encodings whose byte ranges
/// overlap, so either decoding of the other usually "succeeds" with common-looking characters; what differs is
/// whether the result reads as the words a county file holds. The guess decodes a sample both ways, folds it to
/// Simplified, and counts the two-character words of the catalogues (headers, aliases, enum names, area names) and a
/// few words of any form (合计, 序号, 填报…). Big5 must decode the sample without an invalid sequence and find more words;
/// otherwise GB18030 is chosen.
/// </summary>
internal static class ChineseEncodingGuess
{
    private const int SampleBytes = 64 * 1024;

    static ChineseEncodingGuess() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Lazy<HashSet<string>> Words = new(BuildWords);

    /// <summary>GB18030 or Big5 (code page 950) for the bytes from the stream's position; leaves the stream where it was.</summary>
    public static Encoding Guess(Stream stream)
    {
        var start = stream.Position;
        var sample = new byte[SampleBytes];
        var n = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        stream.Position = start;
        var gb = Encoding.GetEncoding("GB18030");
        var big5Strict = Encoding.GetEncoding(950, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        string big5Text;
        try
        {
            // flush: false, so a character cut by the end of the sample is not an error.
            var decoder = big5Strict.GetDecoder();
            var chars = new char[n + 1];
            var count = decoder.GetChars(sample, 0, n, chars, 0, flush: false);
            big5Text = new string(chars, 0, count);
        }
        catch (DecoderFallbackException)
        {
            return gb;
        }

        var gbText = gb.GetString(sample, 0, n);
        return Score(big5Text) > Score(gbText) ? Encoding.GetEncoding(950) : gb;
    }

    internal static int Score(string text)
    {
        var simplified = TextFold.ToSimplified(text);
        var words = Words.Value;
        var score = 0;
        for (var i = 0; i + 1 < simplified.Length; i++)
        {
            if (IsHan(simplified[i]) && IsHan(simplified[i + 1]) && words.Contains(simplified.Substring(i, 2)))
            {
                score++;
            }
        }

        return score;
    }

    private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF';

    private static HashSet<string> BuildWords()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        void Add(string? text)
        {
            var s = TextFold.ToSimplified(text ?? "");
            for (var i = 0; i + 1 < s.Length; i++)
            {
                if (IsHan(s[i]) && IsHan(s[i + 1]))
                {
                    words.Add(s.Substring(i, 2));
                }
            }
        }

        foreach (var form in FormCatalog.Default.Forms)
        {
            Add(form.TitleZh);
            foreach (var field in form.Fields)
            {
                foreach (var header in field.AllHeaders)
                {
                    Add(header);
                }

                foreach (var value in field.Values)
                {
                    foreach (var name in value.Names)
                    {
                        Add(name);
                    }
                }
            }
        }

        foreach (var area in AreaCatalog.Default.Areas)
        {
            Add(area.NameZh);
            foreach (var alias in area.Aliases)
            {
                Add(alias);
            }
        }

        foreach (var common in (string[])["合计", "小计", "总计", "序号", "备注", "填报", "单位", "说明", "日期", "名册", "情况", "统计", "党委", "组织部", "人员"])
        {
            Add(common);
        }

        return words;
    }
}
