using System.Buffers.Binary;
using System.Text;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// The error cells of a BIFF8 workbook stream (<c>#N/A</c>, <c>#DIV/0!</c>, …), which ExcelDataReader 3.6 returns as
/// blank: BOOLERR records with the error flag, and FORMULA records whose cached result is an error ([MS-XLS] 2.4.24,
/// 2.4.127, 2.5.133). One forward pass over the records, keyed by sheet name (from BOUNDSHEET) and 0-based
/// (row, column); at most <see cref="MaxCells"/> are kept. Anything it does not understand ends the scan quietly:
/// the cells then read as before (blank).
/// </summary>
internal sealed class BiffErrorCells
{
    /// <summary>The most error cells remembered per workbook (each costs a few dozen bytes).</summary>
    public const int MaxCells = 100_000;

    private const ushort Bof = 0x0809;
    private const ushort Eof = 0x000A;
    private const ushort BoundSheet = 0x0085;
    private const ushort BoolErr = 0x0205;
    private const ushort Formula = 0x0006;

    private readonly Dictionary<string, Dictionary<(int Row, int Column), string>> _bySheet = new(StringComparer.Ordinal);

    public static BiffErrorCells None { get; } = new();

    public bool IsEmpty => _bySheet.Count == 0;

    /// <summary>The error text of a cell, or null.</summary>
    public string? Find(string sheet, int row, int column) =>
        _bySheet.TryGetValue(sheet, out var cells) && cells.TryGetValue((row, column), out var text) ? text : null;

    /// <summary>
    /// Scans a BIFF8 workbook stream read from <paramref name="stream"/> (its position is left where it was).
    /// <paramref name="singleSheet"/> names the sheet of a bare BIFF worksheet stream, which has no BOUNDSHEET.
    /// </summary>
    public static BiffErrorCells Scan(Stream stream, long length, string? singleSheet = null)
    {
        var result = new BiffErrorCells();
        var start = stream.Position;
        try
        {
            result.Read(stream, length, singleSheet);
        }
        catch (EndOfStreamException)
        {
            // A truncated record ends the scan; ExcelDataReader reports the file itself.
        }
        finally
        {
            stream.Position = start;
        }

        return result;
    }

    private void Read(Stream stream, long length, string? singleSheet)
    {
        var sheetsAt = new Dictionary<long, string>();
        string? current = singleSheet;
        var header = new byte[4];
        var body = new byte[8224];
        var count = 0;
        long offset = 0;
        while (offset + 4 <= length)
        {
            stream.ReadExactly(header);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(header);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2));
            if (size > body.Length || offset + 4 + size > length)
            {
                return;
            }

            stream.ReadExactly(body, 0, size);
            var data = body.AsSpan(0, size);
            switch (type)
            {
                case Bof:
                    if (size < 4 || BinaryPrimitives.ReadUInt16LittleEndian(data) != 0x0600)
                    {
                        return; // not BIFF8
                    }

                    if (sheetsAt.TryGetValue(offset, out var name))
                    {
                        current = name;
                    }

                    break;
                case Eof:
                    if (singleSheet is null)
                    {
                        current = null;
                    }

                    break;
                case BoundSheet when size >= 8:
                    if (SheetName(data[6..]) is { } sheet)
                    {
                        sheetsAt[BinaryPrimitives.ReadUInt32LittleEndian(data)] = sheet;
                    }

                    break;
                case BoolErr when size >= 8 && current is not null && data[7] == 1:
                    Add(current, data, ErrorText(data[6]), ref count);
                    break;
                case Formula when size >= 14 && current is not null && data[12] == 0xFF && data[13] == 0xFF && data[6] == 0x02:
                    Add(current, data, ErrorText(data[8]), ref count);
                    break;
            }

            if (count >= MaxCells)
            {
                return;
            }

            offset += 4 + size;
        }
    }

    private void Add(string sheet, ReadOnlySpan<byte> data, string text, ref int count)
    {
        if (!_bySheet.TryGetValue(sheet, out var cells))
        {
            _bySheet[sheet] = cells = [];
        }

        if (cells.TryAdd((BinaryPrimitives.ReadUInt16LittleEndian(data), BinaryPrimitives.ReadUInt16LittleEndian(data[2..])), text))
        {
            count++;
        }
    }

    /// <summary>A BOUNDSHEET name: a ShortXLUnicodeString (character count, flags, then 8-bit or UTF-16 characters).</summary>
    private static string? SheetName(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2)
        {
            return null;
        }

        int chars = s[0];
        var wide = (s[1] & 1) == 1;
        var bytes = wide ? chars * 2 : chars;
        if (s.Length < 2 + bytes)
        {
            return null;
        }

        return wide ? Encoding.Unicode.GetString(s.Slice(2, bytes)) : Encoding.Latin1.GetString(s.Slice(2, bytes));
    }

    /// <summary>[MS-XLS] 2.5.97.2 BErr.</summary>
    private static string ErrorText(byte code) => code switch
    {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        _ => "#N/A",
    };
}
