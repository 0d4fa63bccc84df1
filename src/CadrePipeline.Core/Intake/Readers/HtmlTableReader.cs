using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Streams the tables of an HTML page saved as .xls, as Excel opens one: every <c>&lt;tr&gt;</c> of every table is a
/// row of one sheet, in document order, numbered from 1; <c>colspan</c> and <c>rowspan</c> lay cells out as Excel does,
/// and a <c>rowspan</c> is a vertical merge (<see cref="SheetRow.Merges"/>). Cell text has its tags removed, entities
/// decoded, <c>&lt;br&gt;</c> as a line break and other whitespace collapsed. Scripts, styles and comments are skipped.
/// A cell with Excel's <c>x:num</c> value is that number. The encoding is the BOM's, else the page's
/// <c>&lt;meta charset&gt;</c>, else detected as for a CSV.
/// A tokenizer of its own reads the text once; no DOM is built.
/// </summary>
internal sealed partial class HtmlTableReader : TextSheetReader
{
    private const int MaxTagChars = 64 * 1024;

    static HtmlTableReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private HtmlTableReader(Stream stream, string sheetName, IntakeOptions options, CancellationToken cancellationToken)
        : base(stream, sheetName, options, cancellationToken)
    {
    }

    public static HtmlTableReader Open(Stream seekable, string sheetName, IntakeOptions options, CancellationToken cancellationToken) =>
        new(seekable, sheetName, options, cancellationToken);

