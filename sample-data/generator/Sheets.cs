namespace CadrePipeline.SampleData;

internal enum RowKind
{
    Title,
    Unit,
    Header,
    Data,
    Total,
    Note,
}

/// <summary>A formula cell with its cached value (totals rows); readers take the cached value.</summary>
internal sealed record FormulaCell(string Formula, decimal Cached);

/// <summary>One row as written. Cells hold string, decimal, or DateOnly (written as an Excel serial date).</summary>
internal sealed record SheetRow(RowKind Kind, object?[] Cells);

/// <summary>A sheet (or a CSV file) as it will be written, with its merged ranges.</summary>
internal sealed class SheetData(string name)
{
    public string Name { get; } = name;

    public List<SheetRow> Rows { get; } = [];

    public List<string> Merges { get; } = [];

    public int ColumnCount => Rows.Count == 0 ? 0 : Rows.Max(r => r.Cells.Length);

    public static string ColumnLetter(int index)
    {
        var s = string.Empty;
        index++;
        while (index > 0)
        {
            var m = (index - 1) % 26;
            s = (char)('A' + m) + s;
            index = (index - m - 1) / 26;
        }

        return s;
    }
}
