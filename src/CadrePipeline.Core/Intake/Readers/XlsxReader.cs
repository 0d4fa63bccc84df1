using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Streams an .xlsx with <see cref="ZipArchive"/> and <see cref="XmlReader"/>: shared strings and styles are read
/// once, each sheet row by row. Formulas are read by their cached value, error cells as errors, and numbers with a
/// date format as dates. Every inflated byte counts against <see cref="IntakeOptions.MaxUncompressedBytes"/>.
/// </summary>
internal sealed partial class XlsxReader : ISpreadsheetReader
{
    private readonly ZipArchive _zip;
    private readonly IntakeOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly List<string> _sharedStrings = [];
    private bool[] _dateStyles = [];
    private bool _date1904;
    private long _inflated;
    private readonly List<(string Name, string Path)> _sheets = [];

    private XlsxReader(Stream stream, IntakeOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        _cancellationToken = cancellationToken;
        ZipPreflight.Check(stream, options);
        _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
    }

    public List<ReaderNote> Notes { get; } = [];

    /// <summary>
    /// A part by name as the relationships name it. Some writers store part names in another case
    /// (<c>XL/Workbook.xml</c>) or with backslashes (<c>xl\worksheets\sheet1.xml</c>); OPC compares part names
    /// case-insensitively, so the lookup folds both. The first entry of a name wins.
    /// </summary>
    private ZipArchiveEntry? Entry(string name)
    {
        if (_zip.GetEntry(name) is { } exact)
        {
            return exact;
        }

        if (_parts is null)
        {
            _parts = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in _zip.Entries)
            {
                _parts.TryAdd(PartKey(e.FullName), e);
            }
        }

