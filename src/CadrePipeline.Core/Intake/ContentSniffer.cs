using System.Text;

namespace CadrePipeline.Core.Intake;

/// <summary>
/// Recognises the formats that carry no magic number of their own: a bare BIFF stream (by its BOF record, as
/// ExcelDataReader probes it), and markup (by its first tag, after any BOM, whitespace, XML declaration, doctype and
/// comments): <c>&lt;Workbook</c> with the SpreadsheetML 2003 namespace, or <c>&lt;html</c> / <c>&lt;table</c>.
/// </summary>
internal static class ContentSniffer
{
    private const int Probe = 8 * 1024;

    public static FileKind Detect(Stream stream)
    {
        var buffer = new byte[Probe];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var head = buffer.AsSpan(0, n);
        if (IsRawBiff(head))
        {
            return FileKind.RawBiff;
        }

        var text = HeadText(head);
        if (text.StartsWith("MIME-Version:", StringComparison.OrdinalIgnoreCase) && text.Contains("multipart/related", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Mhtml;
        }

        return Markup(text);
    }

    /// <summary>The BOF record of BIFF2 (0x0009), BIFF3 (0x0209), BIFF4 (0x0409) or BIFF5/8 (0x0809), with a known sheet type.</summary>
    internal static bool IsRawBiff(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8)
        {
            return false;
        }

        var id = BitConverter.ToUInt16(head);
        var size = BitConverter.ToUInt16(head[2..]);
        var version = BitConverter.ToUInt16(head[4..]);
        var type = BitConverter.ToUInt16(head[6..]);
        return id switch
        {
            0x0009 => size == 4 && type is 0x10 or 0x20 or 0x40,
            0x0209 or 0x0409 => size == 6 && type is 0x10 or 0x20 or 0x40 or 0x100,
            0x0809 => size >= 4 && version is 0 or 0x200 or 0x300 or 0x400 or 0x500 or 0x600 && type is 0x5 or 0x6 or 0x10 or 0x20 or 0x40 or 0x100,
            _ => false,
        };
    }

    // Enough of the head to see the first tags: UTF-16 by its BOM, else as Latin-1 (every ASCII tag reads the same
    // in UTF-8, GBK and Big5).
    private static string HeadText(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(head[2..]);
        }

        if (head.Length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(head[2..]);
        }

        if (head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            head = head[3..];
        }

        return Encoding.Latin1.GetString(head);
    }

    internal static FileKind Markup(string text)
    {
        var i = 0;
        while (true)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF'))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '<')
            {
                return FileKind.Unknown;
            }

            var rest = text.AsSpan(i);
            if (rest.StartsWith("<?") || rest.StartsWith("<!"))
            {
                var end = rest.StartsWith("<!--") ? text.IndexOf("-->", i, StringComparison.Ordinal) : text.IndexOf('>', i);
                if (end < 0)
                {
                    return FileKind.Unknown;
                }

                i = end + 1;
                continue;
            }

            var tag = TagName(rest);
            if (tag.Equals("html", StringComparison.OrdinalIgnoreCase) || tag.Equals("table", StringComparison.OrdinalIgnoreCase)
                || tag.Equals("head", StringComparison.OrdinalIgnoreCase) || tag.Equals("body", StringComparison.OrdinalIgnoreCase)
                || tag.Equals("meta", StringComparison.OrdinalIgnoreCase))
            {
                return FileKind.Html;
            }

            var local = tag.Contains(':', StringComparison.Ordinal) ? tag[(tag.IndexOf(':', StringComparison.Ordinal) + 1)..] : tag;
            if (local == "Workbook" && text.Contains("urn:schemas-microsoft-com:office:spreadsheet", StringComparison.Ordinal))
            {
                return FileKind.SpreadsheetMl;
            }

            // Some exports open with a <style> or <div> before the table.
            return !text.Contains("urn:schemas-microsoft-com:office:spreadsheet", StringComparison.Ordinal) && text.Contains("<table", StringComparison.OrdinalIgnoreCase)
                ? FileKind.Html
                : FileKind.Unknown;
        }
    }

    private static string TagName(ReadOnlySpan<char> rest)
    {
        var j = 1;
        while (j < rest.Length && (char.IsAsciiLetterOrDigit(rest[j]) || rest[j] is ':' or '-' or '_'))
        {
            j++;
        }

        return rest[1..j].ToString();
    }
}
