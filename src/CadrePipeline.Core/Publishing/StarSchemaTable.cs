using System.Globalization;
using Parquet.Serialization;

namespace CadrePipeline.Core.Publishing;

/// <summary>The type of a published column, as the manifest and the docs name it.</summary>
public enum ColumnType
{
    /// <summary>UTF-8 text (Parquet BYTE_ARRAY/UTF8, Power BI Text).</summary>
    String,

    /// <summary>32-bit integer (Parquet INT32, Power BI Whole Number).</summary>
    Int32,

    /// <summary>64-bit floating point (Parquet DOUBLE, Power BI Decimal Number).</summary>
    Double,

    /// <summary>Parquet BOOLEAN, Power BI True/False.</summary>
    Boolean,

    /// <summary>UTC instant in microseconds (Parquet INT64 TIMESTAMP_MICROS, Power BI Date/Time).</summary>
    Timestamp,
}

/// <summary>One column of a published table.</summary>
/// <remarks><para><c>Nullable</c>: whether the column may hold no value (an empty CSV cell, an absent Table property).</para></remarks>
public sealed record StarSchemaColumn(string Name, ColumnType Type, bool Nullable);

/// <summary>One row with its storage keys and its values in column order, for key-value stores such as Azure Tables.</summary>
/// <remarks><para>Values are <see cref="string"/>, <see cref="int"/>, <see cref="double"/>, <see cref="bool"/>, UTC <see cref="DateTime"/> or null.</para></remarks>
public readonly record struct KeyedRow(string PartitionKey, string RowKey, object?[] Values);

/// <summary>
/// The definition of one published table: its name, its columns, its key order and its storage keys. One generic
/// writer serves every table (<see cref="StarSchemaFiles"/>); there is no code per table beyond this definition.
/// </summary>
public abstract class StarSchemaTable
{
    private protected StarSchemaTable(string name, Type rowType, IReadOnlyList<StarSchemaColumn> columns)
    {
        Name = name;
        RowType = rowType;
        Columns = columns;
    }

    /// <summary>The table name: the Parquet/CSV file name and the Azure Table name (after the prefix).</summary>
    public string Name { get; }

    /// <summary>The row record type.</summary>
    public Type RowType { get; }

    /// <summary>The columns, in file order.</summary>
    public IReadOnlyList<StarSchemaColumn> Columns { get; }

    /// <summary>The number of rows of this table in <paramref name="schema"/>.</summary>
    public abstract int RowCount(StarSchema schema);

    /// <summary>Writes this table of <paramref name="schema"/> as Parquet.</summary>
    public abstract Task WriteParquetAsync(StarSchema schema, Stream destination, CancellationToken cancellationToken);

    /// <summary>Writes this table of <paramref name="schema"/> as CSV (UTF-8 with BOM, neutralized text cells).</summary>
    public abstract Task WriteCsvAsync(StarSchema schema, Stream destination, CancellationToken cancellationToken);

    /// <summary>The rows of this table in <paramref name="schema"/>, in key order, with their storage keys.</summary>
    public abstract IEnumerable<KeyedRow> KeyedRows(StarSchema schema);
}

/// <summary>The definition of a table whose rows are <typeparamref name="T"/>.</summary>
public sealed class StarSchemaTable<T> : StarSchemaTable
    where T : class
{
    private readonly Func<T, object?>[] getters;
    private readonly Func<StarSchema, IReadOnlyList<T>> select;
    private readonly Comparison<T> order;
    private readonly Func<T, string> describeKey;
    private readonly Func<T, string> partitionKey;
    private readonly Func<T, string> rowKey;

    internal StarSchemaTable(
        string name,
        IReadOnlyList<(StarSchemaColumn Column, Func<T, object?> Get)> columns,
        Func<StarSchema, IReadOnlyList<T>> select,
        Comparison<T> order,
        Func<T, string> describeKey,
        Func<T, string> partitionKey,
        Func<T, string> rowKey)
        : base(name, typeof(T), columns.Select(c => c.Column).ToArray())
    {
        getters = columns.Select(c => c.Get).ToArray();
        this.select = select;
        this.order = order;
        this.describeKey = describeKey;
        this.partitionKey = partitionKey;
        this.rowKey = rowKey;
    }

    /// <summary>The Azure Tables partition key of a row (see docs/publishing.md for the choice).</summary>
    public string PartitionKey(T row) => partitionKey(row);

    /// <summary>The Azure Tables row key of a row, unique within its partition.</summary>
    public string RowKey(T row) => rowKey(row);

    /// <summary>The value of column <paramref name="column"/> of <paramref name="row"/>, as published.</summary>
    public object? GetValue(T row, int column) => getters[column](row);

    /// <summary>
    /// The rows in key order (ordinal). Throws <see cref="ArgumentException"/> when two rows share a key, since a
    /// published table has one row per key.
    /// </summary>
    public IReadOnlyList<T> Sort(IReadOnlyList<T> rows)
    {
        var sorted = rows.ToArray();
        Array.Sort(sorted, order);
        for (var i = 1; i < sorted.Length; i++)
        {
            if (order(sorted[i - 1], sorted[i]) == 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{Name}: two rows have the key {describeKey(sorted[i])}"), nameof(rows));
            }
        }

        return sorted;
    }

    public override int RowCount(StarSchema schema) => select(schema).Count;

    public override Task WriteParquetAsync(StarSchema schema, Stream destination, CancellationToken cancellationToken) =>
        WriteParquetAsync(select(schema), destination, cancellationToken);

    public override Task WriteCsvAsync(StarSchema schema, Stream destination, CancellationToken cancellationToken) =>
        WriteCsvAsync(select(schema), destination, cancellationToken);

    public override IEnumerable<KeyedRow> KeyedRows(StarSchema schema)
    {
        foreach (var row in Sort(select(schema)))
        {
            var values = new object?[getters.Length];
            for (var i = 0; i < getters.Length; i++)
            {
                values[i] = getters[i](row);
            }

            yield return new KeyedRow(partitionKey(row), rowKey(row), values);
        }
    }

    /// <summary>Writes <paramref name="rows"/>, sorted by key, as Parquet with the columns of this table.</summary>
    public async Task WriteParquetAsync(IReadOnlyList<T> rows, Stream destination, CancellationToken cancellationToken)
    {
        // ParquetSerializer writes no time and no random bytes: the same rows give the same file.
        await ParquetSerializer.SerializeAsync(Sort(rows), destination, options: null, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="rows"/>, sorted by key, as CSV with the columns of this table.</summary>
    public async Task WriteCsvAsync(IReadOnlyList<T> rows, Stream destination, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(destination, CsvFormat.Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            // Write the preamble ourselves: StreamWriter omits it when the stream is not at position 0.
            writer.Write('\uFEFF');
            await writer.WriteLineAsync(string.Join(',', Columns.Select(c => CsvFormat.Text(c.Name)))).ConfigureAwait(false);
            var line = new System.Text.StringBuilder();
            foreach (var row in Sort(rows))
            {
                cancellationToken.ThrowIfCancellationRequested();
                line.Clear();
                for (var i = 0; i < getters.Length; i++)
                {
                    if (i > 0)
                    {
                        line.Append(',');
                    }

                    CsvFormat.AppendCell(line, Columns[i].Type, getters[i](row));
                }

                await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
