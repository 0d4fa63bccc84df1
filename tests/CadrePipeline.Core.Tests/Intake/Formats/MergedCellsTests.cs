using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Templates;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake.Formats;

/// <summary>县(市、区) and 乡镇 merged down the rows of a township (issue 13): the value of the range's top cell is read in every row of it.</summary>
public sealed class MergedCellsTests
{
    private static readonly string[] Header = ["县(市、区)", "乡镇", "村", "姓名", "身份证号", "学历", "届次", "任职状态"];

    [Fact]
    public void Validate_XlsxCountyAndTownshipMergedDown_FilledWithWarning()
    {
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            w.StartSheet("书记");
            w.WriteRow(["盐池县村党组织书记名册"]);
            w.AddMerge("A1:H1");
            w.WriteRow(Header);
            w.WriteRow(["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "高中", 2021, "连任"]);
            w.WriteRow([null, null, "柳杨堡村", "李四", Ids.Female1980, "大专", 2021, "新任"]);
            w.WriteRow([null, "大水坑镇", "新桥村", "张三", Ids.Male1990, "本科", 2021, "新任"]);
            w.AddMerge("A3:A5");
            w.AddMerge("B3:B4");
        }

        ms.Position = 0;
        var result = TestBooks.Run(ms);

        var records = result.OnlyRecords();
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal("640323", r["county"]));
        Assert.Equal(["花马池镇", "花马池镇", "大水坑镇"], records.Select(r => r["township"]));
        var f = result.Single("merged-cells-filled");
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Equal("A3", f.Cell);
        Assert.Equal("A3:A5, B3:B4", f.Value);
        Assert.Contains("3 个单元格", f.Message, StringComparison.Ordinal);
        Assert.True(result.Report.Valid);
    }

    [Fact]
    public void Validate_MergesInHeaderOnly_NothingFilledNoFinding()
    {
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            w.StartSheet("书记");
            w.WriteRow(["县(市、区)", "乡镇", "村", "基本情况", null, "任职情况", null, null]);
            w.WriteRow([null, null, null, "姓名", "身份证号", "学历", "届次", "任职状态"]);
            w.WriteRow(["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "高中", 2021, "连任"]);
            w.WriteRow([null, "花马池镇", "柳杨堡村", "李四", Ids.Female1980, "大专", 2021, "新任"]);
            w.AddMerge("A1:A2");
            w.AddMerge("B1:B2");
            w.AddMerge("D1:E1");
        }

        ms.Position = 0;
        var result = TestBooks.Run(ms);

        Assert.DoesNotContain(result.AllFindings(), f => f.Code == "merged-cells-filled");
        var missing = result.Single("required-missing");
        Assert.Equal("A4", missing.Cell);
    }

    [Fact]
    public void Validate_BareBiff8WithMergedCells_FilledFromMergedCellsRecord()
    {
        var cells = new List<byte[]>();
        for (var c = 0; c < Header.Length; c++)
        {
            cells.Add(RawFiles.Biff8Label(0, c, Header[c]));
        }

        string?[][] rows =
        [
            ["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "高中", "2021", "连任"],
            [null, null, "柳杨堡村", "李四", Ids.Female1980, "大专", "2021", "新任"],
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

        cells.Add(RawFiles.Biff8Merged((1, 2, 0, 0), (1, 2, 1, 1)));

        var result = TestBooks.Run(RawFiles.Biff8Sheet(cells), file: "书记.xls");

        var records = result.OnlyRecords();
        Assert.Equal(2, records.Count);
        Assert.Equal("640323", records[1]["county"]);
        Assert.Equal("花马池镇", records[1]["township"]);
        Assert.Equal("柳杨堡村", records[1]["village"]);
        var f = result.Single("merged-cells-filled");
        Assert.Equal("A2", f.Cell);
        Assert.Equal("A2:A3, B2:B3", f.Value);
    }

    [Fact]
    public void Validate_MergedRangeWithOwnValueBelow_OwnValueKept()
    {
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            w.StartSheet("书记");
            w.WriteRow(Header);
            w.WriteRow(["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "高中", 2021, "连任"]);
            w.WriteRow(["盐池县", "大水坑镇", "新桥村", "李四", Ids.Female1980, "大专", 2021, "新任"]);
            w.AddMerge("B2:B3");
        }

        ms.Position = 0;
        var result = TestBooks.Run(ms);

        Assert.Equal(["花马池镇", "大水坑镇"], result.OnlyRecords().Select(r => r["township"]));
        Assert.DoesNotContain(result.AllFindings(), f => f.Code == "merged-cells-filled");
    }

    [Fact]
    public void Validate_MergeCellsWrittenWithSpacesAndSingleQuotes_Read()
    {
        var sheet = RawFiles.Row(1, Header) +
            RawFiles.Row(2, "盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "高中", 2021, "连任") +
            RawFiles.Row(3, null, null, "柳杨堡村", "李四", Ids.Female1980, "大专", 2021, "新任");
        var book = RawFiles.Xlsx(sheet, afterSheetData: "<mergeCells count=\"2\">\n  <mergeCell ref = 'A2:A3' />\n  <mergeCell  ref=\"$B$2:$B$3\"/>\n</mergeCells><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>");

        var result = TestBooks.Run(book);

        Assert.Equal("花马池镇", result.OnlyRecords()[1]["township"]);
        Assert.Equal("A2:A3, B2:B3", result.Single("merged-cells-filled").Value);
    }
}
