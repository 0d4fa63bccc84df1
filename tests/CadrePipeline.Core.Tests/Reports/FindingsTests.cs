using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Reports;

public sealed class FindingsTests
{
    [Fact]
    public void Mask_IdNumber_First6Last2()
    {
        Assert.Equal("640323********12", Findings.Mask("640323198503120012"));
        Assert.Equal("110105********2X", Findings.Mask(Ids.Standard));
    }

    [Fact]
    public void IdChecksum_PlaceAndMessagesAsReportSpec()
    {
        var f = Findings.IdChecksum("村书记", 12, 5, "640323198503120012");

        Assert.Equal("id-checksum", f.Code);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal("F12", f.Cell);
        Assert.Equal(12, f.Row);
        Assert.Equal("idNumber", f.Field);
        Assert.Equal("640323********12", f.Value);
        Assert.Equal("身份证号校验位错误", f.Message);
        Assert.Equal("ID number check digit is wrong", f.MessageEn);
    }

    [Fact]
    public void Report_Json_HasDocumentedShape()
    {
        var result = TestBooks.RunSheet(ValidRows.ByForm["village-secretaries"].Headers,
            ["盐池县", "花马池镇", "城西滩村", "王五", Ids.BadCheck, null, null, null, "高中", null, 2021, "新任"]);

        using var doc = System.Text.Json.JsonDocument.Parse(result.Report.ToJson());
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.False(root.GetProperty("valid").GetBoolean());
        var sheet = root.GetProperty("sheets")[0];
        Assert.Equal("village-secretaries", sheet.GetProperty("form").GetString());
        Assert.Equal(1, sheet.GetProperty("rowsRead").GetInt32());
        Assert.Equal(0, sheet.GetProperty("rowsAccepted").GetInt32());
        var f = sheet.GetProperty("findings")[0];
        Assert.Equal("error", f.GetProperty("severity").GetString());
        Assert.Equal("E2", f.GetProperty("cell").GetString());
        Assert.Equal("640323********50", f.GetProperty("value").GetString());
        Assert.DoesNotContain(Ids.BadCheck, result.Report.ToJson(), StringComparison.Ordinal);
    }
}
