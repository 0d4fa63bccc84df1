using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using System.Text.Json;
using CadrePipeline.Cli.Commands;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Cli.Tests.Commands;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cadre-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> Run(ICadreCommand command, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var c = command switch
        {
            ValidateCommand => (ICadreCommand)new ValidateCommand(output, error),
            _ => new TemplateCommand(output, error),
        };
        var exit = await c.RunAsync(new CommandArgs(args), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<string> TemplatePath()
    {
        var path = Path.Combine(_dir, "template.xlsx");
        var (exit, _, _) = await Run(new TemplateCommand(), "--county", "640323", "--period", "2022", "--out", path);
        Assert.Equal(0, exit);
        return path;
    }

    [Fact]
    public async Task RunAsync_TemplateFilledWithValidRows_JsonValidTrueExit0()
    {
        var path = await TemplatePath();
        FillTemplate(path, ValidRows.ByForm.ToDictionary(kv => kv.Key, kv => kv.Value.Row));

        var (exit, output, _) = await Run(new ValidateCommand(), path, "--county", "640323", "--period", "2022", "--json");

        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, exit);
        var sheets = doc.RootElement.GetProperty("sheets").EnumerateArray().ToList();
        Assert.Equal(10, sheets.Count);
        Assert.All(sheets, s => Assert.Equal(1, s.GetProperty("rowsAccepted").GetInt32()));
        Assert.Equal("template.xlsx", doc.RootElement.GetProperty("file").GetString());
        Assert.Equal("640323", doc.RootElement.GetProperty("county").GetString());
    }

    [Fact]
    public async Task RunAsync_RowWithBadId_Exit1AndHumanSummaryNamesCellAndCode()
    {
        var path = await TemplatePath();
        var rows = ValidRows.ByForm.ToDictionary(kv => kv.Key, kv => kv.Value.Row);
        var bad = (object?[])rows["promotions"].Clone();
        bad[2] = Ids.BadCheck;
        rows["promotions"] = bad;
        FillTemplate(path, rows);

        var (exit, output, _) = await Run(new ValidateCommand(), path, "--county", "640323", "--period", "2022");

        Assert.Equal(1, exit);
        Assert.Contains("C3 id-checksum", output, StringComparison.Ordinal);
        Assert.Contains("ID number check digit is wrong", output, StringComparison.Ordinal);
        Assert.Contains("身份证号校验位错误", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Ids.BadCheck, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingFile_Exit2()
    {
        var (exit, _, err) = await Run(new ValidateCommand(), Path.Combine(_dir, "nope.xlsx"), "--county", "640323", "--period", "2022");

        Assert.Equal(2, exit);
        Assert.Contains("not found", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--county", "640323")]
    [InlineData("--period", "2022")]
    [InlineData("--county", "999999", "--period", "2022")]
    public async Task RunAsync_BadUsage_Exit2(params string[] options)
    {
        var path = await TemplatePath();

        var (exit, _, _) = await Run(new ValidateCommand(), [path, .. options]);

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task RunAsync_CorruptFile_Exit1WithFileFinding()
    {
        var path = Path.Combine(_dir, "bad.xlsx");
        await File.WriteAllTextAsync(path, "not a workbook");

        var (exit, output, _) = await Run(new ValidateCommand(), path, "--county", "640323", "--period", "2022", "--json");

        Assert.Equal(1, exit);
        Assert.Contains("file-unreadable", output, StringComparison.Ordinal);
    }

    /// <summary>Types rows into the template's sheets below the header, as inline-string or number cells.</summary>
    private static void FillTemplate(string path, IReadOnlyDictionary<string, object?[]> rows)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var forms = FormCatalog.Default.Forms;
        for (var i = 0; i < forms.Count; i++)
        {
            var entry = zip.GetEntry($"xl/worksheets/sheet{i + 1}.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var row = new StringBuilder("<row r=\"3\">");
            var values = rows[forms[i].Id];
            for (var c = 0; c < values.Length; c++)
            {
                var a1 = $"{(char)('A' + c)}3";
                row.Append(values[c] switch
                {
                    null => "",
                    string s => $"<c r=\"{a1}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(s)}</t></is></c>",
                    var n => $"<c r=\"{a1}\"><v>{Convert.ToString(n, CultureInfo.InvariantCulture)}</v></c>",
                });
            }

            xml = xml.Replace("</sheetData>", row.Append("</row></sheetData>").ToString(), StringComparison.Ordinal);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry($"xl/worksheets/sheet{i + 1}.xml").Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }
    }
}
