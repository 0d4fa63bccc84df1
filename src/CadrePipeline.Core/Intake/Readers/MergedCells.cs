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
/// A cell that holds a value of its own is left alone.
/// </summary>
internal sealed class MergeFill
{
    private readonly MergedRange[] _ranges;
    private readonly Cell[] _values;
    private int _next;
    private readonly List<int> _active = [];

    public MergeFill(IEnumerable<MergedRange> ranges, int headerRow, int maxColumns)
    {
        _ranges = ranges
            .Where(r => r.FirstRow > headerRow && r.LastRow > r.FirstRow && r.FirstColumn < maxColumns)
            .OrderBy(r => r.FirstRow)
            .ThenBy(r => r.FirstColumn)
            .ToArray();
        _values = new Cell[_ranges.Length];
        _used = new bool[_ranges.Length];
    }

    private readonly bool[] _used;

    /// <summary>The ranges whose value was carried into at least one row below, in sheet order.</summary>
    public IEnumerable<MergedRange> Filled => _ranges.Where((_, i) => _used[i]);

    /// <summary>How many cells were filled.</summary>
    public int CellsFilled { get; private set; }

    public bool IsEmpty => _ranges.Length == 0;

    public IEnumerable<SheetRow> Apply(IEnumerable<SheetRow> rows)
    {
        foreach (var row in rows)
        {
            yield return Fill(row);
        }
    }

    private SheetRow Fill(SheetRow row)
    {
        var r = row.RowNumber;
        _active.RemoveAll(i => _ranges[i].LastRow < r);
        while (_next < _ranges.Length && _ranges[_next].FirstRow <= r)
        {
            var range = _ranges[_next];
            if (range.FirstRow == r)
            {
                _values[_next] = row[range.FirstColumn];
            }

            if (range.LastRow >= r && range.FirstRow == r && !_values[_next].IsBlank)
            {
                _active.Add(_next);
            }

            _next++;
        }

        Cell[]? cells = null;
        foreach (var i in _active)
        {
            var range = _ranges[i];
            if (range.FirstRow == r || !row[range.FirstColumn].IsBlank)
            {
                continue;
            }

            cells ??= (Cell[])row.Cells.Clone();
            if (cells.Length <= range.FirstColumn)
            {
                cells = Grow(cells, range.FirstColumn + 1);
            }

            cells[range.FirstColumn] = _values[i];
            CellsFilled++;
            _used[i] = true;
        }

        return cells is null ? row : row with { Cells = cells };
    }

    private static Cell[] Grow(Cell[] cells, int width)
    {
        var grown = new Cell[Math.Max(width, cells.Length)];
        Array.Copy(cells, grown, cells.Length);
        return grown;
    }
}
