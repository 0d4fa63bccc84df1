namespace CadrePipeline.Core.Intake;

/// <summary>Limits that keep a hostile or broken file from exhausting memory or time. Every limit reached is reported as a file-level finding.</summary>
public sealed class IntakeOptions
{
    /// <summary>The largest upload read, in bytes (default 100 MiB).</summary>
    public long MaxFileBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>
    /// The most bytes inflated from a workbook's zip entries, summed (default 256 MiB): the decompression-bomb cap. It
    /// also bounds the shared-string table, the one part held in memory. A 100,000-row roster (12 MiB zipped) inflates to 62 MiB.
    /// </summary>
    public long MaxUncompressedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most entries of a workbook's shared-string table (default 5,000,000).</summary>
    public int MaxSharedStrings { get; init; } = 5_000_000;

    /// <summary>The highest row number read in one sheet (default 1,048,576, Excel's own limit).</summary>
    public int MaxRowsPerSheet { get; init; } = 1_048_576;

    /// <summary>Cells right of this many columns are ignored, with a warning (default 256).</summary>
    public int MaxColumns { get; init; } = 256;

    /// <summary>The most sheets read from one workbook (default 64).</summary>
    public int MaxSheets { get; init; } = 64;

    /// <summary>How many non-blank rows at the top of a sheet are searched for the header (default 30).</summary>
    public int HeaderSearchRows { get; init; } = 30;

    /// <summary>
    /// Keep the accepted rows in <see cref="IntakeResult.Batches"/> (default true: the ingest stores them). A caller
    /// that wants only the report (<c>cadre validate</c>) turns it off, so memory does not grow with the rows: each
    /// record is dropped once validated, and the batches carry no records.
    /// </summary>
    public bool KeepAcceptedRecords { get; init; } = true;

    /// <summary>The longest text of one cell, in characters (default 32,767, Excel's own limit).</summary>
    public int MaxCellChars { get; init; } = 32_767;

    /// <summary>Findings listed per sheet before the rest are summarised by one <c>findings-truncated</c> warning (default 1,000).</summary>
    public int MaxFindingsPerSheet { get; init; } = 1_000;

    /// <summary>
    /// The most entries of a workbook's zip (default 10,000; a workbook has a few dozen). Checked from the
    /// end-of-central-directory record, before the central directory is read.
    /// </summary>
    public int MaxZipEntries { get; init; } = 10_000;

    /// <summary>
    /// The most cell formats (<c>xf</c>) and, separately, number formats of a workbook's styles (default 100,000;
    /// Excel allows 64,000). The sheets a workbook declares and the relationships of a part are capped at
    /// <see cref="MaxZipEntries"/>, since each names a part.
    /// </summary>
    public int MaxCellFormats { get; init; } = 100_000;

    /// <summary>The deepest nesting of elements in a workbook's XML part (default 100; a sheet needs about 6).</summary>
    public int MaxXmlDepth { get; init; } = 100;

    /// <summary>
    /// The longest text run, tag with its attributes, comment or CDATA section in a workbook's XML part, in bytes
    /// (default 1 MiB; a cell of 32,767 characters, escaped, is at most about 330 KB). Checked on the bytes before
    /// they reach the XML reader, so no longer string is ever built.
    /// </summary>
    public int MaxXmlTokenBytes { get; init; } = 1024 * 1024;

    /// <summary>The most characters of all shared strings of a workbook, summed (default 50,000,000: 100 MB held in memory).</summary>
    public long MaxSharedStringChars { get; init; } = 50_000_000;

    /// <summary>The most fields of one CSV record (default 16,384, Excel's column count); fields right of <see cref="MaxColumns"/> are counted, not kept.</summary>
    public int MaxCsvFieldsPerRecord { get; init; } = 16_384;

    /// <summary>The defaults above.</summary>
    public static IntakeOptions Default { get; } = new();
}
