using System.Text;
using ExcelDataReader;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Streams a BIFF .xls (as WPS and old Excel write it) row by row through ExcelDataReader's
/// <see cref="IExcelDataReader"/>; never <c>AsDataSet</c>. Numbers with a date format arrive as dates.
/// </summary>
internal sealed class XlsReader : ISpreadsheetReader
{
    private readonly IExcelDataReader _reader;
    private readonly IntakeOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly BiffErrorCells _errors;

    static XlsReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private XlsReader(IExcelDataReader reader, IntakeOptions options, CancellationToken cancellationToken, BiffErrorCells errors)
    {
        _errors = errors;
        _reader = reader;
        _options = options;
        _cancellationToken = cancellationToken;
    }

    public List<ReaderNote> Notes { get; } = [];

    /// <summary>Checks the compound file's structure first: ExcelDataReader allocates without bound on a looping DIFAT.</summary>
    public static XlsReader Open(Stream stream, IntakeOptions options, CancellationToken cancellationToken)
    {
        CompoundFile.ThrowIfUnsound(stream);

        // ExcelDataReader 3.6 returns error cells as blank; their codes are read from the records first.
        var errors = CompoundFile.OpenWorkbook(stream) is { } workbook ? BiffErrorCells.Scan(workbook.Workbook, workbook.Length) : BiffErrorCells.None;
        return new(ExcelReaderFactory.CreateBinaryReader(stream, new ExcelReaderConfiguration { LeaveOpen = true, FallbackEncoding = FallbackEncoding }), options, cancellationToken, errors);
    }

    /// <summary>
    /// Opens a bare BIFF2–8 stream (no OLE container, so no compound-file structure to check first); ExcelDataReader
    /// reads it as one sheet named <c>Sheet</c>.
    /// </summary>
    public static XlsReader OpenRawBiff(Stream stream, IntakeOptions options, CancellationToken cancellationToken)
    {
        var errors = BiffErrorCells.Scan(stream, stream.Length - stream.Position, singleSheet: RawBiffSheet);
        return new(ExcelReaderFactory.CreateBinaryReader(stream, new ExcelReaderConfiguration { LeaveOpen = true, FallbackEncoding = FallbackEncoding }), options, cancellationToken, errors);
    }

    /// <summary>The name ExcelDataReader gives the one sheet of a bare BIFF stream.</summary>
    private const string RawBiffSheet = "Sheet";

    // BIFF2–5 text is in the writer's code page; a file without a CODEPAGE record is most likely from a Chinese Excel.
    private static Encoding FallbackEncoding => Encoding.GetEncoding(936);

    public IEnumerable<SheetSource> Sheets()
    {
        var index = 0;
        do
        {
            if (index >= _options.MaxSheets)
            {
                Notes.Add(new ReaderNote("sheets-ignored", _reader.Name ?? "", $"sheets beyond the first {_options.MaxSheets} were not read"));
                yield break;
            }

            var name = _reader.Name ?? $"Sheet{index + 1}";
            yield return new SheetSource(name, () => Rows(name)) { Merges = MergedRanges };
            index++;
        }
        while (_reader.NextResult());
    }

    private IEnumerable<SheetRow> Rows(string sheetName)
    {
        var rowNumber = 0;
        var columnsNoted = false;
        while (_reader.Read())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            rowNumber++;
            if (rowNumber > _options.MaxRowsPerSheet)
            {
                throw new IntakeLimitException("sheet-too-large", $"sheet '{sheetName}' has more than {_options.MaxRowsPerSheet} rows");
            }

            var fields = _reader.FieldCount;
            if (fields > _options.MaxColumns)
            {
                fields = _options.MaxColumns;
                if (!columnsNoted)
                {
                    columnsNoted = true;
                    Notes.Add(ReaderNote.ColumnsIgnored(sheetName, _options.MaxColumns));
                }
            }

            Cell[]? cells = null;
            var width = 0;
            for (var i = 0; i < fields; i++)
            {
                var cell = _reader.GetValue(i) switch
                {
                    null => _errors.IsEmpty || _errors.Find(sheetName, rowNumber - 1, i) is not { } error ? Cell.Empty : new Cell(CellKind.Error, error),
                    string s => Cell.FromText(s.Length > _options.MaxCellChars ? throw new IntakeLimitException("sheet-too-large", $"a cell of sheet '{sheetName}' is too long") : s),
                    double d => new Cell(CellKind.Number, null, d),
                    int n => new Cell(CellKind.Number, null, n),
                    bool b => new Cell(CellKind.Bool, null, b ? 1 : 0),
                    DateTime dt => new Cell(CellKind.Date, null, dt.ToOADate()),

                    // ExcelDataReader turns elapsed-time formats ([h]:mm) into TimeSpan: a duration, kept as its days.
                    TimeSpan ts => new Cell(CellKind.Number, null, ts.TotalDays),
                    var other => Cell.FromText(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                };
                if (cell.Kind == CellKind.Empty)
                {
                    continue;
                }

                cells ??= new Cell[fields];
                cells[i] = cell;
                width = i + 1;
            }

            if (cells is not null)
            {
                yield return new SheetRow(rowNumber, width == cells.Length ? cells : cells[..width]);
            }
        }
    }

    // ExcelDataReader reads a sheet's MERGEDCELLS records before its rows; its ranges are 0-based.
    private MergedRange[] MergedRanges() =>
        _reader.MergeCells is { } ranges
            ? ranges.Select(r => new MergedRange(r.FromRow + 1, r.FromColumn, r.ToRow + 1, r.ToColumn)).ToArray()
            : [];

    public void Dispose() => _reader.Dispose();
}
