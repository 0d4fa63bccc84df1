using System.Text;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Streams a CSV (RFC 4180 quoting, comma or tab separated). The encoding is detected: a BOM means UTF-8 (or UTF-16);
/// otherwise the bytes are UTF-8 when they decode strictly as UTF-8, else GB18030 (a superset of GBK) or Big5, whichever
/// reads as the words of the forms (<see cref="Text.ChineseEncodingGuess"/>).
/// Row numbers count records from 1, the first line being row 1.
/// </summary>
internal sealed class CsvReader : TextSheetReader
{
    private int _fieldsInRecord;

    static CsvReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private CsvReader(Stream stream, string sheetName, IntakeOptions options, CancellationToken cancellationToken)
        : base(stream, sheetName, options, cancellationToken)
    {
    }

    public static CsvReader Open(Stream seekable, string sheetName, IntakeOptions options, CancellationToken cancellationToken) =>
        new(seekable, sheetName, options, cancellationToken);

    /// <summary>BOM → UTF-8 / UTF-16; strict UTF-8 decode succeeds → UTF-8; else GB18030 or Big5. Leaves the stream at its start.</summary>
    internal static Encoding DetectEncoding(Stream stream)
    {
        var start = stream.Position;
        Span<byte> bom = stackalloc byte[3];
        var n = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        stream.Position = start;
        if (n >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)
        {
            return new UTF8Encoding(true);
        }

        if (n >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF)))
        {
            return bom[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
        }

        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var buffer = new byte[64 * 1024];
        var chars = new char[64 * 1024 + 4];
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            stream.Position = start;
            return Text.ChineseEncodingGuess.Guess(stream);
        }
        finally
        {
            stream.Position = start;
        }
    }

    protected override IEnumerable<SheetRow> Rows()
    {
        Encoding = DetectEncoding(Input);
        using var text = new StreamReader(Input, Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var separator = ',';
        var first = true;
        var row = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        var columnsNoted = false;
        while (true)
        {
            var more = ReadRecord(text, separator, fields, field);
            if (!more && fields.Count == 0)
            {
                yield break;
            }

            if (first && fields.Count == 1 && fields[0].Contains('\t', StringComparison.Ordinal))
            {
                separator = '\t';
                var line = fields[0];
                fields.Clear();
                _fieldsInRecord = 0;
                foreach (var part in line.Split('\t'))
                {
                    field.Clear().Append(part);
                    AddField(fields, field);
                }
            }

            first = false;
            row++;
            Cancellation.ThrowIfCancellationRequested();
            if (row > Options.MaxRowsPerSheet)
            {
                throw new IntakeLimitException("sheet-too-large", $"the CSV has more than {Options.MaxRowsPerSheet} rows");
            }

            var width = fields.Count;
            if (width > Options.MaxColumns)
            {
                width = Options.MaxColumns;
                if (!columnsNoted)
                {
                    columnsNoted = true;
                    Notes.Add(ReaderNote.ColumnsIgnored(SheetName, Options.MaxColumns));
                }
            }

            var cells = new Cell[width];
            var any = false;
            for (var i = 0; i < width; i++)
            {
                cells[i] = Cell.FromText(fields[i]);
                any |= cells[i].Kind != CellKind.Empty;
            }

            if (any)
            {
                yield return new SheetRow(row, cells);
            }

            if (!more)
            {
                yield break;
            }
        }
    }

    /// <summary>Reads one record into <paramref name="fields"/>. Returns false at the end of the input.</summary>
    private bool ReadRecord(StreamReader text, char separator, List<string> fields, StringBuilder field)
    {
        fields.Clear();
        field.Clear();
        _fieldsInRecord = 0;
        var inQuotes = false;
        var any = false;
        while (true)
        {
            var c = text.Read();
            if (c < 0)
            {
                if (any || field.Length > 0)
                {
                    AddField(fields, field);
                }

                return false;
            }

            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (text.Peek() == '"')
                    {
                        text.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    Append(field, ch);
                }

                continue;
            }

            if (ch == '"' && field.Length == 0)
            {
                inQuotes = true;
            }
            else if (ch == separator)
            {
                AddField(fields, field);
                field.Clear();
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && text.Peek() == '\n')
                {
                    text.Read();
                }

                AddField(fields, field);
                return true;
            }
            else
            {
                Append(field, ch);
            }
        }
    }

    /// <summary>Keeps one field more than <see cref="IntakeOptions.MaxColumns"/> (to notice the overflow) and only counts the rest.</summary>
    private void AddField(List<string> fields, StringBuilder field)
    {
        if (++_fieldsInRecord > Options.MaxCsvFieldsPerRecord)
        {
            throw new IntakeLimitException("sheet-too-large", $"a record of the CSV has more than {Options.MaxCsvFieldsPerRecord} fields");
        }

        if (fields.Count <= Options.MaxColumns)
        {
            fields.Add(field.ToString());
        }
    }

    private void Append(StringBuilder field, char ch)
    {
        if (field.Length >= Options.MaxCellChars)
        {
            throw new IntakeLimitException("sheet-too-large", $"a field of the CSV is longer than {Options.MaxCellChars} characters");
        }

        field.Append(ch);
    }
}
