using System.IO.Compression;
using System.Text;

namespace CadrePipeline.Core.Tests.Support;

/// <summary>
/// Builds workbook files byte by byte from the formats' specifications (ECMA-376 parts, [MS-XLS] BIFF records), so a
/// test controls exactly what a producer wrote: namespaces, part names, merges, number formats, record types.
/// </summary>
internal static class RawFiles
{
    public const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    public const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    public const string StrictMainNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    public const string StrictRelNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    /// <summary>A zip of the given parts, in order, names as given.</summary>
    public static MemoryStream Zip(params (string Name, string Content)[] parts)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in parts)
            {
                var entry = zip.CreateEntry(name);
                using var s = entry.Open();
                var bytes = Encoding.UTF8.GetBytes(content);
                s.Write(bytes);
            }
        }

        ms.Position = 0;
        return ms;
    }

    /// <summary>
    /// A one-sheet workbook whose sheet is <paramref name="sheetData"/> (the <c>&lt;row&gt;</c> elements) and whose
    /// cells use inline strings; <paramref name="workbookPr"/>, <paramref name="styles"/> and <paramref name="afterSheetData"/>
    /// are inserted verbatim. <paramref name="name"/> maps each canonical part name to the name stored in the zip.
    /// </summary>
    public static MemoryStream Xlsx(string sheetData, string workbookPr = "", string? styles = null, string afterSheetData = "",
        bool strict = false, Func<string, string>? name = null)
    {
        var main = strict ? StrictMainNs : MainNs;
        var rel = strict ? StrictRelNs : RelNs;
        var relType = strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships" : "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        name ??= n => n;
        var parts = new List<(string, string)>
        {
            (name("[Content_Types].xml"), """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"""),
            (name("_rels/.rels"), $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{relType}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            (name("xl/workbook.xml"), $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">{workbookPr}<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            (name("xl/_rels/workbook.xml.rels"), $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{relType}/worksheet" Target="worksheets/sheet1.xml"/>{(styles is null ? "" : $"<Relationship Id=\"rId2\" Type=\"{relType}/styles\" Target=\"styles.xml\"/>")}</Relationships>"""),
            (name("xl/worksheets/sheet1.xml"), $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{sheetData}</sheetData>{afterSheetData}</worksheet>"""),
        };
        if (styles is not null)
        {
            parts.Add((name("xl/styles.xml"), $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}">{styles}</styleSheet>"""));
        }

        return Zip([.. parts]);
    }

    /// <summary>One <c>&lt;row&gt;</c> of inline-string cells (null: no cell); a number is written as a number cell.</summary>
    public static string Row(int r, params object?[] cells)
    {
        var sb = new StringBuilder($"<row r=\"{r}\">");
        for (var c = 0; c < cells.Length; c++)
        {
            var a1 = $"{(char)('A' + c)}{r}";
            switch (cells[c])
            {
                case null:
                    break;
                case string s:
                    sb.Append($"<c r=\"{a1}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(s)}</t></is></c>");
                    break;
                case (double n, int style):
                    sb.Append($"<c r=\"{a1}\" s=\"{style}\"><v>{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}</v></c>");
                    break;
                case var n:
                    sb.Append($"<c r=\"{a1}\"><v>{Convert.ToString(n, System.Globalization.CultureInfo.InvariantCulture)}</v></c>");
                    break;
            }
        }

        return sb.Append("</row>").ToString();
    }

    /// <summary>A BIFF record: id, length, body ([MS-XLS] 2.1.4).</summary>
    public static byte[] Record(ushort id, params byte[][] body)
    {
        var data = body.SelectMany(b => b).ToArray();
        return [.. BitConverter.GetBytes(id), .. BitConverter.GetBytes((ushort)data.Length), .. data];
    }

    public static byte[] U16(int v) => BitConverter.GetBytes((ushort)v);

    public static byte[] F64(double v) => BitConverter.GetBytes(v);

    /// <summary>A bare BIFF8 worksheet stream (no OLE container): BOF, the cells, EOF.</summary>
    public static MemoryStream Biff8Sheet(IEnumerable<byte[]> records)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Record(0x0809, U16(0x0600), U16(0x0010), U16(0), U16(0), new byte[8]));
        foreach (var r in records)
        {
            bytes.AddRange(r);
        }

        bytes.AddRange(Record(0x000A));
        return new MemoryStream(bytes.ToArray());
    }

    /// <summary>BIFF8 LABEL (0x0204): a cell of text, stored as UTF-16 (fHighByte = 1).</summary>
    public static byte[] Biff8Label(int row, int col, string text) =>
        Record(0x0204, U16(row), U16(col), U16(0), U16(text.Length), [1], Encoding.Unicode.GetBytes(text));

    /// <summary>BIFF8 MERGEDCELLS (0x00E5): ranges as 0-based (first row, last row, first column, last column).</summary>
    public static byte[] Biff8Merged(params (int R1, int R2, int C1, int C2)[] ranges) =>
        Record(0x00E5, [.. U16(ranges.Length), .. ranges.SelectMany(r => U16(r.R1).Concat(U16(r.R2)).Concat(U16(r.C1)).Concat(U16(r.C2)))]);
}