    /// <summary>BOM, else <c>&lt;meta charset=…&gt;</c> or <c>content="…; charset=…"</c> in the first 8 KiB, else as a CSV.</summary>
    internal static Encoding DetectEncoding(Stream stream)
    {
        var start = stream.Position;
        var head = new byte[8192];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        var hasBom = n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF) || (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF));
        if (!hasBom)
        {
            var m = CharsetPattern().Match(Encoding.Latin1.GetString(head, 0, n));
            if (m.Success && ByName(m.Groups[1].Value) is { } named)
            {
                return named;
            }
        }

        return CsvReader.DetectEncoding(stream);
    }

    private static Encoding? ByName(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "gb2312" or "gbk" or "gb18030" or "x-gbk" or "cp936" or "windows-936":
                return Encoding.GetEncoding("GB18030");
            case "big5" or "big5-hkscs" or "cp950":
                return Encoding.GetEncoding(950);
            case "utf-8" or "utf8":
                return new UTF8Encoding(false);
            default:
                try
                {
                    return Encoding.GetEncoding(name);
                }
                catch (ArgumentException)
                {
                    return null;
                }
        }
    }

    [GeneratedRegex("""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetPattern();

    protected override IEnumerable<SheetRow> Rows()
    {
        Encoding = DetectEncoding(Input);
        using var text = new StreamReader(Input, Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var tag = new StringBuilder();
        var cellText = new StringBuilder();
        var cells = new List<(int Col, Cell Cell)>();
        double? cellNumber = null;
        var merges = new List<MergedRange>();

        // Per column, how many more rows a rowspan above still covers.
        var covered = new int[Options.MaxColumns];
        var tables = 0;
        var rowOpen = false;
        var cellOpen = false;
        var rowNumber = 0;
        var column = 0;
        var cellColumn = 0;
        var columnsNoted = false;
        var pendingSpace = false;

        while (true)
        {
            var c = text.Read();
            if (c < 0)
            {
                break;
            }

            if (c != '<')
            {
                if (cellOpen)
                {
                    AppendText(cellText, (char)c, ref pendingSpace);
                }

                continue;
            }

            if (!ReadTag(text, tag))
            {
                continue;
            }

            var (name, closing) = TagName(tag);
            switch (name)
            {
                case "!--":
                    SkipUntil(text, "-->");
                    continue;
                case "script" or "style" when !closing:
                    SkipUntil(text, "</" + name);
                    continue;
                case "table":
                    tables += closing ? -1 : 1;
                    tables = Math.Max(0, tables);
                    if (closing && tables == 0 && rowOpen)
                    {
                        foreach (var r in EndRow())
                        {
                            yield return r;
                        }
                    }

                    continue;
                case "tr" when tables > 0:
                    if (rowOpen)
                    {
                        foreach (var r in EndRow())
                        {
                            yield return r;
                        }
                    }

                    if (!closing)
                    {
                        rowOpen = true;
                        rowNumber++;
                        column = 0;
                        Cancellation.ThrowIfCancellationRequested();
                        if (rowNumber > Options.MaxRowsPerSheet)
                        {
                            throw new IntakeLimitException("sheet-too-large", $"the table has more than {Options.MaxRowsPerSheet} rows");
                        }
                    }

                    continue;
                case "td" or "th" when tables > 0:
                    if (cellOpen)
                    {
                        EndCell();
                    }

                    if (closing)
                    {
                        continue;
                    }

                    if (!rowOpen)
                    {
                        rowOpen = true;
                        rowNumber++;
                        column = 0;
                    }

                    while (column < covered.Length && covered[column] > 0)
                    {
                        column++;
                    }

                    var colspan = Math.Clamp(Span(tag, "colspan"), 1, Options.MaxColumns);
                    var rowspan = Math.Clamp(Span(tag, "rowspan"), 1, Options.MaxRowsPerSheet);
                    cellColumn = column;
                    for (var k = column; k < Math.Min(covered.Length, column + colspan); k++)
                    {
                        covered[k] = Math.Max(covered[k], rowspan);
                    }

                    if ((rowspan > 1 || colspan > 1) && column < covered.Length)
                    {
                        merges.Add(new MergedRange(rowNumber, column, rowNumber + rowspan - 1, Math.Min(covered.Length - 1, column + colspan - 1)));
                    }

                    column += colspan;
                    cellNumber = ExcelNumber(tag);
                    cellOpen = true;
                    cellText.Clear();
                    pendingSpace = false;
                    continue;
                case "br" when cellOpen:
                    cellText.Append('\n');
                    pendingSpace = false;
                    continue;
                case "p" or "div" when cellOpen && closing && cellText.Length > 0:
                    cellText.Append('\n');
                    pendingSpace = false;
                    continue;
                default:
                    continue;
            }
        }

        if (rowOpen)
        {
            foreach (var r in EndRow())
            {
                yield return r;
            }
        }

        void EndCell()
        {
            cellOpen = false;
            var value = WebUtility.HtmlDecode(cellText.ToString()).Replace('\u00A0', ' ').Trim();
            if (cellColumn >= Options.MaxColumns)
            {
                if (!columnsNoted && value.Length > 0)
                {
                    columnsNoted = true;
                    Notes.Add(ReaderNote.ColumnsIgnored(SheetName, Options.MaxColumns));
                }

                return;
            }

            if (cellNumber is { } number)
            {
                cells.Add((cellColumn, new Cell(CellKind.Number, null, number)));
            }
            else if (value.Length > 0)
            {
                cells.Add((cellColumn, Cell.FromText(value)));
            }
        }

        IEnumerable<SheetRow> EndRow()
        {
            if (cellOpen)
            {
                EndCell();
            }

            rowOpen = false;
            for (var k = 0; k < covered.Length; k++)
            {
                if (covered[k] > 0)
                {
                    covered[k]--;
                }
            }

            if (cells.Count > 0)
            {
                var array = new Cell[cells.Max(x => x.Col) + 1];
                foreach (var (col, cell) in cells)
                {
                    array[col] = cell;
                }

                cells.Clear();
                var row = new SheetRow(rowNumber, array) { Merges = merges.Count > 0 ? merges.ToArray() : null };
                merges.Clear();
                return [row];
            }

            merges.Clear();
            return [];
        }
    }

    private void AppendText(StringBuilder cell, char c, ref bool pendingSpace)
    {
        if (char.IsWhiteSpace(c))
        {
            pendingSpace = cell.Length > 0 && cell[^1] != '\n';
            return;
        }

        if (cell.Length >= Options.MaxCellChars)
        {
            throw new IntakeLimitException("sheet-too-large", $"a cell of the table is longer than {Options.MaxCellChars} characters");
        }

        if (pendingSpace)
        {
            cell.Append(' ');
            pendingSpace = false;
        }

        cell.Append(c);
    }

    /// <summary>Reads up to the tag's closing <c>&gt;</c> (quotes respected; a comment is left to the caller). False at end of input.</summary>
    private static bool ReadTag(StreamReader text, StringBuilder tag)
    {
        tag.Clear();
        char quote = '\0';
        var afterEquals = false;
        while (true)
        {
            var c = text.Read();
            if (c < 0)
            {
                return false;
            }

            var ch = (char)c;
            if (tag.Length >= MaxTagChars)
            {
                throw new InvalidDataException("an HTML tag is too long");
            }

            if (quote != '\0')
            {
                if (ch == quote)
                {
                    quote = '\0';
                }

                tag.Append(ch);
                continue;
            }

            if (ch == '>')
            {
                return true;
            }

            tag.Append(ch);
            if (tag.Length == 3 && tag[0] == '!' && tag[1] == '-' && tag[2] == '-')
            {
                return true;
            }

            // Quotes only matter inside attributes, after the name.
            afterEquals |= ch == '=';
            if ((ch == '"' || ch == '\'') && afterEquals)
            {
                quote = ch;
            }
        }
    }

    private static (string Name, bool Closing) TagName(StringBuilder tag)
    {
        if (tag.Length >= 3 && tag[0] == '!' && tag[1] == '-' && tag[2] == '-')
        {
            return ("!--", false);
        }

        var i = 0;
        var closing = false;
        if (i < tag.Length && tag[i] == '/')
        {
            closing = true;
            i++;
        }

        var start = i;
        while (i < tag.Length && (char.IsAsciiLetterOrDigit(tag[i]) || tag[i] is ':' or '-'))
        {
            i++;
        }

        var name = tag.ToString(start, i - start).ToLowerInvariant();
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? name[(colon + 1)..] : name, closing);
    }

    /// <summary>
    /// Excel's own HTML export writes a number's value in <c>x:num="5200.5"</c> beside its formatted text
    /// (<c>5,200.50</c>, or <c>2022/3/1</c> for a date serial); that value is the cell's. A bare <c>x:num</c> means the
    /// text is the number.
    /// </summary>
    private static double? ExcelNumber(StringBuilder tag)
    {
        var m = ExcelNumberPattern().Match(tag.ToString());
        return m.Success && double.TryParse(m.Groups[1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? n
            : null;
    }

    [GeneratedRegex("""\bx:num\s*=\s*["']([^"']{1,40})["']""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExcelNumberPattern();

    private static int Span(StringBuilder tag, string attribute)
    {
        var m = Regex.Match(tag.ToString(), attribute + """\s*=\s*["']?\s*(\d{1,7})""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
    }

    private static void SkipUntil(StreamReader text, string end)
    {
        var matched = 0;
        while (true)
        {
            var c = text.Read();
            if (c < 0)
            {
                return;
            }

            matched = char.ToLowerInvariant((char)c) == end[matched] ? matched + 1 : (char.ToLowerInvariant((char)c) == end[0] ? 1 : 0);
            if (matched == end.Length)
            {
                if (end[0] == '<')
                {
                    while ((c = text.Read()) >= 0 && c != '>')
                    {
                    }
                }

                return;
            }
        }
    }
}
