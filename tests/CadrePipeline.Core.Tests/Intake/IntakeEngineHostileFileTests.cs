using System.Buffers.Binary;
using System.Text;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

/// <summary>
/// A hostile corpus made by code: compound files whose chains loop or claim more than the file holds. Each must give
/// one clear file-level finding, never an exception or unbounded memory.
/// </summary>
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
}
