using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>
/// A hostile corpus made by code: compound files whose chains loop or claim more than the file holds. Each must give
/// one clear file-level finding, never an exception or unbounded memory.
/// </summary>
[Collection(nameof(MeasuredAllocations))]
public sealed class IntakeEngineHostileFileTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static Finding Rejected(IntakeResult result, string code)
    {
        var f = Assert.Single(result.Report.FileFindings, x => x.Code == code);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.False(string.IsNullOrEmpty(f.Message));
        Assert.False(string.IsNullOrEmpty(f.MessageEn));
        Assert.False(result.Report.Valid);
        Assert.Empty(result.Batches);
        return f;
    }

    private static IntakeResult RunXls(byte[] bytes) => TestBooks.Run(new MemoryStream(bytes), file: "报表.xls");

    private static void U32(byte[] bytes, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);

    [Fact]
    public void Validate_XlsFixture_StillReadAfterStructureCheck()
    {
        var result = RunXls(Fixture("libreoffice-fixture.xls"));

        Assert.DoesNotContain(result.Report.FileFindings, f => f.Severity == Severity.Error);
        Assert.Equal("village-secretaries", result.Report.Sheets.Single(s => s.Sheet == "村书记").Form);
    }

    [Fact]
    public void Validate_XlsWhoseDifatLoopsOnItself_FileUnreadable()
    {
        var cfb = CompoundFileWriter.Build(("Workbook", new byte[64 * 1024]));
        var bytes = cfb.Bytes;
        var loop = cfb.StreamSectors[0] + 3;
        U32(bytes, 68, (uint)loop);
        U32(bytes, 72, 20);
        U32(bytes, CompoundFileWriter.Offset(loop) + CompoundFileWriter.SectorSize - 4, (uint)loop);

        var f = Rejected(RunXls(bytes), "file-unreadable");
        Assert.Contains("DIFAT", f.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(44, 0x7FFFFFFFu)]
    [InlineData(72, 0x7FFFFFFFu)]
    [InlineData(64, 0x10000000u)]
    public void Validate_XlsClaimingMoreSectorsThanTheFileHolds_FileUnreadable(int headerOffset, uint count)
    {
        var bytes = Fixture("libreoffice-fixture.xls");
        U32(bytes, headerOffset, count);
        if (headerOffset == 72)
        {
            U32(bytes, 68, 1);
        }

        Rejected(RunXls(bytes), "file-unreadable");
    }

    [Fact]
    public void Validate_XlsWhoseWorkbookChainLoops_FileUnreadable()
    {
        var cfb = CompoundFileWriter.Build(("Workbook", new byte[16 * 1024]));
        var first = cfb.StreamSectors[0];
        U32(cfb.Bytes, CompoundFileWriter.FatEntry(first + 5), (uint)first);

        var f = Rejected(RunXls(cfb.Bytes), "file-unreadable");
        Assert.Contains("Workbook", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_XlsWhoseDirectoryChainLoops_FileUnreadable()
    {
        var cfb = CompoundFileWriter.Build(("Workbook", new byte[8 * 1024]));
        U32(cfb.Bytes, CompoundFileWriter.FatEntry(cfb.DirectorySector), (uint)cfb.DirectorySector);

        var f = Rejected(RunXls(cfb.Bytes), "file-unreadable");
        Assert.Contains("directory", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_XlsWhoseDirectoryTreeLoops_FileUnreadable()
    {
        var cfb = CompoundFileWriter.Build(("Workbook", new byte[8 * 1024]), ("SummaryInformation", new byte[4096]));
        U32(cfb.Bytes, cfb.DirectoryEntry(2) + 72, 1);

        var f = Rejected(RunXls(cfb.Bytes), "file-unreadable");
        Assert.Contains("directory tree", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_XlsWhoseStreamClaimsMoreThanTheFile_FileUnreadable()
    {
        var cfb = CompoundFileWriter.Build(("Workbook", new byte[8 * 1024]));
        U32(cfb.Bytes, cfb.DirectoryEntry(1) + 120, 0x7FFFFFF0);

        Rejected(RunXls(cfb.Bytes), "file-unreadable");
    }

    [Fact]
    public void Validate_XlsCutInHalf_FileUnreadable()
    {
        var bytes = Fixture("libreoffice-fixture.xls");

        Rejected(RunXls(bytes[..(bytes.Length / 2)]), "file-unreadable");
    }

    [Fact]
    public void Validate_CompoundFileWithoutWorkbookStream_FileUnreadable()
    {
        var cfb = CompoundFileWriter.Build(("WordDocument", new byte[8 * 1024]));

        var f = Rejected(RunXls(cfb.Bytes), "file-unreadable");
        Assert.Contains("Workbook", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StaleEncryptedPackageEntryOutsideTheDirectoryTree_NotCalledEncrypted()
    {
        var cfb = CompoundFileWriter.Build(("Workbook", new byte[8 * 1024]), ("EncryptedPackage", new byte[4096]));
        U32(cfb.Bytes, cfb.DirectoryEntry(1) + 72, CompoundFileWriter.Free);

        var result = RunXls(cfb.Bytes);

        Assert.DoesNotContain(result.Report.FileFindings, f => f.Code == "file-encrypted");
    }

    [Fact]
    public void Validate_XlsMerelyContainingTheTextEncryptedPackage_ReadNotCalledEncrypted()
    {
        // A free sector after the workbook holding the stream name as UTF-16 text, as a cell or a comment would.
        var sector = new byte[CompoundFileWriter.SectorSize];
        Encoding.Unicode.GetBytes("EncryptedPackage EncryptionInfo").CopyTo(sector, 0);
        var bytes = Fixture("libreoffice-fixture.xls").Concat(sector).ToArray();

        var result = RunXls(bytes);

        Assert.DoesNotContain(result.Report.FileFindings, f => f.Code == "file-encrypted");
        Assert.Equal("village-secretaries", result.Report.Sheets.Single(s => s.Sheet == "村书记").Form);
    }

    private const string SheetHead = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";

    private const string SheetTail = "</sheetData></worksheet>";

    /// <summary>An .xlsx whose parts are written by the callbacks, in chunks, so a hostile part is never a string in the test.</summary>
    private static MemoryStream StreamedXlsx(Action<Stream> sheet, Action<Stream>? sharedStrings = null)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string path, Action<Stream> write)
            {
                using var s = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
                write(s);
            }

            void Text(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));
            Part("[Content_Types].xml", s => Text(s, "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"));
            Part("_rels/.rels", s => Text(s, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Part("xl/workbook.xml", s => Text(s, "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"表1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part("xl/_rels/workbook.xml.rels", s => Text(s, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"));
            if (sharedStrings is not null)
            {
                Part("xl/sharedStrings.xml", sharedStrings);
            }

            Part("xl/worksheets/sheet1.xml", sheet);
        }

        ms.Position = 0;
        return ms;
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));

    private static void Repeat(Stream s, string text, long times)
    {
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(text, Math.Max(1, 65536 / text.Length))));
        var perChunk = chunk.Length / Encoding.UTF8.GetByteCount(text);
        for (long i = 0; i < times; i += perChunk)
        {
            var n = (int)Math.Min(perChunk, times - i) * Encoding.UTF8.GetByteCount(text);
            s.Write(chunk, 0, n);
        }
    }

    private static (IntakeResult Result, long Allocated) Measure(Func<IntakeResult> run)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = run();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    [Fact]
    public void Validate_MillionsOfNestedUnclosedElements_SheetTooLargeAtTheDepthCap()
    {
        var xlsx = StreamedXlsx(s =>
        {
            Write(s, SheetHead);
            Repeat(s, "<x>", 2_000_000);
        });

        var (result, allocated) = Measure(() => TestBooks.Run(xlsx));

        var f = Rejected(result, "sheet-too-large");
        Assert.Contains("deeper than 100", f.MessageEn, StringComparison.Ordinal);
        Assert.True(allocated < 100L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Validate_NestingWithinTheDepthCap_Read()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var bytes = TestBooks.Sheet(headers, row);

        Assert.True(TestBooks.Run(bytes, options: new IntakeOptions { MaxXmlDepth = 8 }).Report.Valid);
    }

    [Fact]
    public void Validate_SharedStringOfSixtyMillionCharacters_StoppedWhileReading()
    {
        var xlsx = StreamedXlsx(
            s => Write(s, SheetHead + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" + SheetTail),
            s =>
            {
                Write(s, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>");
                Repeat(s, "a", 60_000_000);
                Write(s, "</t></si></sst>");
            });

        var (result, allocated) = Measure(() => TestBooks.Run(xlsx));

        var f = Rejected(result, "sheet-too-large");
        Assert.Contains("sharedStrings.xml", f.MessageEn, StringComparison.Ordinal);
        Assert.True(allocated < 100L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Validate_SharedStringOfManyShortRuns_StoppedAtTheCellCap()
    {
        // Each run is short; joined they pass the cell cap, which is checked as the runs are joined.
        var xlsx = StreamedXlsx(
            s => Write(s, SheetHead + SheetTail),
            s =>
            {
                Write(s, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si>");
                Repeat(s, "<r><t>" + new string('b', 1000) + "</t></r>", 100_000);
                Write(s, "</si></sst>");
            });

        var f = Rejected(TestBooks.Run(xlsx), "sheet-too-large");
        Assert.Contains("32767", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SharedStringsSummingPastTheCharacterCap_FileTooLarge()
    {
        var xlsx = StreamedXlsx(
            s => Write(s, SheetHead + SheetTail),
            s =>
            {
                Write(s, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
                Repeat(s, "<si><t>" + new string('c', 100) + "</t></si>", 2_000);
                Write(s, "</sst>");
            });

        Rejected(TestBooks.Run(xlsx, options: new IntakeOptions { MaxSharedStringChars = 100_000 }), "file-too-large");
    }

    [Theory]
    [InlineData("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>", "</t></is></c></row>")]
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>", "</v></c></row>")]
    [InlineData("<row r=\"1\" spans=\"", "\"><c r=\"A1\"><v>1</v></c></row>")]
    public void Validate_SixtyMegabyteInlineStringValueOrAttribute_StoppedWhileReading(string before, string after)
    {
        var xlsx = StreamedXlsx(s =>
        {
            Write(s, SheetHead + before);
            Repeat(s, "7", 60_000_000);
            Write(s, after + SheetTail);
        });

        var (result, allocated) = Measure(() => TestBooks.Run(xlsx));

        var f = Rejected(result, "sheet-too-large");
        Assert.Contains("longer than 1048576 bytes", f.MessageEn, StringComparison.Ordinal);
        Assert.True(allocated < 100L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Validate_CommentsAndCDataInSheet_ReadAsUsual()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var xml = new StringBuilder(SheetHead).Append("<!-- a > b <c> -->");
        var cells = new[] { headers, row.Select(v => v?.ToString() ?? "").ToArray() };
        for (var r = 0; r < cells.Length; r++)
        {
            xml.Append($"<row r=\"{r + 1}\">");
            for (var c = 0; c < cells[r].Length; c++)
            {
                xml.Append($"<c r=\"{(char)('A' + c)}{r + 1}\" t=\"inlineStr\"><is><t><![CDATA[{cells[r][c]}]]></t></is></c>");
            }

            xml.Append("</row>");
        }

        var result = TestBooks.Run(IntakeEngineFileSafetyTests.RawXlsx(xml.Append(SheetTail).ToString()), options: new IntakeOptions { MaxXmlDepth = 6 });

        Assert.True(result.Report.Valid);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Fact]
    public void Validate_ZipWithMoreEntriesThanCap_FileTooLargeBeforeTheDirectoryIsRead()
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 10_001; i++)
            {
                zip.CreateEntry($"x/{i}.bin", CompressionLevel.NoCompression);
            }
        }

        ms.Position = 0;
        var f = Rejected(TestBooks.Run(ms), "file-too-large");
        Assert.Contains("10001 entries", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Zip64WithMoreEntriesThanTheSixteenBitCount_CountReadFromTheZip64Record()
    {
        // Past 65,535 entries the classic end record says 0xFFFF and the true count is in the Zip64 end record.
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 70_000; i++)
            {
                zip.CreateEntry($"{i:x}", CompressionLevel.NoCompression);
            }
        }

        ms.Position = 0;
        var f = Rejected(TestBooks.Run(ms, options: new IntakeOptions { MaxZipEntries = 69_999 }), "file-too-large");
        Assert.Contains("70000 entries", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZipEndRecordClaimingMillionsOfEntries_FileTooLarge()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var bytes = TestBooks.Sheet(headers, row).ToArray();
        var eocd = bytes.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(eocd + 12), 0x7FFFFFFF);

        Rejected(TestBooks.Run(new MemoryStream(bytes)), "file-too-large");
    }

    [Theory]
    [InlineData("xl/worksheets/sheet1.xml")]
    [InlineData("XL/Worksheets/Sheet1.xml")]
    [InlineData("xl\\worksheets\\sheet1.xml")]
    public void Validate_ZipWithTwoEntriesOfOneName_FileUnreadable(string second)
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var ms = new MemoryStream();
        TestBooks.Sheet(headers, row).CopyTo(ms);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry(second).Open());
            w.Write(SheetHead + SheetTail);
        }

        ms.Position = 0;
        var f = Rejected(TestBooks.Run(ms), "file-unreadable");
        Assert.Contains("two entries named", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZipEntryWithWrongCrc_FileUnreadable()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var source = new ZipArchive(TestBooks.Sheet(headers, row));
            foreach (var e in source.Entries)
            {
                using var from = e.Open();
                using var to = zip.CreateEntry(e.FullName, CompressionLevel.NoCompression).Open();
                from.CopyTo(to);
            }
        }

        // Stored, so one digit of the village code can be changed in place: the XML stays valid, the CRC does not.
        var bytes = ms.ToArray();
        var at = bytes.AsSpan().IndexOf("640323100001"u8);
        Assert.True(at > 0);
        bytes[at + 11] = (byte)'9';

        var f = Rejected(TestBooks.Run(new MemoryStream(bytes)), "file-unreadable");
        Assert.Contains("CRC", f.MessageEn, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_GarbageAfterTheSheetsRows_RowsStillRead()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var sheet = new StringBuilder(SheetHead);
        var cells = new[] { headers, row.Select(v => v?.ToString() ?? "").ToArray() };
        for (var r = 0; r < cells.Length; r++)
        {
            sheet.Append($"<row r=\"{r + 1}\">");
            for (var c = 0; c < cells[r].Length; c++)
            {
                sheet.Append($"<c r=\"{(char)('A' + c)}{r + 1}\" t=\"inlineStr\"><is><t>{cells[r][c]}</t></is></c>");
            }

            sheet.Append("</row>");
        }

        // Read to its end for the CRC check, the tail after sheetData is not XML; it was never needed.
        var result = TestBooks.Run(IntakeEngineFileSafetyTests.RawXlsx(sheet.Append("</sheetData><pageSetup <<<").ToString()));

        Assert.True(result.Report.Valid);
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    [Fact]
    public void Validate_CsvRecordWithMoreFieldsThanCap_SheetTooLarge()
    {
        var csv = "县(市、区),乡镇\n" + new string(',', 20_000) + "\n";

        var f = Rejected(TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(csv)), file: "a.csv"), "sheet-too-large");
        Assert.Contains("16384", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CsvRecordWiderThanColumnCapButUnderFieldCap_ColumnsIgnored()
    {
        var (headers, row) = ValidRows.ByForm["areas"];
        var csv = string.Join(",", headers) + "\n" + string.Join(",", row) + new string(',', 1000) + "远处\n";

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(csv)), file: "a.csv");

        Assert.Contains(result.Report.FileFindings, f => f.Code == "columns-ignored");
        Assert.Equal(1, result.OnlySheet().RowsAccepted);
    }

    private const string Rels = "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"";

    /// <summary>An .xlsx of the given parts only, each written in chunks.</summary>
    private static MemoryStream Parts(params (string Path, Action<Stream> Write)[] parts)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, write) in parts)
            {
                using var s = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
                write(s);
            }
        }

        ms.Position = 0;
        return ms;
    }

    private static (string, Action<Stream>) Part(string path, string text) => (path, s => Write(s, text));

    private static (string, Action<Stream>) RootRels() =>
        Part("_rels/.rels", $"<Relationships {Rels}><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");

    private static (string, Action<Stream>) Workbook(long extraSheets = 0) => ("xl/workbook.xml", s =>
    {
        Write(s, "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>");
        Repeat(s, "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>", extraSheets);
        Write(s, "</sheets></workbook>");
    });

    private static (string, Action<Stream>) WorkbookRels(long extra = 0) => ("xl/_rels/workbook.xml.rels", s =>
    {
        Write(s, $"<Relationships {Rels}><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>");
        Repeat(s, "<Relationship Id=\"rId9\" Type=\"t\" Target=\"x\"/>", extra);
        Write(s, "</Relationships>");
    });

    private static (string, Action<Stream>) Sheet1() => Part("xl/worksheets/sheet1.xml", SheetHead + "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" + SheetTail);

    [Fact]
    public void Validate_StylesWithMillionsOfCellFormats_FileTooLargeAtTheCap()
    {
        var xlsx = Parts(RootRels(), Workbook(), WorkbookRels(), Sheet1(), ("xl/styles.xml", s =>
        {
            Write(s, "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs>");
            Repeat(s, "<xf/>", 5_000_000);
            Write(s, "</cellXfs></styleSheet>");
        }));

        var (result, allocated) = Measure(() => TestBooks.Run(xlsx));

        var f = Rejected(result, "file-too-large");
        Assert.Contains("100000 cell formats", f.MessageEn, StringComparison.Ordinal);
        Assert.True(allocated < 100L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Validate_WorkbookRelationshipsPastTheCap_FileTooLarge()
    {
        var xlsx = Parts(RootRels(), Workbook(), WorkbookRels(extra: 20_000), Sheet1());

        var f = Rejected(TestBooks.Run(xlsx), "file-too-large");
        Assert.Contains("10000 relationships", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WorkbookDeclaringMoreSheetsThanTheZipCouldHold_FileTooLarge()
    {
        var xlsx = Parts(RootRels(), Workbook(extraSheets: 20_000), WorkbookRels(), Sheet1());

        var f = Rejected(TestBooks.Run(xlsx), "file-too-large");
        Assert.Contains("10000 sheets", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RowRepeatingOneCellMillionsOfTimes_ReadNotRejected()
    {
        var xlsx = Parts(RootRels(), Workbook(), WorkbookRels(), ("xl/worksheets/sheet1.xml", s =>
        {
            Write(s, SheetHead + "<row r=\"1\">");
            Repeat(s, "<c r=\"A1\"><v>1</v></c>", 2_000_000);
            Write(s, "</row>" + SheetTail);
        }));

        var result = TestBooks.Run(xlsx);

        // One cell, no header: the sheet is read and matches no form. (The row keeps at most MaxColumns cells; the
        // 2 million parsed cells allocate garbage that no in-process figure tells apart from the kept list.)
        Assert.Contains(result.Report.FileFindings, f => f.Code == "no-form-recognised");
        Assert.DoesNotContain(result.Report.FileFindings, f => f.Code is "file-unreadable" or "file-too-large");
    }
}

/// <summary>Tests that measure the process's allocations run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(nameof(MeasuredAllocations), DisableParallelization = true)]
public sealed class MeasuredAllocations;
