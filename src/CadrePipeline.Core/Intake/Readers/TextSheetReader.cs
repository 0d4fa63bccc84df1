using System.Text;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// What the CSV and HTML readers share: one sheet, named by the caller, decoded as text from a seekable upload in an
/// encoding the derived reader detects when its rows are first read.
/// </summary>
internal abstract class TextSheetReader : ISpreadsheetReader
{
    private protected TextSheetReader(Stream input, string sheetName, IntakeOptions options, CancellationToken cancellationToken)
    {
        Input = input;
        SheetName = sheetName;
        Options = options;
        Cancellation = cancellationToken;
    }

    public List<ReaderNote> Notes { get; } = [];

    /// <summary>The encoding the text was read with, once rows have been read; exposed for tests.</summary>
    public Encoding? Encoding { get; protected set; }

    /// <summary>The upload, seekable; the caller owns it.</summary>
    protected Stream Input { get; }

    protected string SheetName { get; }

    protected IntakeOptions Options { get; }

    protected CancellationToken Cancellation { get; }

    public IEnumerable<SheetSource> Sheets()
    {
        yield return new SheetSource(SheetName, Rows);
    }

    public void Dispose()
    {
    }

    /// <summary>The rows of the one sheet, read once as a stream.</summary>
    protected abstract IEnumerable<SheetRow> Rows();
}
