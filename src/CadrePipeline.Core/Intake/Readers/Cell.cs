namespace CadrePipeline.Core.Intake.Readers;

/// <summary>What a cell holds, as stored in the file (formulas by their cached value).</summary>
internal enum CellKind : byte
{
    Empty,
    Text,
    Number,
    Bool,
    Error,

    /// <summary>A number shown with a date format; <see cref="Cell.Number"/> is the OLE automation date.</summary>
    Date,
}

/// <summary>One cell's stored value.</summary>
internal readonly record struct Cell(CellKind Kind, string? Text = null, double Number = 0)
{
    public static Cell Empty => default;

    public bool IsBlank => Kind == CellKind.Empty || (Kind == CellKind.Text && string.IsNullOrWhiteSpace(Text));

    public static Cell FromText(string text) => text.Length == 0 ? default : new Cell(CellKind.Text, text);
}

/// <summary>One row: its 1-based row number as Excel shows it, and its cells by 0-based column.</summary>
internal sealed record SheetRow(int RowNumber, Cell[] Cells)
{
    public Cell this[int column] => column < Cells.Length ? Cells[column] : Cell.Empty;

    public bool IsBlank => Cells.All(c => c.IsBlank);

    /// <summary>Merged ranges whose top row is this row, for formats that declare a merge on its first cell (HTML rowspan, SpreadsheetML MergeDown).</summary>
    public IReadOnlyList<MergedRange>? Merges { get; init; }
}

/// <summary>A sheet whose rows are read lazily, once, in order.</summary>
internal sealed record SheetSource(string Name, Func<IEnumerable<SheetRow>> Rows)
{
    /// <summary>The sheet's merged ranges, asked for at most once, on the thread reading the rows, before the rows below the header.</summary>
    public Func<IReadOnlyList<MergedRange>> Merges { get; init; } = static () => [];
}

/// <summary>A limit reached while reading, reported with a file-level finding code.</summary>
internal sealed class IntakeLimitException(string code, string detail) : Exception(detail)
{
    public string Code { get; } = code;
}

/// <summary>Something the reader noticed but read past (e.g. a sheet claiming absurd dimensions).</summary>
internal sealed record ReaderNote(string Code, string Sheet, string Detail)
{
    /// <summary>Cells right of the last column <see cref="IntakeOptions.MaxColumns"/> allows were dropped.</summary>
    public static ReaderNote ColumnsIgnored(string sheet, int maxColumns) =>
        new("columns-ignored", sheet, $"cells right of column {CellRef.ColumnName(maxColumns - 1)} were ignored");
}

/// <summary>A workbook (or CSV) opened for streaming.</summary>
internal interface ISpreadsheetReader : IDisposable
{
    IEnumerable<SheetSource> Sheets();

    List<ReaderNote> Notes { get; }
}

internal static class CellRef
{
    /// <summary>0-based column → letters (0 → A, 26 → AA).</summary>
    public static string ColumnName(int column)
    {
        Span<char> buf = stackalloc char[8];
        var i = buf.Length;
        var n = column + 1;
        while (n > 0)
        {
            var rem = (n - 1) % 26;
            buf[--i] = (char)('A' + rem);
            n = (n - 1) / 26;
        }

        return new string(buf[i..]);
    }

    public static string A1(int column, int row) => ColumnName(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses the letters of an A1 reference (<c>F12</c> → 5, row 12). Returns false on garbage.</summary>
    public static bool TryParse(ReadOnlySpan<char> a1, out int column, out int row)
    {
        column = 0;
        row = 0;
        var i = 0;
        while (i < a1.Length && char.IsAsciiLetter(a1[i]))
        {
            column = (column * 26) + (char.ToUpperInvariant(a1[i]) - 'A' + 1);
            if (column > 1_000_000)
            {
                return false;
            }

            i++;
        }

        while (i < a1.Length && char.IsAsciiDigit(a1[i]))
        {
            row = (row * 10) + (a1[i] - '0');
            if (row > 100_000_000)
            {
                return false;
            }

            i++;
        }

        column--;
        return i == a1.Length && column >= 0;
    }
}
