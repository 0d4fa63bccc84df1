using System.Text;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake.Formats;

/// <summary>What web systems' "导出Excel" buttons and Excel's "XML 电子表格 2003" produce, saved with an .xls name (issue 13).</summary>
public sealed class MarkupFormatsTests
{
    static MarkupFormatsTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string SecretaryHeaderCells = "<th>县(市、区)</th><th>乡镇</th><th>村</th><th>姓名</th><th>身份证号</th><th>学历</th><th>届次</th><th>任职状态</th>";

    private static string HtmlPage(string meta, string body) =>
        $"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head>{meta}<style>td {{ mso-number-format:\"\\@\"; }}</style>" +
        $"<script>var t = '<table><tr><td>not data</td></tr></table>';</script></head><body><!-- exported <tr> -->{body}</body></html>";

    [Fact]
    public void Validate_HtmlTableGb2312WithMetaAndRowspan_ReadAsOneSheet()
    {
        var html = HtmlPage(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
            "<table border=1><tr><td colspan=8 align=center>盐池县村党组织书记名册</td></tr>" +
            $"<tr>{SecretaryHeaderCells}</tr>" +
            $"<tr><td rowspan=2>盐池县</td><td rowspan=\"2\">花马池镇</td><td>城西滩村</td><td>王&nbsp;五</td><td x:str>{Ids.Male1975}</td><td><b>高中</b></td><td>2021</td><td>连任</td></tr>" +
            $"<tr><td>柳杨堡村</td><td>李四</td><td>{Ids.Female1980}</td><td>大&#x4E13;</td><td>2021</td><td>新任</td></tr>" +
            "</table>");

        var result = TestBooks.Run(new MemoryStream(Encoding.GetEncoding("GB18030").GetBytes(html)), file: "导出.xls");

        var sheet = result.OnlySheet();
        Assert.Equal("导出", sheet.Sheet);
        Assert.Equal("village-secretaries", sheet.Form);
        Assert.Equal(2, sheet.HeaderRow);
        var records = result.OnlyRecords();
        Assert.Equal(2, records.Count);
        Assert.Equal(4, records[1].Row);
        Assert.Equal("640323", records[1]["county"]);
        Assert.Equal("花马池镇", records[1]["township"]);
        Assert.Equal("柳杨堡村", records[1]["village"]);
        Assert.Equal("college", records[1]["education"]);
        Assert.Equal("high-school", records[0]["education"]);
        var f = result.Single("merged-cells-filled");
        Assert.Equal("A3:A4, B3:B4", f.Value);
        Assert.True(result.Report.Valid);
    }

