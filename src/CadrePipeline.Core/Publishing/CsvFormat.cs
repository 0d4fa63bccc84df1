using System.Globalization;
using System.Text;

namespace CadrePipeline.Core.Publishing;

/// <summary>
/// The published CSV dialect: RFC 4180 (comma, CRLF, double quotes), UTF-8 with BOM, invariant culture, and
/// formula neutralization of text cells.
/// </summary>
public static class CsvFormat
{
    /// <summary>UTF-8 without an automatic preamble: the writer emits the BOM itself, once.</summary>
    internal static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The timestamp format: ISO 8601 UTC with microseconds, e.g. <c>2022-03-04T05:06:07.123456Z</c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>
    /// True when a spreadsheet would read a text cell as a formula: it begins with <c>=</c>, <c>+</c>, <c>-</c> or
    /// <c>@</c> (and, as OWASP also advises, a tab or a carriage return).
    /// </summary>
    public static bool NeedsNeutralizing(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>A text cell as written: neutralized with a leading <c>'</c> when needed, then quoted when needed.</summary>
    public static string Text(string text)
    {
        var sb = new StringBuilder(text.Length + 3);
        AppendText(sb, text);
        return sb.ToString();
    }

    internal static void AppendCell(StringBuilder sb, ColumnType type, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                AppendText(sb, s);
                return;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                // Numbers are never neutralized: -1.5 stays a number. "R" round-trips the full precision.
                sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case DateTime t:
                sb.Append(t.ToString(TimestampFormat, CultureInfo.InvariantCulture));
                return;
            default:
                throw new InvalidOperationException($"a {type} column holds a {value.GetType().Name}");
        }
    }

    private static void AppendText(StringBuilder sb, string text)
    {
        var neutral = NeedsNeutralizing(text);
        var quote = text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '));
        if (quote)
        {
            sb.Append('"');
        }

        if (neutral)
        {
            sb.Append('\'');
        }

        sb.Append(quote ? text.Replace("\"", "\"\"", StringComparison.Ordinal) : text);
        if (quote)
        {
            sb.Append('"');
        }
    }
}
