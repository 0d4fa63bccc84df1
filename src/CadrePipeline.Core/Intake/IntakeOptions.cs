namespace CadrePipeline.Core.Intake;

/// <summary>Limits that keep a hostile or broken file from exhausting memory or time. Every limit reached is reported as a file-level finding.</summary>
public sealed class IntakeOptions
{
    /// <summary>The largest upload read, in bytes (default 100 MiB).</summary>
    public long MaxFileBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>The most bytes inflated from a workbook's zip entries, summed (default 512 MiB): the decompression-bomb cap.</summary>
    public long MaxUncompressedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>The highest row number read in one sheet (default 1,048,576, Excel's own limit).</summary>
    public int MaxRowsPerSheet { get; init; } = 1_048_576;

    /// <summary>Cells right of this many columns are ignored, with a warning (default 256).</summary>
    public int MaxColumns { get; init; } = 256;

    /// <summary>The most sheets read from one workbook (default 64).</summary>
    public int MaxSheets { get; init; } = 64;

    /// <summary>How many non-blank rows at the top of a sheet are searched for the header (default 30).</summary>
    public int HeaderSearchRows { get; init; } = 30;

    /// <summary>The longest text of one cell, in characters (default 32,767, Excel's own limit).</summary>
    public int MaxCellChars { get; init; } = 32_767;

    /// <summary>Findings listed per sheet before the rest are summarised by one <c>findings-truncated</c> warning (default 1,000).</summary>
    public int MaxFindingsPerSheet { get; init; } = 1_000;

    /// <summary>The defaults above.</summary>
    public static IntakeOptions Default { get; } = new();
}