    [Fact]
    public void Validate_HtmlUtf8MetaCharset_DecodedAsUtf8()
    {
        var html = HtmlPage("<meta charset=\"utf-8\">",
            $"<table><tr>{SecretaryHeaderCells}</tr><tr><td>鹽池縣</td><td>花马池镇</td><td>城西滩村</td><td>王五</td><td>{Ids.Male1975}</td><td>高中</td><td>2021</td><td>连任</td></tr></table>");

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(html)), file: "export.xls");

        Assert.Equal("640323", result.OnlyRecord()["county"]);
    }

    [Theory]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\">")]
    [InlineData("")]
    public void Validate_HtmlBig5WithOrWithoutMeta_DecodedAsBig5(string meta)
    {
        var html = HtmlPage(meta,
            "<table><tr><th>縣（市、區）</th><th>鄉鎮</th><th>村</th><th>姓名</th><th>身份證號</th><th>文化程度</th><th>換屆年份</th><th>任職狀態</th></tr>" +
            $"<tr><td>鹽池縣</td><td>花馬池鎮</td><td>城西灘村</td><td>王五</td><td>{Ids.Male1975}</td><td>高中</td><td>2021</td><td>連任</td></tr></table>");

        var result = TestBooks.Run(new MemoryStream(Encoding.GetEncoding(950).GetBytes(html)), file: "export.xls");

        var r = result.OnlyRecord();
        Assert.Equal("640323", r["county"]);
        Assert.Equal("reelected", r["status"]);
    }

    [Fact]
    public void Validate_HtmlGbkWithoutMeta_DetectedAsGb18030()
    {
        var html = $"<table><tr>{SecretaryHeaderCells}</tr><tr><td>盐池县</td><td>花马池镇</td><td>城西滩村</td><td>王五</td><td>{Ids.Male1975}</td><td>高中</td><td>2021</td><td>连任</td></tr></table>";

        var result = TestBooks.Run(new MemoryStream(Encoding.GetEncoding(936).GetBytes(html)), file: "export.xls");

        Assert.Equal("城西滩村", result.OnlyRecord()["village"]);
    }

    [Fact]
    public void Validate_HtmlTwoTables_RowsNumberedAcrossTablesAsExcelOpensThem()
    {
        var html = "<table><tr><td>盐池县2022年村党组织书记调整情况</td></tr></table>" +
            "<table><tr><th>县(市、区)</th><th>乡镇</th><th>村</th><th>姓名</th><th>身份证号</th><th>调整原因</th><th>调整时间</th></tr>" +
            $"<tr><td>盐池县</td><td>大水坑镇</td><td>新桥村</td><td>赵六</td><td>{Ids.Male1970}</td><td>不胜任</td><td>2022-13-01</td></tr></table>";

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(html)), file: "调整.xls");

        Assert.Equal(2, result.OnlySheet().HeaderRow);
        var f = result.Single("date-unparsed");
        Assert.Equal("G3", f.Cell);
        Assert.Equal("2022-13-01", f.Value);
    }

    [Fact]
    public void Validate_HtmlFromExcelWithXNum_ValueTakenOverFormattedText()
    {
        var html = "<table><tr><th>县(市、区)</th><th>乡镇</th><th>乡镇工作人员月均收入（元）</th><th>同职级机关人员月均收入（元）</th></tr>" +
            "<tr><td>盐池县</td><td>花马池镇</td><td class=xl65 x:num=\"5200.5\">5,200.50</td><td x:num>4800</td></tr></table>";

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(html)), file: "收入.xls");

        var r = result.OnlyRecord();
        Assert.Equal(5200.5m, r["townshipIncome"]);
        Assert.Equal(4800m, r["agencyIncome"]);
    }

    private static string SpreadsheetMl(string worksheets) =>
        """<?xml version="1.0"?>""" + "\n" + """<?mso-application progid="Excel.Sheet"?>""" + "\n" +
        """<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">""" +
        """<Styles><Style ss:ID="Default" ss:Name="Normal"/><Style ss:ID="s62"><NumberFormat ss:Format="Short Date"/></Style></Styles>""" +
        worksheets + "</Workbook>";

    private static string S(string text, string attributes = "") => $"<Cell{attributes}><Data ss:Type=\"String\">{text}</Data></Cell>";

    [Theory]
    [InlineData("调整.xls")]
    [InlineData("调整.xml")]
    public void Validate_SpreadsheetMl2003_TypesIndexAndMergeDownRead(string file)
    {
        var xml = SpreadsheetMl(
            "<Worksheet ss:Name=\"说明\"><Table><Row><Cell><Data ss:Type=\"String\">填表说明：按模板填写</Data></Cell></Row></Table></Worksheet>" +
            "<Worksheet ss:Name=\"调整\"><Table ss:ExpandedColumnCount=\"7\">" +
            "<Row>" + S("县(市、区)") + S("乡镇") + S("村") + S("姓名") + S("身份证号") + S("调整原因") + S("调整时间") + "</Row>" +
            "<Row>" + S("盐池县", " ss:MergeDown=\"2\"") + S("大水坑镇", " ss:MergeDown=\"2\"") + S("新桥村") + S("赵六") + S(Ids.Male1970) + S("不胜任") +
            "<Cell ss:StyleID=\"s62\"><Data ss:Type=\"DateTime\">2022-03-01T00:00:00.000</Data></Cell></Row>" +
            "<Row ss:Index=\"4\"><Cell ss:Index=\"3\"><Data ss:Type=\"String\">新桥村</Data></Cell>" + S("钱七") + S(Ids.Male1988) +
            "<Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\"><B>其</B><Font>他</Font></ss:Data></Cell>" +
            "<Cell><Data ss:Type=\"Number\">44621</Data></Cell></Row>" +
            "</Table></Worksheet>");

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(xml)), file: file);

        var sheet = Assert.Single(result.Report.Sheets, s => s.Form is not null);
        Assert.Equal("调整", sheet.Sheet);
        var records = result.OnlyRecords();
        Assert.Equal(2, records.Count);
        Assert.Equal(new DateOnly(2022, 3, 1), records[0]["adjustedOn"]);
        Assert.Equal(4, records[1].Row);
        Assert.Equal("大水坑镇", records[1]["township"]);
        Assert.Equal("other", records[1]["reason"]);

        // 44621 is the Excel serial of 2022-03-01 (44562 = 2022-01-01, + 31 + 28).
        Assert.Equal(new DateOnly(2022, 3, 1), records[1]["adjustedOn"]);
        Assert.Equal("A2:A4, B2:B4", result.Single("merged-cells-filled").Value);
    }
}

/// <summary>SpreadsheetML saved by WPS or an old Excel declares its encoding in the XML declaration.</summary>
public sealed class SpreadsheetMlEncodingTests
{
    static SpreadsheetMlEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Validate_SpreadsheetMlDeclaredGb2312_Decoded()
    {
        static string C(string t) => $"<Cell><Data ss:Type=\"String\">{t}</Data></Cell>";
        var xml = "<?xml version=\"1.0\" encoding=\"GB2312\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">" +
            "<Worksheet ss:Name=\"收入\"><Table><Row>" + C("县(市、区)") + C("乡镇") + C("乡镇工作人员月均收入（元）") + C("同职级机关人员月均收入（元）") + "</Row>" +
            "<Row>" + C("盐池县") + C("花马池镇") + "<Cell><Data ss:Type=\"Number\">5200</Data></Cell><Cell><Data ss:Type=\"Number\">4800</Data></Cell></Row></Table></Worksheet></Workbook>";

        var result = TestBooks.Run(new MemoryStream(Encoding.GetEncoding(936).GetBytes(xml)), file: "收入.xls");

        var r = result.OnlyRecord();
        Assert.Equal("花马池镇", r["township"]);
        Assert.Equal(5200m, r["townshipIncome"]);
    }
}

