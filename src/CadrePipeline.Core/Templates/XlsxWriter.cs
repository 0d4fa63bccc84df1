using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace CadrePipeline.Core.Templates;

/// <summary>A cell holding a formula and its cached value (the reader uses the cached value).</summary>
internal sealed record XlsxFormula(string Formula, object? Cached);

/// <summary>A cell holding an Excel error value such as <c>#DIV/0!</c>.</summary>
internal sealed record XlsxError(string Value);

/// <summary>A column's width and whether it is formatted as text (so ID numbers keep all 18 digits).</summary>
internal sealed record XlsxColumn(double Width, bool Text = false);

/// <summary>
/// A minimal streaming .xlsx writer: sheets are written row by row straight into the zip; shared strings, styles and
/// the workbook parts are written on dispose. Used by the template writer, the benchmark and tests.
/// </summary>
internal sealed class XlsxWriter : IDisposable
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const int DateStyle = 1;
    private const int BoldStyle = 2;
    private const int TextStyle = 3;
    private const int TitleStyle = 4;

    private readonly ZipArchive _zip;
    private readonly bool _sharedStrings;
    private readonly Dictionary<string, int> _stringIndex = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private readonly List<string> _sheetNames = [];
    private readonly List<string> _merges = [];
    private readonly List<(string Sqref, string Formula)> _validations = [];
    private XmlWriter? _sheet;
    private Stream? _sheetStream;
    private int _lastRow;

    public XlsxWriter(Stream output, bool sharedStrings = true)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        _sharedStrings = sharedStrings;
    }

    public void StartSheet(string name, IReadOnlyList<XlsxColumn>? columns = null)
    {
        EndSheet();
        _sheetNames.Add(name);
        var entry = _zip.CreateEntry($"xl/worksheets/sheet{_sheetNames.Count}.xml", CompressionLevel.Fastest);
        _sheetStream = entry.Open();
        _sheet = XmlWriter.Create(_sheetStream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        _sheet.WriteStartDocument(true);
        _sheet.WriteStartElement("worksheet", MainNs);
        _sheet.WriteAttributeString("xmlns", "r", null, RelNs);
        if (columns is { Count: > 0 })
        {
            _sheet.WriteStartElement("cols", MainNs);
            for (var i = 0; i < columns.Count; i++)
            {
                _sheet.WriteStartElement("col", MainNs);
                var n = (i + 1).ToString(CultureInfo.InvariantCulture);
                _sheet.WriteAttributeString("min", n);
                _sheet.WriteAttributeString("max", n);
                _sheet.WriteAttributeString("width", columns[i].Width.ToString(CultureInfo.InvariantCulture));
                _sheet.WriteAttributeString("customWidth", "1");
                if (columns[i].Text)
                {
                    _sheet.WriteAttributeString("style", TextStyle.ToString(CultureInfo.InvariantCulture));
                }

                _sheet.WriteEndElement();
            }

            _sheet.WriteEndElement();
        }

        _sheet.WriteStartElement("sheetData", MainNs);
        _lastRow = 0;
    }

    /// <summary>Writes the next row (or the row numbered <paramref name="rowNumber"/>, leaving the rows between blank).</summary>
    public void WriteRow(IReadOnlyList<object?> cells, int? rowNumber = null, bool bold = false, bool title = false)
    {
        var w = _sheet ?? throw new InvalidOperationException("no sheet started");
        var r = rowNumber ?? _lastRow + 1;
        if (r <= _lastRow)
        {
            throw new ArgumentOutOfRangeException(nameof(rowNumber), "rows must be written in order");
        }

        _lastRow = r;
        var rText = r.ToString(CultureInfo.InvariantCulture);
        w.WriteStartElement("row", MainNs);
        w.WriteAttributeString("r", rText);
        for (var c = 0; c < cells.Count; c++)
        {
            var value = cells[c];
            if (value is null)
            {
                continue;
            }

            w.WriteStartElement("c", MainNs);
            w.WriteAttributeString("r", ColumnName(c) + rText);
            WriteValue(w, value, bold ? BoldStyle : title ? TitleStyle : 0);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private void WriteValue(XmlWriter w, object value, int style)
    {
        switch (value)
        {
            case string s:
                if (style != 0)
                {
                    w.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
                }

                if (_sharedStrings)
                {
                    w.WriteAttributeString("t", "s");
                    w.WriteElementString("v", MainNs, SharedIndex(s).ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    w.WriteAttributeString("t", "inlineStr");
                    w.WriteStartElement("is", MainNs);
                    w.WriteStartElement("t", MainNs);
                    w.WriteAttributeString("xml", "space", null, "preserve");
                    w.WriteString(s);
                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                break;
            case bool b:
                w.WriteAttributeString("t", "b");
                w.WriteElementString("v", MainNs, b ? "1" : "0");
                break;
            case DateOnly d:
                w.WriteAttributeString("s", DateStyle.ToString(CultureInfo.InvariantCulture));
                w.WriteElementString("v", MainNs, d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture));
                break;
            case XlsxError e:
                w.WriteAttributeString("t", "e");
                w.WriteElementString("v", MainNs, e.Value);
                break;
            case XlsxFormula f:
                switch (f.Cached)
                {
                    case string cs:
                        w.WriteAttributeString("t", "str");
                        w.WriteElementString("f", MainNs, f.Formula);
                        w.WriteElementString("v", MainNs, cs);
                        break;
                    case XlsxError ce:
                        w.WriteAttributeString("t", "e");
                        w.WriteElementString("f", MainNs, f.Formula);
                        w.WriteElementString("v", MainNs, ce.Value);
                        break;
                    default:
                        w.WriteElementString("f", MainNs, f.Formula);
                        w.WriteElementString("v", MainNs, Convert.ToString(f.Cached, CultureInfo.InvariantCulture) ?? "");
                        break;
                }

                break;
            default:
                w.WriteElementString("v", MainNs, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    public void AddMerge(string range) => _merges.Add(range);

    /// <summary>A drop-down list (data validation of type list) over <paramref name="sqref"/>.</summary>
    public void AddListValidation(string sqref, IEnumerable<string> items) =>
        _validations.Add((sqref, "\"" + string.Join(",", items).Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    private void EndSheet()
    {
        if (_sheet is null)
        {
            return;
        }

        _sheet.WriteEndElement();
        if (_merges.Count > 0)
        {
            _sheet.WriteStartElement("mergeCells", MainNs);
            _sheet.WriteAttributeString("count", _merges.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var m in _merges)
            {
                _sheet.WriteStartElement("mergeCell", MainNs);
                _sheet.WriteAttributeString("ref", m);
                _sheet.WriteEndElement();
            }

            _sheet.WriteEndElement();
        }

        if (_validations.Count > 0)
        {
            _sheet.WriteStartElement("dataValidations", MainNs);
            _sheet.WriteAttributeString("count", _validations.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var (sqref, formula) in _validations)
            {
                _sheet.WriteStartElement("dataValidation", MainNs);
                _sheet.WriteAttributeString("type", "list");
                _sheet.WriteAttributeString("allowBlank", "1");
                _sheet.WriteAttributeString("showErrorMessage", "1");
                _sheet.WriteAttributeString("sqref", sqref);
                _sheet.WriteElementString("formula1", MainNs, formula);
                _sheet.WriteEndElement();
            }

            _sheet.WriteEndElement();
        }

        _sheet.WriteEndElement();
        _sheet.WriteEndDocument();
        _sheet.Dispose();
        _sheetStream!.Dispose();
        _sheet = null;
        _sheetStream = null;
        _merges.Clear();
        _validations.Clear();
    }

    private int SharedIndex(string s)
    {
        if (!_stringIndex.TryGetValue(s, out var i))
        {
            i = _strings.Count;
            _strings.Add(s);
            _stringIndex[s] = i;
        }

        return i;
    }

    public void Dispose()
    {
        EndSheet();
        WritePart("[Content_Types].xml", w =>
        {
            const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            w.WriteStartElement("Types", ns);
            Default(w, ns, "rels", "application/vnd.openxmlformats-package.relationships+xml");
            Default(w, ns, "xml", "application/xml");
            Override(w, ns, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            Override(w, ns, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
            Override(w, ns, "/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml");
            for (var i = 1; i <= _sheetNames.Count; i++)
            {
                Override(w, ns, $"/xl/worksheets/sheet{i}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
            }

            w.WriteEndElement();
        });
        WritePart("_rels/.rels", w =>
        {
            const string ns = "http://schemas.openxmlformats.org/package/2006/relationships";
            w.WriteStartElement("Relationships", ns);
            Relationship(w, ns, "rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml");
            w.WriteEndElement();
        });
        WritePart("xl/workbook.xml", w =>
        {
            w.WriteStartElement("workbook", MainNs);
            w.WriteAttributeString("xmlns", "r", null, RelNs);
            w.WriteStartElement("sheets", MainNs);
            for (var i = 0; i < _sheetNames.Count; i++)
            {
                w.WriteStartElement("sheet", MainNs);
                w.WriteAttributeString("name", _sheetNames[i]);
                w.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("id", RelNs, $"rId{i + 1}");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        });
        WritePart("xl/_rels/workbook.xml.rels", w =>
        {
            const string ns = "http://schemas.openxmlformats.org/package/2006/relationships";
            w.WriteStartElement("Relationships", ns);
            for (var i = 1; i <= _sheetNames.Count; i++)
            {
                Relationship(w, ns, $"rId{i}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{i}.xml");
            }

            var n = _sheetNames.Count;
            Relationship(w, ns, $"rId{n + 1}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", "styles.xml");
            Relationship(w, ns, $"rId{n + 2}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings", "sharedStrings.xml");
            w.WriteEndElement();
        });
        WriteRawPart("xl/styles.xml",
            "<styleSheet xmlns=\"" + MainNs + "\">" +
            "<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"宋体\"/></font><font><b/><sz val=\"11\"/><name val=\"宋体\"/></font><font><b/><sz val=\"16\"/><name val=\"宋体\"/></font></fonts>" +
            "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>" +
            "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>" +
            "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>" +
            "<cellXfs count=\"5\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" +
            "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" +
            "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"><alignment horizontal=\"center\" wrapText=\"1\"/></xf>" +
            "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" +
            "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"><alignment horizontal=\"center\"/></xf></cellXfs>" +
            "</styleSheet>");
        WritePart("xl/sharedStrings.xml", w =>
        {
            w.WriteStartElement("sst", MainNs);
            w.WriteAttributeString("count", _strings.Count.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("uniqueCount", _strings.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var s in _strings)
            {
                w.WriteStartElement("si", MainNs);
                w.WriteStartElement("t", MainNs);
                w.WriteAttributeString("xml", "space", null, "preserve");
                w.WriteString(s);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
        _zip.Dispose();
    }

    private void WriteRawPart(string path, string xml)
    {
        using var stream = _zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + xml);
        stream.Write(bytes);
    }

    private void WritePart(string path, Action<XmlWriter> body)
    {
        using var stream = _zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        using var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        w.WriteStartDocument(true);
        body(w);
        w.WriteEndDocument();
    }

    private static void Default(XmlWriter w, string ns, string ext, string type)
    {
        w.WriteStartElement("Default", ns);
        w.WriteAttributeString("Extension", ext);
        w.WriteAttributeString("ContentType", type);
        w.WriteEndElement();
    }

    private static void Override(XmlWriter w, string ns, string part, string type)
    {
        w.WriteStartElement("Override", ns);
        w.WriteAttributeString("PartName", part);
        w.WriteAttributeString("ContentType", type);
        w.WriteEndElement();
    }

    private static void Relationship(XmlWriter w, string ns, string id, string type, string target)
    {
        w.WriteStartElement("Relationship", ns);
        w.WriteAttributeString("Id", id);
        w.WriteAttributeString("Type", type);
        w.WriteAttributeString("Target", target);
        w.WriteEndElement();
    }

    internal static string ColumnName(int column) => Intake.Readers.CellRef.ColumnName(column);
}
