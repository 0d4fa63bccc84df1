using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Records;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Records;

public sealed class NormalizedRecordJsonTests
{
    [Fact]
    public void WriteRead_EveryForm_RoundTripsTypes()
    {
        var records = ValidRows.ByForm.Values.SelectMany(v => TestBooks.RunSheet(v.Headers, v.Row).OnlyRecords()).ToList();
        var ms = new MemoryStream();

        NormalizedRecordJson.Write(ms, records);
        ms.Position = 0;
        var back = NormalizedRecordJson.Read(ms, FormCatalog.Default);

        Assert.Equal(records.Count, back.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].Form, back[i].Form);
            Assert.Equal(records[i].PersonKey, back[i].PersonKey);
            Assert.Equal(records[i].Row, back[i].Row);
            Assert.Equal(records[i].Fields.OrderBy(k => k.Key), back[i].Fields.OrderBy(k => k.Key));
        }
    }

    [Fact]
    public void Write_OneLinePerRecordWithIsoDates()
    {
        var (headers, row) = ValidRows.ByForm["village-secretaries"];
        var ms = new MemoryStream();

        NormalizedRecordJson.Write(ms, TestBooks.RunSheet(headers, row).OnlyRecords());

        var text = System.Text.Encoding.UTF8.GetString(ms.ToArray());
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"birthDate\":\"1975-06-15\"", text, StringComparison.Ordinal);
        Assert.Contains("\"term\":2021", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Ids.Male1975, text, StringComparison.Ordinal);
        Assert.DoesNotContain("王五", text, StringComparison.Ordinal);
    }
}
