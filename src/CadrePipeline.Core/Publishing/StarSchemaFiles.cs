namespace CadrePipeline.Core.Publishing;

/// <summary>
/// Writes a table of the star schema as Parquet or CSV. The rows may be in any order: they are written sorted by key,
/// and neither format carries a write time, so the same rows always give the same bytes.
/// </summary>
public static class StarSchemaFiles
{
    /// <summary>
    /// Writes <paramref name="rows"/> as Parquet (Parquet.Net, Snappy): strings UTF8, counts INT32, numbers DOUBLE,
    /// flags BOOLEAN, times INT64 TIMESTAMP_MICROS (UTC).
    /// </summary>
    /// <typeparam name="T">A row type of <see cref="TableSchemaInfo.Tables"/>, e.g. <see cref="DimAreaRow"/>.</typeparam>
    public static Task WriteParquetAsync<T>(Stream destination, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class =>
        TableSchemaInfo.For<T>().WriteParquetAsync(rows, destination, cancellationToken);

    /// <summary>
    /// Writes <paramref name="rows"/> as CSV: UTF-8 with BOM, a header row of column names, CRLF, RFC 4180 quoting,
    /// invariant numbers, <c>true</c>/<c>false</c>, ISO 8601 UTC times; a text cell that begins with <c>=</c>, <c>+</c>,
    /// <c>-</c> or <c>@</c> is prefixed with <c>'</c>, while numeric cells are never altered.
    /// </summary>
    /// <typeparam name="T">A row type of <see cref="TableSchemaInfo.Tables"/>.</typeparam>
    public static Task WriteCsvAsync<T>(Stream destination, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class =>
        TableSchemaInfo.For<T>().WriteCsvAsync(rows, destination, cancellationToken);
}
