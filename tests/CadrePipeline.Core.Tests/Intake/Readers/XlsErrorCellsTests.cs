using System.Text;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake.Readers;

/// <summary>
/// Issue 13, "`.xls` error cells come back empty": ExcelDataReader 3.6 returns BOOLERR and error-valued FORMULA cells
/// as blank, so a <c>#N/A</c> read as a missing value. The intake reads their codes from the BIFF records itself.
/// </summary>
public sealed class XlsErrorCellsTests
{
    private static readonly string[] Header = ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态"];

    [Fact]
    public void Validate_BareBiffWithBoolErrAndFormulaErrors_CellErrorAtEachCell()
    {
        var result = TestBooks.Run(RawFiles.Biff8Sheet(SheetCells()), file: "书记.xls");

        AssertErrors(result);
    }

    [Fact]
    public void Validate_OleWorkbookWithErrorCells_CellErrorAtEachCellOfTheNamedSheet()
    {
        var result = TestBooks.Run(new MemoryStream(OleWorkbook("书记名册", SheetCells())), file: "书记.xls");

        Assert.Equal("书记名册", result.OnlySheet().Sheet);
        AssertErrors(result);
    }

    private static void AssertErrors(Core.Intake.IntakeResult result)
    {
        var errors = result.AllFindings().Where(f => f.Code == "cell-error").OrderBy(f => f.Cell, StringComparer.Ordinal).ToList();
        Assert.Equal(["F2", "G3"], errors.Select(f => f.Cell));
        Assert.Contains("#N/A", errors[0].Value, StringComparison.Ordinal);
        Assert.Contains("#DIV/0!", errors[1].Value, StringComparison.Ordinal);

        // Not read as missing: no required-missing at those cells.
        Assert.DoesNotContain(result.AllFindings(), f => f.Code == "required-missing" && f.Cell is "F2" or "G3");
    }

    private static List<byte[]> SheetCells()
    {
        var cells = new List<byte[]>();
        for (var c = 0; c < Header.Length; c++)
        {
            cells.Add(RawFiles.Biff8Label(0, c, Header[c]));
        }

        string?[][] rows =
        [
            ["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, null, "2021", "连任"],
            ["盐池县", "花马池镇", "柳杨堡村", "李四", Ids.Female1980, "大专", null, "新任"],
        ];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < Header.Length; c++)
            {
                if (rows[r][c] is { } text)
                {
                    cells.Add(RawFiles.Biff8Label(r + 1, c, text));
                }
            }
        }

        // BOOLERR (0x0205): row, column, XF, value, fError = 1; 0x2A is #N/A.
        cells.Add(RawFiles.Record(0x0205, RawFiles.U16(1), RawFiles.U16(5), RawFiles.U16(0), [0x2A, 1]));

        // FORMULA (0x0006) whose cached result is an error: bytes 0 = 2, 2 = the code (0x07 #DIV/0!), 6-7 = 0xFFFF.
        cells.Add(RawFiles.Record(0x0006, RawFiles.U16(2), RawFiles.U16(6), RawFiles.U16(0), [2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF], RawFiles.U16(0), new byte[4], RawFiles.U16(0)));
        return cells;
    }

    /// <summary>A BIFF8 workbook in an OLE container: globals (BOF, one BOUNDSHEET, EOF), then the sheet's substream.</summary>
    private static byte[] OleWorkbook(string sheetName, IEnumerable<byte[]> cells)
    {
        var name = Encoding.Unicode.GetBytes(sheetName);
        byte[] Globals(uint sheetAt) =>
        [
            .. RawFiles.Record(0x0809, RawFiles.U16(0x0600), RawFiles.U16(0x0005), RawFiles.U16(0), RawFiles.U16(0), new byte[8]),
            .. RawFiles.Record(0x0085, BitConverter.GetBytes(sheetAt), [0, 0, (byte)sheetName.Length, 1], name),
            .. RawFiles.Record(0x000A),
        ];
        var globals = Globals(0);
        var sheet = RawFiles.Biff8Sheet(cells).ToArray();
        byte[] stream = [.. Globals((uint)globals.Length), .. sheet];
        return CompoundFileWriter.Build(("Workbook", stream)).Bytes;
    }
}