/// <summary>Hostile markup: each gets a clear report, never a dead process.</summary>
public sealed class HostileMarkupTests
{
    [Fact]
    public void Validate_SpreadsheetMlNestedTooDeep_FileUnreadable()
    {
        var deep = string.Concat(Enumerable.Repeat("<Font>", 100_000));
        var xml = "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">" +
            "<Worksheet ss:Name=\"a\"><Table><Row><Cell><Comment>" + deep;

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(xml)), file: "a.xls");

        var f = Assert.Single(result.Report.FileFindings);
        Assert.Equal("file-unreadable", f.Code);
    }

    [Fact]
    public void Validate_HtmlTagLongerThan64KiB_FileUnreadable()
    {
        var html = "<table><tr><td class=\"" + new string('a', 70_000) + "\">1</td></tr></table>";

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(html)), file: "a.xls");

        Assert.Equal("file-unreadable", Assert.Single(result.Report.FileFindings).Code);
    }

    [Fact]
    public void Validate_HtmlTagsFullOfQuotes_ReadInLinearTime()
    {
        // Many tags of 60,000 quotes each: a quadratic scan of the tag per quote would take minutes.
        var tag = "<td " + new string('"', 60_000) + ">x</td>";
        var html = "<table><tr>" + string.Concat(Enumerable.Repeat(tag, 50)) + "</tr></table>";
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(html)), file: "a.xls");

        Assert.Equal("no-form-recognised", Assert.Single(result.Report.FileFindings).Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("attribute")]
    [InlineData("attributes")]
    [InlineData("text")]
    public void Validate_SpreadsheetMlHugeToken_RefusedBeforeParsed(string kind)
    {
        var huge = kind switch
        {
            "attribute" => "<Cell ss:StyleID=\"" + new string('s', 3_000_000) + "\"/>",
            "attributes" => "<Cell " + string.Concat(Enumerable.Range(0, 300_000).Select(i => $"a{i}=\"\" ")) + "/>",
            _ => "<Cell><Data ss:Type=\"String\">" + new string('x', 3_000_000) + "</Data></Cell>",
        };
        var xml = "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">" +
            "<Worksheet ss:Name=\"a\"><Table><Row>" + huge + "</Row></Table></Worksheet></Workbook>";

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(xml)), file: "a.xml");

        Assert.Equal("sheet-too-large", Assert.Single(result.Report.FileFindings).Code);
    }

    [Fact]
    public void Validate_HtmlCellLongerThanCap_SheetTooLarge()
    {
        var html = "<table><tr><td>" + new string('字', 40_000) + "</td></tr></table>";

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(html)), file: "a.xls");

        Assert.Equal("sheet-too-large", Assert.Single(result.Report.FileFindings).Code);
    }

    [Fact]
    public void Validate_HtmlHugeRowspanAndColspan_ClampedAndRead()
    {
        var html = "<table><tr><th>县(市、区)</th><th>年度</th></tr><tr><td rowspan=\"99999999\" colspan=\"9999999\">盐池县</td><td>2022</td></tr></table>";

        var result = TestBooks.Run(new MemoryStream(Encoding.UTF8.GetBytes(html)), file: "a.xls");

        // The colspan covers every column up to the cap, so 2022 falls beyond it and is ignored with a warning.
        Assert.Contains(result.Report.FileFindings, f => f.Code == "columns-ignored");
        Assert.Equal("entrepreneurship", result.OnlySheet().Form);
    }
}

/// <summary>Formats recognised but not read get a clear file-unsupported report, not "not a spreadsheet".</summary>
public sealed class UnsupportedFormatsTests
{
    [Fact]
    public void Validate_OpenDocumentSpreadsheet_FileUnsupported()
    {
        var ods = RawFiles.Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<office:document-content/>"));

        var result = TestBooks.Run(ods, file: "书记.ods");

        var f = Assert.Single(result.Report.FileFindings);
        Assert.Equal("file-unsupported", f.Code);
        Assert.Contains(".ods", f.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WebArchiveSavedAsXls_FileUnsupported()
    {
        var mht = "MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01D\"\r\n\r\n------=_NextPart_01D\r\n";

        var result = TestBooks.Run(new MemoryStream(Encoding.ASCII.GetBytes(mht)), file: "书记.xls");

        var f = Assert.Single(result.Report.FileFindings);
        Assert.Equal("file-unsupported", f.Code);
        Assert.Contains("MHTML", f.MessageEn, StringComparison.Ordinal);
    }
}
