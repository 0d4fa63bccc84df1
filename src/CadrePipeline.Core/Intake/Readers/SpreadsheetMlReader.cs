using System.Globalization;
using System.Text;
using System.Xml;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Streams "XML 电子表格 2003" (SpreadsheetML 2003, namespace <c>urn:schemas-microsoft-com:office:spreadsheet</c>) with one
/// forward-only <see cref="XmlReader"/>: each <c>Worksheet</c> is a sheet, each <c>Row</c> a row (<c>ss:Index</c> skips
/// rows and columns), <c>Data</c> by its <c>ss:Type</c> (String, Number, DateTime, Boolean, Error). A cell's
/// <c>ss:MergeDown</c> is a vertical merge starting at that cell (<see cref="SheetRow.Merges"/>).
/// </summary>
internal sealed class SpreadsheetMlReader : ISpreadsheetReader
{
    private const string Ns = "urn:schemas-microsoft-com:office:spreadsheet";

    private readonly XmlReader _xml;
    private readonly IntakeOptions _options;
    private readonly CancellationToken _cancellationToken;

    // An XML declaration may name a legacy encoding (encoding="GB2312").
    static SpreadsheetMlReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private SpreadsheetMlReader(Stream stream, IntakeOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        _cancellationToken = cancellationToken;
        _xml = XmlReader.Create(new MarkupGuardStream(stream, MaxRunBytes), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = false,
            CloseInput = false,
        });
    }

    public List<ReaderNote> Notes { get; } = [];

    // The longest tag or text node taken to the XML parser (1 MiB): a cell's text is at most 128 KiB of UTF-8.
    private const int MaxRunBytes = 1024 * 1024;

    // SpreadsheetML nests Workbook/Worksheet/Table/Row/Cell/Data and a little rich text; deeper is hostile.
    private const int MaxDepth = 64;

    private readonly char[] _chunk = new char[4096];

    // Like XmlReader.Skip, leaving the reader on the element's end, but with the depth checked on the way.
    private void SkipElement()
    {
        if (_xml.IsEmptyElement)
        {
            return;
        }

        var depth = _xml.Depth;
        while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth))
        {
            CheckDepth();
        }
    }

    private void CheckDepth()
    {
        if (_xml.Depth > MaxDepth)
        {
            throw new InvalidDataException($"the XML nests deeper than {MaxDepth} elements");
        }
    }

    public static SpreadsheetMlReader Open(Stream stream, IntakeOptions options, CancellationToken cancellationToken) =>
        new(stream, options, cancellationToken);

    public IEnumerable<SheetSource> Sheets()
    {
        var index = 0;
        while (MoveToWorksheet())
        {
            var name = _xml.GetAttribute("Name", Ns) ?? _xml.GetAttribute("Name") ?? $"Sheet{index + 1}";
            if (index >= _options.MaxSheets)
            {
                Notes.Add(new ReaderNote("sheets-ignored", name, $"sheets beyond the first {_options.MaxSheets} were not read"));
                yield break;
            }

            index++;
            if (_xml.IsEmptyElement)
            {
                yield return new SheetSource(name, () => []);
                continue;
            }

            var depth = _xml.Depth;
            yield return new SheetSource(name, () => Rows(name, depth));
        }
    }

    // From anywhere (a sheet left half read included) to the next Worksheet start.
    private bool MoveToWorksheet()
    {
        while (_xml.Read())
        {
            CheckDepth();
            if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "Worksheet")
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<SheetRow> Rows(string sheetName, int worksheetDepth)
    {
        var rowNumber = 0;
        var columnsNoted = false;
        var cells = new List<(int Col, Cell Cell)>();
        var merges = new List<MergedRange>();
        var text = new StringBuilder();
        while (_xml.Read())
        {
            CheckDepth();
            if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == worksheetDepth)
            {
                yield break;
            }

            if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "Row")
            {
                continue;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            rowNumber = Index(_xml.GetAttribute("Index", Ns)) is { } ri && ri > rowNumber ? ri : rowNumber + 1;
            if (rowNumber > _options.MaxRowsPerSheet)
            {
                throw new IntakeLimitException("sheet-too-large", $"sheet '{sheetName}' has a row {rowNumber}, beyond the limit of {_options.MaxRowsPerSheet}");
            }

            if (_xml.IsEmptyElement)
            {
                continue;
            }

            cells.Clear();
            merges.Clear();
            var rowDepth = _xml.Depth;
            var column = 0;
            while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == rowDepth))
            {
                CheckDepth();
                if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "Cell")
                {
                    continue;
                }

                column = Index(_xml.GetAttribute("Index", Ns)) is { } ci && ci - 1 >= column ? ci - 1 : column;
                var across = Index(_xml.GetAttribute("MergeAcross", Ns)) ?? 0;
                var down = Index(_xml.GetAttribute("MergeDown", Ns)) ?? 0;
                var col = column;
                column += 1 + Math.Min(across, _options.MaxColumns);
                if (down > 0 && col < _options.MaxColumns)
                {
                    merges.Add(new MergedRange(rowNumber, col, rowNumber + Math.Min(down, _options.MaxRowsPerSheet), col + Math.Min(across, _options.MaxColumns)));
                }

                var cell = _xml.IsEmptyElement ? Cell.Empty : ReadCell(text, sheetName);
                if (cell.Kind == CellKind.Empty)
                {
                    continue;
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

                cells.Add((col, cell));
            }

            if (cells.Count == 0)
            {
                continue;
            }

            var array = new Cell[cells.Max(c => c.Col) + 1];
            foreach (var (col, cell) in cells)
            {
                array[col] = cell;
            }

            yield return new SheetRow(rowNumber, array) { Merges = merges.Count > 0 ? merges.ToArray() : null };
        }
    }

    // Positioned on a non-empty Cell: reads its Data (other children, such as Comment, are skipped).
    private Cell ReadCell(StringBuilder text, string sheetName)
    {
        var depth = _xml.Depth;
        var result = Cell.Empty;
        while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth))
        {
            CheckDepth();
            if (_xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (_xml.LocalName != "Data")
            {
                SkipElement();
                continue;
            }

            var type = _xml.GetAttribute("Type", Ns) ?? _xml.GetAttribute("Type") ?? "String";
            text.Clear();
            if (!_xml.IsEmptyElement)
            {
                // Rich text (ss:Data with html:Font children) is read as its text.
                var dataDepth = _xml.Depth;
                while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == dataDepth))
                {
                    CheckDepth();
                    if (_xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
                    {
                        // In chunks, so a huge text node is refused before it is materialised.
                        int k;
                        while ((k = _xml.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                        {
                            if (text.Length + k > _options.MaxCellChars)
                            {
                                throw new IntakeLimitException("sheet-too-large", $"a cell of sheet '{sheetName}' is longer than {_options.MaxCellChars} characters");
                            }

                            text.Append(_chunk, 0, k);
                        }
                    }
                }
            }

            result = Decode(type, text.ToString());
        }

        return result;
    }

    internal static Cell Decode(string type, string value)
    {
        switch (type)
        {
            case "Number":
                return double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
                    ? new Cell(CellKind.Number, null, n)
                    : Cell.FromText(value);
            case "DateTime":
                return DateTime.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) && dt.Year >= 100
                    ? new Cell(CellKind.Date, null, dt.ToOADate())
                    : Cell.FromText(value);
            case "Boolean":
                return value.Trim() switch
                {
                    "1" or "true" or "TRUE" => new Cell(CellKind.Bool, null, 1),
                    "0" or "false" or "FALSE" => new Cell(CellKind.Bool, null, 0),
                    _ => Cell.FromText(value),
                };
            case "Error":
                return new Cell(CellKind.Error, value.Trim().Length > 0 ? value.Trim() : "#N/A");
            default:
                return Cell.FromText(value);
        }
    }

    private static int? Index(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0 && i <= 100_000_000 ? i : null;

    public void Dispose() => _xml.Dispose();
}
