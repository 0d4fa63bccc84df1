namespace CadrePipeline.Core.Intake;

internal enum FileKind
{
    Unknown,
    Xlsx,
    Xls,
    Csv,

    /// <summary>A password-protected .xlsx: an OLE compound file holding an EncryptedPackage stream.</summary>
    EncryptedOoxml,

    /// <summary>A bare BIFF2–8 worksheet or workbook stream without an OLE container (Excel 2.x–4.x wrote these).</summary>
    RawBiff,

    /// <summary>An HTML table saved with an .xls name (the "导出Excel" of many web systems).</summary>
    Html,

    /// <summary>"XML 电子表格 2003" (SpreadsheetML 2003), saved as .xls or .xml.</summary>
    SpreadsheetMl,

    /// <summary>A web archive (MHTML, "单个文件网页"), which Excel can save with an .xls name: recognised, not read.</summary>
    Mhtml,
}

/// <summary>
/// Decides a file's format from its bytes: zip, OLE, bare BIFF, HTML or SpreadsheetML markup; the extension only decides
/// whether other plain text is read as CSV.
/// </summary>
internal static class FileSniffer
{
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static FileKind Detect(Stream stream, string fileName)
    {
        var start = stream.Position;
        var head = new byte[8];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] is 3 or 5 or 7)
        {
            return FileKind.Xlsx;
        }

        if (n == 8 && head.AsSpan().SequenceEqual(Ole))
        {
            // Encrypted OOXML is a compound file whose directory names an EncryptedPackage stream; an unsound one is left to XlsReader to report.
            var info = Readers.CompoundFile.Inspect(stream);
            return info.Problem is null && info.HasStream("EncryptedPackage") ? FileKind.EncryptedOoxml : FileKind.Xls;
        }

        var content = ContentSniffer.Detect(stream);
        stream.Position = start;
        if (content != FileKind.Unknown)
        {
            return content;
        }

        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (ext is ".csv" or ".txt" && !LooksBinary(stream))
        {
            stream.Position = start;
            return FileKind.Csv;
        }

        stream.Position = start;
        return FileKind.Unknown;
    }

    private static bool LooksBinary(Stream stream)
    {
        var start = stream.Position;
        var buffer = new byte[4096];
        var n = stream.Read(buffer, 0, buffer.Length);
        stream.Position = start;
        var utf16 = n >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF));
        return !utf16 && buffer.AsSpan(0, n).Contains((byte)0);
    }
}
