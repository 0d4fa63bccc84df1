namespace CadrePipeline.Core.Intake.Readers;

/// <summary>A file recognised as a format the intake does not read (an OpenDocument spreadsheet, a web archive), reported as <c>file-unsupported</c>.</summary>
internal sealed class UnsupportedFormatException(string formatZh, string formatEn) : Exception(formatEn)
{
    /// <summary>The format, in words for the report's Chinese message.</summary>
    public string FormatZh { get; } = formatZh;

    /// <summary>The format, in words for the report's English message.</summary>
    public string FormatEn { get; } = formatEn;
}
