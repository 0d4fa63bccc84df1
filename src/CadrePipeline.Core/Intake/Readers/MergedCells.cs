namespace CadrePipeline.Core.Intake.Readers;

/// <summary>A merged range as the workbook declares it: rows 1-based as Excel shows them, columns 0-based.</summary>
internal readonly record struct MergedRange(int FirstRow, int FirstColumn, int LastRow, int LastColumn)
{
    /// <summary>Parses <c>B5:B9</c> (the <c>ref</c> of an xlsx <c>mergeCell</c>); null on garbage.</summary>
    public static MergedRange? Parse(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        var first = colon < 0 ? reference : reference[..colon];
        var last = colon < 0 ? reference : reference[(colon + 1)..];
        if (!CellRef.TryParse(first.Replace("$", "", StringComparison.Ordinal), out var c1, out var r1)
            || !CellRef.TryParse(last.Replace("$", "", StringComparison.Ordinal), out var c2, out var r2)
            || r1 < 1 || r2 < 1)
        {
            return null;
        }

        return new MergedRange(Math.Min(r1, r2), Math.Min(c1, c2), Math.Max(r1, r2), Math.Max(c1, c2));
    }

    public override string ToString() => CellRef.A1(FirstColumn, FirstRow) + ":" + CellRef.A1(LastColumn, LastRow);
}

/// <summary>
/// Fills vertically merged cells down, as a clerk reads them: a township merged over the rows of its villages carries
/// its value in the first row only. Only ranges that start below the header and span more than one row are filled,
/// and only in their first column (a range merged across columns as well would otherwise repeat one value sideways).
/// A cell that holds a value of its own is left alone. Ranges come from the workbook up front (xlsx, xls) or with the
/// row they start in (<see cref="SheetRow.Merges"/>).
/// </summary>
internal sealed class MergeFill
{
    private readonly MergedRange[] _ranges;
    private readonly int _headerRow;
    private readonly int _maxColumns;
    private int _next;
    private readonly List<Active> _active = [];
    private readonly List<MergedRange> _filled = [];

    public MergeFill(IEnumerable<MergedRange> ranges, int headerRow, int maxColumns)
    {
        _headerRow = headerRow;
        _maxColumns = maxColumns;
        _ranges = ranges.Where(Fillable).OrderBy(r => r.FirstRow).ThenBy(r => r.FirstColumn).ToArray();
    }

    /// <summary>The ranges whose value was carried into at least one row below, in the order first filled.</summary>
    public IReadOnlyList<MergedRange> Filled => _filled;

    /// <summary>How many cells were filled.</summary>
    public int CellsFilled { get; private set; }

    public IEnumerable<SheetRow> Apply(IEnumerable<SheetRow> rows)
    {
        foreach (var row in rows)
        {
            yield return _active.Count == 0 && row.Merges is null && (_next >= _ranges.Length || _ranges[_next].FirstRow > row.RowNumber) ? row : Fill(row);
        }
    }

    private bool Fillable(MergedRange r) => r.FirstRow > _headerRow && r.LastRow > r.FirstRow && r.FirstColumn < _maxColumns;

    private SheetRow Fill(SheetRow row)
    {
        var r = row.RowNumber;
        _active.RemoveAll(a => a.Range.LastRow < r);

        // A range whose top row was never seen (a blank row) has no value to carry.
        while (_next < _ranges.Length && _ranges[_next].FirstRow <= r)
        {
            Start(_ranges[_next++], row);
        }

        foreach (var range in row.Merges ?? [])
        {
            if (Fillable(range) && range.FirstRow == r)
            {
                Start(range, row);
            }
        }

        Cell[]? cells = null;
        foreach (var a in _active)
        {
            var col = a.Range.FirstColumn;
            if (a.Range.FirstRow == r || !row[col].IsBlank)
            {
                continue;
            }

            cells ??= (Cell[])row.Cells.Clone();
            if (cells.Length <= col)
            {
                Array.Resize(ref cells, col + 1);
            }

            cells[col] = a.Value;
            CellsFilled++;
            if (!a.Used)
            {
                a.Used = true;
                _filled.Add(a.Range);
            }
        }

        return cells is null ? row : row with { Cells = cells };
    }

    private void Start(MergedRange range, SheetRow row)
    {
        if (range.FirstRow == row.RowNumber && !row[range.FirstColumn].IsBlank)
        {
            _active.Add(new Active(range, row[range.FirstColumn]));
        }
    }

    private sealed class Active(MergedRange range, Cell value)
    {
        public MergedRange Range { get; } = range;

        public Cell Value { get; } = value;

        public bool Used { get; set; }
    }
}