        return _parts.GetValueOrDefault(PartKey(name));
    }

    private static string PartKey(string name) => name.Replace('\\', '/').TrimStart('/');

    private Dictionary<string, ZipArchiveEntry>? _parts;

    /// <summary>Opens the workbook and reads its workbook, relationships, shared strings and styles parts.</summary>
    public static XlsxReader Open(Stream stream, IntakeOptions options, CancellationToken cancellationToken)
    {
        var reader = new XlsxReader(stream, options, cancellationToken);
        try
        {
            reader.Load();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private void Load()
    {
        long claimed = 0;

        // Part names are compared as OPC does (case-insensitively); two entries of one name make the workbook ambiguous.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in _zip.Entries)
        {
            if (!names.Add(entry.FullName.Replace('\\', '/')))
            {
                throw new FileUnreadableException($"the zip holds two entries named {entry.FullName}");
            }

            claimed += entry.Length;
            if (entry.Length > _options.MaxUncompressedBytes || claimed > _options.MaxUncompressedBytes)
            {
                throw new IntakeLimitException("file-too-large", $"zip entry {entry.FullName} claims {entry.Length} bytes uncompressed");
            }
        }

        var workbookPath = FindWorkbookPath();
        var workbookEntry = Entry(workbookPath) ?? throw new InvalidDataException("no workbook part");
        var rels = ReadRelationships(RelsPathOf(workbookPath));
        var baseDir = workbookPath.Contains('/', StringComparison.Ordinal) ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";

        using (var xml = OpenXml(workbookEntry))
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                // Excel 2013+ may write a second workbookPr in an extension namespace without date1904: only the
                // spreadsheetml one counts, and an absent attribute leaves the setting alone.
                if (xml.LocalName == "workbookPr" && IsMainNamespace(xml.NamespaceURI))
                {
                    if (xml.GetAttribute("date1904") is { } d)
                    {
                        _date1904 = d is "1" or "true";
                    }
                }
                else if (xml.LocalName == "sheet")
                {
                    var name = xml.GetAttribute("name") ?? $"Sheet{_sheets.Count + 1}";
                    var rid = xml.GetAttribute("id", TransitionalRelationships) ?? xml.GetAttribute("id", StrictRelationships);
                    if (rid is not null && rels.TryGetValue(rid, out var target))
                    {
                        _sheets.Add((name, Resolve(baseDir, target)));
                        CheckCount(_sheets.Count, _options.MaxZipEntries, "sheets");
                    }
                }
            }
        }

        var sharedPath = RelTargetByType(RelsPathOf(workbookPath), "sharedStrings");
        var sharedEntry = Entry(sharedPath is null ? baseDir + "sharedStrings.xml" : Resolve(baseDir, sharedPath));
        if (sharedEntry is not null)
        {
            ReadSharedStrings(sharedEntry);
        }

        var stylesPath = RelTargetByType(RelsPathOf(workbookPath), "styles");
        var stylesEntry = Entry(stylesPath is null ? baseDir + "styles.xml" : Resolve(baseDir, stylesPath));
        if (stylesEntry is not null)
        {
            ReadStyles(stylesEntry);
        }
    }

    public IEnumerable<SheetSource> Sheets()
    {
        foreach (var (name, path) in _sheets.Take(_options.MaxSheets))
        {
            yield return new SheetSource(name, () => ReadSheet(name, path)) { Merges = () => ReadMergedRanges(path) };
        }

        if (_sheets.Count > _options.MaxSheets)
        {
            Notes.Add(new ReaderNote("sheets-ignored", _sheets[_options.MaxSheets].Name, $"{_sheets.Count - _options.MaxSheets} sheets beyond the first {_options.MaxSheets} were not read"));
        }
    }

    private IEnumerable<SheetRow> ReadSheet(string sheetName, string path)
    {
        var entry = Entry(path);
        if (entry is null)
        {
            yield break;
        }

        using var xml = OpenXml(entry);
        var names = xml.NameTable;
        var aRow = names.Add("row");
        var aC = names.Add("c");
        var aV = names.Add("v");
        var aIs = names.Add("is");
        var aT = names.Add("t");
        var aRph = names.Add("rPh");
        var aDimension = names.Add("dimension");
        var aSheetData = names.Add("sheetData");

        var cells = new List<(int Col, Cell Cell)>(32);
        var rowNumber = 0;
        var columnsNoted = false;
        var text = new StringBuilder();
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && ReferenceEquals(xml.LocalName, aSheetData))
            {
                // The rest is read too, so that the part's CRC is checked at its end.
                DrainForCrc(xml);
                yield break;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            var local = xml.LocalName;
            if (ReferenceEquals(local, aDimension))
            {
                CheckDimension(sheetName, xml.GetAttribute("ref"));
                continue;
            }

            if (!ReferenceEquals(local, aRow))
            {
                continue;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            var r = xml.GetAttribute("r");
            rowNumber = r is not null && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var rn) ? rn : rowNumber + 1;
            if (rowNumber > _options.MaxRowsPerSheet)
            {
                throw new IntakeLimitException("sheet-too-large", $"sheet '{sheetName}' has a row {rowNumber}, beyond the limit of {_options.MaxRowsPerSheet}");
            }

            if (xml.IsEmptyElement)
            {
                continue;
            }

            cells.Clear();
            var nextColumn = 0;
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.EndElement && ReferenceEquals(xml.LocalName, aRow))
                {
                    break;
                }

                if (xml.NodeType != XmlNodeType.Element || !ReferenceEquals(xml.LocalName, aC))
                {
                    continue;
                }

                var cr = xml.GetAttribute("r");
                var col = cr is not null && CellRef.TryParse(cr, out var c, out _) ? c : nextColumn;
                nextColumn = col + 1;
                var type = xml.GetAttribute("t");

                // Only numbers need their style (a date format makes them dates).
                var style = type is null or "n" ? xml.GetAttribute("s") : null;
                string? value = null;
                text.Clear();
                var hasInline = false;
                if (!xml.IsEmptyElement)
                {
                    xml.Read();
                    while (!(xml.NodeType == XmlNodeType.EndElement && ReferenceEquals(xml.LocalName, aC)))
                    {
                        if (xml.NodeType == XmlNodeType.Element)
                        {
                            var n = xml.LocalName;
                            if (ReferenceEquals(n, aV))
                            {
                                value = xml.ReadElementContentAsString();
                                continue;
                            }

                            if (ReferenceEquals(n, aIs))
                            {
                                hasInline = true;
                            }
                            else if (ReferenceEquals(n, aRph))
                            {
                                xml.Skip();
                                continue;
                            }
                            else if (ReferenceEquals(n, aT))
                            {
                                text.Append(xml.ReadElementContentAsString());
                                CheckCellLength(sheetName, text.Length);
                                continue;
                            }
                        }

                        if (!xml.Read())
                        {
                            break;
                        }
                    }
                }

                if (col >= _options.MaxColumns)
                {
                    if (!columnsNoted)
                    {
                        columnsNoted = true;
                        Notes.Add(ReaderNote.ColumnsIgnored(sheetName, _options.MaxColumns));
                    }

                    continue;
                }

                var cell = Decode(type, style, value, hasInline ? text.ToString() : null);
                if (cell.Kind != CellKind.Empty)
                {
                    if (cell.Text is { Length: var len } && len > _options.MaxCellChars)
                    {
                        throw new IntakeLimitException("sheet-too-large", $"a cell of sheet '{sheetName}' holds {len} characters");
                    }

                    // A row holds at most one cell per column; a row repeating a reference millions of times is cut here.
                    if (cells.Count < _options.MaxColumns)
                    {
                        cells.Add((col, cell));
                    }
                }
            }

            if (cells.Count == 0)
            {
                continue;
            }

            var width = 0;
            foreach (var (col, _) in cells)
            {
                width = Math.Max(width, col + 1);
            }

            var array = new Cell[width];
            foreach (var (col, cell) in cells)
            {
                array[col] = cell;
            }

            yield return new SheetRow(rowNumber, array);
        }
    }

    private Cell Decode(string? type, string? style, string? value, string? inline)
    {
        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var idx) && idx < _sharedStrings.Count
                    ? Cell.FromText(_sharedStrings[idx])
                    : Cell.Empty;
            case "inlineStr":
                return Cell.FromText(inline ?? value ?? "");
            case "str":
                return Cell.FromText(value ?? "");
            case "b":
                return value is null ? Cell.Empty : new Cell(CellKind.Bool, null, value is "1" or "true" ? 1 : 0);
            case "e":
                return new Cell(CellKind.Error, value ?? "#N/A");
            case "d":
                // OLE automation dates start in year 100; an earlier date stays text, reported at its cell.
                return value is not null && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) && dt.Year >= 100
                    ? new Cell(CellKind.Date, null, dt.ToOADate())
                    : Cell.FromText(value ?? "");
            default:
                if (string.IsNullOrEmpty(value))
                {
                    return inline is { Length: > 0 } ? Cell.FromText(inline) : Cell.Empty;
                }

                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return Cell.FromText(value);
                }

                if (style is not null && int.TryParse(style, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < _dateStyles.Length && _dateStyles[s])
                {
                    return new Cell(CellKind.Date, null, ExcelSerial.ToOADate(number, _date1904));
                }

                return new Cell(CellKind.Number, null, number);
        }
    }

    private static readonly byte[] MergeCellsMarker = "mergeCells"u8.ToArray();

    // The tail of a sheet after its rows: mergeCells, then page setup, drawings and the like. Kept to this size
    // (about 130,000 merged ranges); ranges past it are not filled.
    private const int MaxMergeTailBytes = 4 * 1024 * 1024;

    /// <summary>
    /// A sheet's <c>mergeCells</c>, which the format puts after <c>sheetData</c>. The part is inflated a second time
    /// (counted against a cap of its own) and scanned as bytes, with a vectorised search, for the element's name; only
    /// the bytes from there on are kept and their <c>mergeCell</c> references read. No XML parse of the rows is repeated.
    /// </summary>
    private List<MergedRange> ReadMergedRanges(string path)
    {
        var ranges = new List<MergedRange>();
        var entry = Entry(path);
        if (entry is null)
        {
            return ranges;
        }

        var tail = MergeTail(entry);
        if (tail is null)
        {
            return ranges;
        }

        var text = Encoding.Latin1.GetString(tail);
        var end = MergeCellsEnd().Match(text);
        foreach (Match m in MergeCellRef().Matches(end.Success ? text[..end.Index] : text))
        {
            if (MergedRange.Parse(m.Groups[1].Value) is { } range)
            {
                ranges.Add(range);
            }
        }

        return ranges;
    }

    // The bytes from the first "mergeCells" on, or null when the part has none.
    private byte[]? MergeTail(ZipArchiveEntry entry)
    {
        using var stream = new CappedStream(entry.Open(), _options.MaxUncompressedBytes);
        var buffer = new byte[64 * 1024];
        var carry = 0;
        MemoryStream? tail = null;
        int n;
        while ((n = stream.Read(buffer, carry, buffer.Length - carry)) > 0)
        {
            var total = carry + n;
            if (tail is not null)
            {
                tail.Write(buffer, carry, n);
                if (tail.Length > MaxMergeTailBytes)
                {
                    break;
                }

                carry = 0;
                continue;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            var at = buffer.AsSpan(0, total).IndexOf(MergeCellsMarker);
            if (at >= 0)
            {
                tail = new MemoryStream();
                tail.Write(buffer, at, total - at);
                carry = 0;
                continue;
            }

            carry = Math.Min(MergeCellsMarker.Length - 1, total);
            Array.Copy(buffer, total - carry, buffer, 0, carry);
        }

        return tail?.ToArray();
    }

    [GeneratedRegex("""<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']{1,64})["']""", RegexOptions.CultureInvariant)]
    private static partial Regex MergeCellRef();

    [GeneratedRegex("""</(?:[A-Za-z_][\w.-]*:)?mergeCells\s*>""", RegexOptions.CultureInvariant)]
    private static partial Regex MergeCellsEnd();

    private const string TransitionalRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // Strict Open XML (ISO/IEC 29500 Strict, "Strict Open XML 电子表格") uses purl.oclc.org namespaces throughout.
    private const string StrictRelationships = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    private static bool IsMainNamespace(string ns) =>
        ns is "http://schemas.openxmlformats.org/spreadsheetml/2006/main" or "http://purl.oclc.org/ooxml/spreadsheetml/main" or "";

    private void CheckDimension(string sheetName, string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return;
        }

        var last = reference.Contains(':', StringComparison.Ordinal) ? reference[(reference.IndexOf(':', StringComparison.Ordinal) + 1)..] : reference;
        if (CellRef.TryParse(last.Replace("$", "", StringComparison.Ordinal), out var col, out var row)
            && (row > _options.MaxRowsPerSheet || col >= _options.MaxColumns))
        {
            Notes.Add(new ReaderNote("sheet-dimension-ignored", sheetName, $"the sheet claims the range {reference}; only cells present are read"));
        }
    }

    private void ReadSharedStrings(ZipArchiveEntry entry)
    {
        using var xml = OpenXml(entry);
        var sb = new StringBuilder();
        long sharedChars = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "si")
            {
                if (_sharedStrings.Count >= _options.MaxSharedStrings)
                {
                    throw new IntakeLimitException("file-too-large", $"the shared-string table has more than {_options.MaxSharedStrings} entries");
                }

                if (xml.IsEmptyElement)
                {
                    _sharedStrings.Add("");
                    continue;
                }

                sb.Clear();
                var depth = xml.Depth;
                xml.Read();
                while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
                    {
                        xml.Skip();
                        continue;
                    }

                    if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
                    {
                        sb.Append(xml.ReadElementContentAsString());
                        CheckCellLength("sharedStrings", sb.Length);
                        continue;
                    }

                    if (!xml.Read())
                    {
                        break;
                    }
                }

                sharedChars += sb.Length;
                if (sharedChars > _options.MaxSharedStringChars)
                {
                    throw new IntakeLimitException("file-too-large", $"the shared strings hold more than {_options.MaxSharedStringChars} characters");
                }

                _sharedStrings.Add(sb.ToString());
            }
        }
    }

    private void ReadStyles(ZipArchiveEntry entry)
    {
        var customDate = new HashSet<int>();
        var xfFormats = new List<int>();
        using var xml = OpenXml(entry);
        var inCellXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "numFmt":
                    if (int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                        && IsDateFormatCode(xml.GetAttribute("formatCode")))
                    {
                        customDate.Add(id);
                        CheckCount(customDate.Count, _options.MaxCellFormats, "number formats");
                    }

                    break;
                case "cellXfs":
                    inCellXfs = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    xfFormats.Add(int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0);
                    CheckCount(xfFormats.Count, _options.MaxCellFormats, "cell formats");
                    break;
            }
        }

        _dateStyles = xfFormats.Select(f => IsBuiltInDate(f) || customDate.Contains(f)).ToArray();
    }

    private static bool IsBuiltInDate(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>
    /// A number format is a date format when, outside quotes, escapes and [bracketed] sections (colours, locales,
    /// <c>[DBNum1]</c>), it uses y, m, d, h or s. The word <c>General</c> and an exponent (<c>E+00</c>, <c>e-0</c>) are not
    /// date letters. Elapsed time (<c>[h]:mm</c>, <c>[mm]:ss</c>) is a duration, not a date: it stays a number. Only the
    /// first section (positive numbers) decides.
    /// </summary>
    internal static bool IsDateFormatCode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Equals("General", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var inQuote = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (inQuote)
            {
                inQuote = c != '"';
                continue;
            }

            switch (c)
            {
                case '"':
                    inQuote = true;
                    continue;
                case '\\' or '_' or '*':
                    i++;
                    continue;
                case ';':
                    return false;
                case '[':
                    var close = code.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        return false;
                    }

                    var inner = code.AsSpan(i + 1, close - i - 1);
                    if (inner.Length > 0 && inner.IndexOfAnyExcept("hHmMsS") < 0)
                    {
                        return false;
                    }

                    i = close;
                    continue;
                case 'G' or 'g' when code.AsSpan(i).StartsWith("general", StringComparison.OrdinalIgnoreCase):
                    i += "general".Length - 1;
                    continue;
                case 'E' or 'e' when i + 1 < code.Length && code[i + 1] is '+' or '-':
                    i++;
                    continue;
            }

            if ("ymdhsYMDHSeE".Contains(c, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private string FindWorkbookPath()
    {
        var rels = ReadRelationshipsWithType("_rels/.rels");
        var office = rels.FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal));
        if (office.Target is not null)
        {
            return office.Target.TrimStart('/');
        }

        if (Entry("xl/workbook.xml") is not null)
        {
            return "xl/workbook.xml";
        }

        // LibreOffice and WPS can save OpenDocument: a zip whose first entry, "mimetype", names the type.
        if (Entry("mimetype") is { Length: < 256 } mimetype)
        {
            using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
            if (reader.ReadToEnd().StartsWith("application/vnd.oasis.opendocument.spreadsheet", StringComparison.Ordinal))
            {
                throw new UnsupportedFormatException("OpenDocument 电子表格（.ods）", "an OpenDocument spreadsheet (.ods)");
            }
        }

        throw new InvalidDataException("the zip holds no workbook");
    }

    private static string RelsPathOf(string part)
    {
        var slash = part.LastIndexOf('/');
        return slash < 0 ? "_rels/" + part + ".rels" : part[..(slash + 1)] + "_rels/" + part[(slash + 1)..] + ".rels";
    }

    private Dictionary<string, string> ReadRelationships(string path) =>
        ReadRelationshipsWithType(path).GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().Target, StringComparer.Ordinal);

    private string? RelTargetByType(string path, string typeSuffix) =>
        ReadRelationshipsWithType(path).FirstOrDefault(r => r.Type.EndsWith("/" + typeSuffix, StringComparison.Ordinal)).Target;

    private List<(string Id, string Type, string Target)> ReadRelationshipsWithType(string path)
    {
        var list = new List<(string, string, string)>();
        var entry = Entry(path);
        if (entry is null)
        {
            return list;
        }

        using var xml = OpenXml(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship")
            {
                list.Add((xml.GetAttribute("Id") ?? "", xml.GetAttribute("Type") ?? "", xml.GetAttribute("Target") ?? ""));
                CheckCount(list.Count, _options.MaxZipEntries, $"relationships in {path}");
            }
        }

        return list;
    }

    private static string Resolve(string baseDir, string target)
    {
        if (target.StartsWith('/'))
        {
            return target.TrimStart('/');
        }

        var parts = new List<string>((baseDir + target).Split('/'));
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] == ".." && i > 0)
            {
                parts.RemoveRange(i - 1, 2);
                i -= 2;
            }
            else if (parts[i] == ".")
            {
                parts.RemoveAt(i);
                i--;
            }
        }

        return string.Join('/', parts);
    }

    /// <summary>Reads a part to its end for its CRC check; markup after the rows that XmlReader rejects was never needed.</summary>
    private static void DrainForCrc(XmlReader xml)
    {
        try
        {
            while (xml.Read())
            {
            }
        }
        catch (XmlException)
        {
        }
    }

    /// <summary>The lists read whole from a part (sheets, relationships, formats) are cut before they outgrow their cap.</summary>
    private static void CheckCount(int count, int max, string what)
    {
        if (count > max)
        {
            throw new IntakeLimitException("file-too-large", $"the workbook declares more than {max} {what}");
        }
    }

    /// <summary>Checked as the runs of one cell's text are joined, so a string of many runs is stopped as it grows.</summary>
    private void CheckCellLength(string where, int length)
    {
        if (length > _options.MaxCellChars)
        {
            throw new IntakeLimitException("sheet-too-large", $"a cell of {where} holds more than {_options.MaxCellChars} characters");
        }
    }

    private XmlReader OpenXml(ZipArchiveEntry entry)
    {
        var stream = new XmlGuardStream(new CrcCheckStream(new BudgetStream(entry.Open(), this), entry), entry.FullName, _options);
        return XmlReader.Create(stream, XmlSettings);
    }

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,

        // Some writers leave control characters in cell text; read them rather than reject the file.
        CheckCharacters = false,
        CloseInput = true,
    };

    public void Dispose() => _zip.Dispose();

    /// <summary>An entry stream that stops at a cap of its own, for the extra passes that the workbook budget does not count.</summary>
    private sealed class CappedStream(Stream inner, long cap) : ReadOnlyForwardingStream(inner)
    {
        private long _read;

        public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

        private int Count(int n)
        {
            _read += n;
            return _read > cap ? throw new IntakeLimitException("file-too-large", $"a sheet inflates to more than {cap} bytes") : n;
        }
    }

    /// <summary>Counts inflated bytes against the workbook's budget, whatever the zip headers claim.</summary>
    private sealed class BudgetStream(Stream inner, XlsxReader owner) : ReadOnlyForwardingStream(inner)
    {
        public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

        private int Count(int n)
        {
            owner._inflated += n;
            if (owner._inflated > owner._options.MaxUncompressedBytes)
            {
                throw new IntakeLimitException("file-too-large", $"the workbook inflates to more than {owner._options.MaxUncompressedBytes} bytes");
            }

            return n;
        }
    }
}
