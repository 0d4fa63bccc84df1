using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CadrePipeline.SampleData;

/// <summary>
/// Writes a minimal SpreadsheetML workbook by hand, so that the bytes depend only on the content:
/// fixed zip entry times, fixed document properties, entries in a fixed order.
/// </summary>
internal static class XlsxWriter
{
    public static readonly DateTimeOffset FixedTime = new(2022, 12, 31, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly SerialEpoch = new(1899, 12, 30);

    private const int StyleDate = 1;
    private const int StyleTitle = 2;
    private const int StyleHeader = 3;
    private const int StyleData = 4;
    private const int StyleDataDate = 5;
    private const int StyleUnit = 6;

    public static void Write(string path, IReadOnlyList<SheetData> sheets, string title)
    {
        var strings = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var sheetXml = sheets.Select(s => SheetXml(s, strings, index)).ToList();

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Add(zip, "[Content_Types].xml", ContentTypes(sheets.Count));
        Add(zip, "_rels/.rels", RootRels);
        Add(zip, "docProps/core.xml", Core(title));
        Add(zip, "docProps/app.xml", App(sheets));
        Add(zip, "xl/workbook.xml", Workbook(sheets));
        Add(zip, "xl/_rels/workbook.xml.rels", WorkbookRels(sheets.Count));
        Add(zip, "xl/styles.xml", Styles);
        Add(zip, "xl/sharedStrings.xml", SharedStrings(strings));
        for (var i = 0; i < sheetXml.Count; i++)
        {
            Add(zip, $"xl/worksheets/sheet{i + 1}.xml", sheetXml[i]);
        }
    }

    public static double Serial(DateOnly d) => d.DayNumber - SerialEpoch.DayNumber;

    private static void Add(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedTime;
        using var s = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        s.Write(bytes);
    }

    private static string Esc(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string SheetXml(SheetData sheet, List<string> strings, Dictionary<string, int> index)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        sb.Append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
        var cols = sheet.ColumnCount;
        if (cols > 0)
        {
            sb.Append("<cols>");
            for (var c = 0; c < cols; c++)
            {
                var width = sheet.Rows.Where(r => r.Kind is RowKind.Header or RowKind.Data && c < r.Cells.Length)
                    .Select(r => DisplayWidth(r.Cells[c])).DefaultIfEmpty(8).Max();
                width = Math.Clamp(width + 2, 6, 24);
                sb.Append(CultureInfo.InvariantCulture, $"<col min=\"{c + 1}\" max=\"{c + 1}\" width=\"{width}\" customWidth=\"1\"/>");
            }

            sb.Append("</cols>");
        }

        sb.Append("<sheetData>");
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            var row = sheet.Rows[r];
            sb.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\"");
            if (row.Kind == RowKind.Title)
            {
                sb.Append(" ht=\"28\" customHeight=\"1\"");
            }

            sb.Append('>');
            for (var c = 0; c < row.Cells.Length; c++)
            {
                var v = row.Cells[c];
                var refName = SheetData.ColumnLetter(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                var style = row.Kind switch
                {
                    RowKind.Title => StyleTitle,
                    RowKind.Header => StyleHeader,
                    RowKind.Unit or RowKind.Note => StyleUnit,
                    _ => v is DateOnly ? StyleDataDate : StyleData,
                };
                if (v is null)
                {
                    if (row.Kind is RowKind.Header or RowKind.Data or RowKind.Total)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{refName}\" s=\"{style}\"/>");
                    }

                    continue;
                }

                switch (v)
                {
                    case string s:
                        if (!index.TryGetValue(s, out var si))
                        {
                            si = strings.Count;
                            strings.Add(s);
                            index[s] = si;
                        }

                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{refName}\" s=\"{style}\" t=\"s\"><v>{si}</v></c>");
                        break;
                    case decimal d:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{refName}\" s=\"{style}\"><v>{d}</v></c>");
                        break;
                    case FormulaCell fc:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{refName}\" s=\"{style}\"><f>{Esc(fc.Formula)}</f><v>{fc.Cached}</v></c>");
                        break;
                    case DateOnly date:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{refName}\" s=\"{(row.Kind == RowKind.Data ? StyleDataDate : StyleDate)}\"><v>{Serial(date)}</v></c>");
                        break;
                    default:
                        throw new InvalidOperationException("unsupported cell type " + v.GetType().Name);
                }
            }

            sb.Append("</row>");
        }

        sb.Append("</sheetData>");
        if (sheet.Merges.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<mergeCells count=\"{sheet.Merges.Count}\">");
            foreach (var m in sheet.Merges)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<mergeCell ref=\"{m}\"/>");
            }

            sb.Append("</mergeCells>");
        }

        sb.Append("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>");
        sb.Append("</worksheet>");
        return sb.ToString();
    }

    private static int DisplayWidth(object? v) => v switch
    {
        string s => Math.Min(s.Sum(ch => ch > 0x2E80 ? 2 : 1), 40),
        DateOnly => 10,
        decimal d => d.ToString(CultureInfo.InvariantCulture).Length,
        _ => 4,
    };

    private static string SharedStrings(List<string> strings)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{strings.Count}\" uniqueCount=\"{strings.Count}\">");
        foreach (var s in strings)
        {
            var preserve = s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]) || s.Contains('\n', StringComparison.Ordinal));
            sb.Append(preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>").Append(Esc(s)).Append("</t></si>");
        }

        sb.Append("</sst>");
        return sb.ToString();
    }

    private static string ContentTypes(int sheets)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        sb.Append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
        sb.Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>");
        sb.Append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
        sb.Append("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
        for (var i = 1; i <= sheets; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }

        sb.Append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        sb.Append("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
        sb.Append("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>");
        sb.Append("<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>");
        sb.Append("</Types>");
        return sb.ToString();
    }

    private const string RootRels =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>" +
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>" +
        "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>" +
        "</Relationships>";

    private static string Core(string title) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" +
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" +
        $"<dc:title>{Esc(title)}</dc:title><dc:creator>CadrePipeline sample data</dc:creator><cp:lastModifiedBy>CadrePipeline sample data</cp:lastModifiedBy>" +
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2022-12-31T00:00:00Z</dcterms:created>" +
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2022-12-31T00:00:00Z</dcterms:modified>" +
        "</cp:coreProperties>";

    private static string App(IReadOnlyList<SheetData> sheets)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        sb.Append("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">");
        sb.Append("<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>");
        sb.Append(CultureInfo.InvariantCulture, $"<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>{sheets.Count}</vt:i4></vt:variant></vt:vector></HeadingPairs>");
        sb.Append(CultureInfo.InvariantCulture, $"<TitlesOfParts><vt:vector size=\"{sheets.Count}\" baseType=\"lpstr\">");
        foreach (var s in sheets)
        {
            sb.Append("<vt:lpstr>").Append(Esc(s.Name)).Append("</vt:lpstr>");
        }

        sb.Append("</vt:vector></TitlesOfParts><AppVersion>16.0300</AppVersion></Properties>");
        return sb.ToString();
    }

    private static string Workbook(IReadOnlyList<SheetData> sheets)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        sb.Append("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
        sb.Append("<bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\"/></bookViews><sheets>");
        for (var i = 0; i < sheets.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<sheet name=\"{Esc(sheets[i].Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>");
        }

        sb.Append("</sheets></workbook>");
        return sb.ToString();
    }

    private static string WorkbookRels(int sheets)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        sb.Append("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (var i = 1; i <= sheets; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{sheets + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{sheets + 2}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
        sb.Append("</Relationships>");
        return sb.ToString();
    }

    private const string Styles =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" +
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
        "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>" +
        "<fonts count=\"3\">" +
        "<font><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>" +
        "<font><b/><sz val=\"16\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>" +
        "<font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>" +
        "</fonts>" +
        "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>" +
        "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>" +
        "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right><top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>" +
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>" +
        "<cellXfs count=\"7\">" +
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" +
        "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" +
        "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"center\"/></xf>" +
        "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/></xf>" +
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\"/>" +
        "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" applyBorder=\"1\"/>" +
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment horizontal=\"left\"/></xf>" +
        "</cellXfs>" +
        "<cellStyles count=\"1\"><cellStyle name=\"常规\" xfId=\"0\" builtinId=\"0\"/></cellStyles>" +
        "</styleSheet>";
}

internal static class CsvWriter
{
    public static void Write(string path, SheetData sheet, Encoding encoding, bool bom)
    {
        var sb = new StringBuilder();
        foreach (var row in sheet.Rows)
        {
            sb.Append(string.Join(',', row.Cells.Select(Field))).Append("\r\n");
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        if (bom)
        {
            file.Write(encoding.GetPreamble());
        }

        file.Write(encoding.GetBytes(sb.ToString()));
    }

    private static string Field(object? v)
    {
        var s = v switch
        {
            null => string.Empty,
            string t => t,
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FormulaCell f => f.Cached.ToString(CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException("unsupported cell type"),
        };
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}
