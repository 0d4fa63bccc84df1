using System.IO.Compression;
using System.Text;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>Files that must give one clear file-level finding and never crash or exhaust memory.</summary>
public sealed class IntakeEngineFileSafetyTests
{
    private static Finding FileFinding(IntakeResult result, string code)
    {
        var f = Assert.Single(result.Report.FileFindings, x => x.Code == code);
        Assert.False(string.IsNullOrEmpty(f.Message));
        Assert.False(string.IsNullOrEmpty(f.MessageEn));
        return f;
    }

    private static void AssertRejected(IntakeResult result, string code)
    {
        var f = FileFinding(result, code);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.False(result.Report.Valid);
        Assert.Empty(result.Batches);
    }

    [Theory]
    [InlineData("empty.xlsx")]
    [InlineData("empty.xls")]
    [InlineData("empty.csv")]
    public void Validate_EmptyFile_FileEmpty(string name) =>
        AssertRejected(TestBooks.Run(new MemoryStream(), file: name), "file-empty");

    [Fact]
    public void Validate_WorkbookWithOnlyEmptySheets_FileEmpty() =>
        AssertRejected(TestBooks.Run(TestBooks.Xlsx(("Sheet1", []), ("Sheet2", []))), "file-empty");

    [Theory]
    [InlineData("report.xlsx", "这不是表格，只是一段文字")]
    [InlineData("report.xls", "%PDF-1.4\n%âãÏÓ\n1 0 obj")]
    public void Validate_NotASpreadsheetWithSpreadsheetExtension_FileUnreadable(string name, string content) =>
        AssertRejected(TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(content)), file: name), "file-unreadable");

    // An HTML table is read by its content whatever its name (issue 13); this one holds no form.
    [Fact]
    public void Validate_HtmlTableWithXlsxName_ReadButNoFormRecognised() =>
        AssertRejected(TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes("<html><body><table><tr><td>1</td></tr></table></body></html>")), file: "report.xlsx"), "no-form-recognised");

    [Fact]
    public void Validate_TruncatedZip_FileUnreadable()
    {
        var bytes = TestBooks.Sheet(ValidRows.ByForm["areas"].Headers, ValidRows.ByForm["areas"].Row).ToArray();

        AssertRejected(TestBooks.Run(new MemoryStream(bytes[..(bytes.Length / 2)])), "file-unreadable");
    }

    [Fact]
    public void Validate_ZipHeaderThenGarbage_FileUnreadable()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'P';
        bytes[1] = (byte)'K';
        bytes[2] = 3;
        bytes[3] = 4;

        AssertRejected(TestBooks.Run(new MemoryStream(bytes)), "file-unreadable");
    }

    [Fact]
    public void Validate_ZipWithoutWorkbook_FileUnreadable()
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            w.Write("<document/>");
        }

        ms.Position = 0;
        AssertRejected(TestBooks.Run(ms), "file-unreadable");
    }

    [Fact]
    public void Validate_CorruptSheetXml_FileUnreadable()
    {
        var ms = RawXlsx("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>县");

        AssertRejected(TestBooks.Run(ms), "file-unreadable");
    }

    [Fact]
    public void Validate_PasswordProtectedXlsx_FileEncrypted()
    {
        // An encrypted .xlsx is an OLE compound file whose directory names an EncryptedPackage stream.
        var bytes = CompoundFileWriter.Build(("EncryptionInfo", new byte[200]), ("EncryptedPackage", new byte[6000])).Bytes;

        AssertRejected(TestBooks.Run(new MemoryStream(bytes), file: "加密.xlsx"), "file-encrypted");
    }

    [Fact]
    public void Validate_OleFileThatIsNotAWorkbook_FileUnreadable()
    {
        var bytes = new byte[4096];
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.CopyTo(bytes, 0);

        AssertRejected(TestBooks.Run(new MemoryStream(bytes), file: "old.xls"), "file-unreadable");
    }

    [Fact]
    public void Validate_ZipEntryClaimingMoreThanCap_FileTooLargeWithoutInflating()
    {
        var ms = RawXlsx(BigSheet(8 * 1024 * 1024));
        var options = new IntakeOptions { MaxUncompressedBytes = 1024 * 1024 };
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = TestBooks.Run(ms, options: options);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        AssertRejected(result, "file-too-large");
        Assert.True(allocated < 2 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Validate_ZipEntryUnderstatingItsSize_StoppedAtCapNotInflated()
    {
        var bytes = RawXlsx(BigSheet(8 * 1024 * 1024)).ToArray();
        ForgeUncompressedSizes(bytes, "xl/worksheets/sheet1.xml", 1000);
        var options = new IntakeOptions { MaxUncompressedBytes = 1024 * 1024 };
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = TestBooks.Run(new MemoryStream(bytes), options: options);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(result.Report.Valid);
        Assert.Contains(result.Report.FileFindings, f => f.Code is "file-too-large" or "file-unreadable");
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Validate_MoreSharedStringsThanCap_FileTooLarge()
    {
        var (headers, row) = ValidRows.ByForm["areas"];

        var result = TestBooks.Run(TestBooks.Sheet(headers, row), options: new IntakeOptions { MaxSharedStrings = 5 });

        AssertRejected(result, "file-too-large");
    }

    [Fact]
    public void Validate_MoreRowsThanCap_SheetTooLarge()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var rows = Enumerable.Range(0, 30).Select(i => (object?[])["盐池县", "花马池镇", "640323100", $"村{i}", $"640323100{i:000}", "是", "否"]).ToArray();

        var result = TestBooks.Run(TestBooks.Sheet(headers, rows), options: new IntakeOptions { MaxRowsPerSheet = 10 });

        AssertRejected(result, "sheet-too-large");
        _ = row;
    }

    [Fact]
    public void Validate_AbsurdDeclaredDimension_WarningAndOnlyPresentCellsRead()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var xml = new StringBuilder("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:XFD1048576\"/><sheetData>");
        xml.Append(RowXml(1, headers)).Append(RowXml(2, row.Select(v => v?.ToString() ?? "").ToArray())).Append("</sheetData></worksheet>");

        var result = TestBooks.Run(RawXlsx(xml.ToString()));

        var f = FileFinding(result, "sheet-dimension-ignored");
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
        Assert.True(result.Report.Valid);
    }

    [Fact]
    public void Validate_ControlCharacterInCellText_ReadNotRejected()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var xml = new StringBuilder("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        xml.Append(RowXml(1, headers));
        var values = row.Select(v => v?.ToString() ?? "").ToArray();
        xml.Append(RowXml(2, values).Replace("城西滩村", "城西滩村&#x1;", StringComparison.Ordinal)).Append("</sheetData></worksheet>");

        var result = TestBooks.Run(RawXlsx(xml.ToString()));

        Assert.True(result.Report.Valid);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Fact]
    public void Validate_CellsBeyondColumnCap_IgnoredWithWarning()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var wide = headers.Cast<object?>().Concat(Enumerable.Repeat<object?>(null, 40)).Append("远处").ToArray();

        var result = TestBooks.Run(TestBooks.Sheet(wide, row), options: new IntakeOptions { MaxColumns = 20 });

        Assert.Equal(Severity.Warning, FileFinding(result, "columns-ignored").Severity);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Fact]
    public void Validate_FileLargerThanCap_FileTooLarge()
    {
        var (headers, row) = ValidRows.ByForm["areas"];

        AssertRejected(TestBooks.Run(TestBooks.Sheet(headers, row), options: new IntakeOptions { MaxFileBytes = 100 }), "file-too-large");
    }

    [Fact]
    public void Validate_NonSeekableStream_ReadAndHashed()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var bytes = TestBooks.Sheet(headers, row).ToArray();

        var result = TestBooks.Run(new ForwardOnlyStream(bytes));

        Assert.True(result.Report.Valid);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), result.Report.Sha256);
    }

    [Fact]
    public void Validate_BinaryContentNamedCsv_FileUnreadable() =>
        AssertRejected(TestBooks.Run(new MemoryStream([1, 2, 0, 0, 5, 0, 7]), file: "a.csv"), "file-unreadable");

    /// <summary>A minimal .xlsx around one sheet part given as XML.</summary>
    internal static MemoryStream RawXlsx(string sheetXml)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string path, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                w.Write(text);
            }

            Part("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Part("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Part("xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"表1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Part("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            Part("xl/worksheets/sheet1.xml", sheetXml);
        }

        ms.Position = 0;
        return ms;
    }

    private static string BigSheet(int bytes)
    {
        var sb = new StringBuilder(bytes + 200);
        sb.Append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        sb.Append(' ', bytes);
        sb.Append("</sheetData></worksheet>");
        return sb.ToString();
    }

    private static string RowXml(int r, string[] values)
    {
        var sb = new StringBuilder($"<row r=\"{r}\">");
        for (var c = 0; c < values.Length; c++)
        {
            sb.Append($"<c r=\"{(char)('A' + c)}{r}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(values[c])}</t></is></c>");
        }

        return sb.Append("</row>").ToString();
    }

    /// <summary>Rewrites the uncompressed-size fields of an entry in both its local and central headers.</summary>
    private static void ForgeUncompressedSizes(byte[] zip, string entryName, uint size)
    {
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4 && zip.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
            }

            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2 && i + 46 + name.Length <= zip.Length && zip.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
            }
        }
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();

        public override long Length => throw new NotSupportedException();
    }
}
