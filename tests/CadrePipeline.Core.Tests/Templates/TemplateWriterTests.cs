using System.IO.Compression;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Templates;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Templates;

public sealed class TemplateWriterTests
{
    private static MemoryStream Template()
    {
        var ms = new MemoryStream();
        TemplateWriter.Write(ms, FormCatalog.Default, AreaCatalog.Default, "640323", 2022);
        ms.Position = 0;
        return ms;
    }

    [Fact]
    public void Write_ReadBack_EveryFormRecognisedOnItsOwnSheet()
    {
        var result = TestBooks.Run(Template());

        Assert.Equal(FormCatalog.Default.Forms.Select(f => f.Id), result.Report.Sheets.Select(s => s.Form));
        Assert.All(result.Report.Sheets, s => Assert.Equal(2, s.HeaderRow));
        Assert.Equal(FormCatalog.Default.Forms.Select(f => f.TitleZh), result.Report.Sheets.Select(s => s.Sheet));
        Assert.True(result.Report.Valid);
    }

    [Fact]
    public void Write_TitleRowAndDropDownsForEnumsAndBools()
    {
        using var zip = new ZipArchive(Template());
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).ToList();
        var sharedStrings = new StreamReader(zip.GetEntry("xl/sharedStrings.xml")!.Open()).ReadToEnd();
        var secretaries = new StreamReader(zip.GetEntry("xl/worksheets/sheet5.xml")!.Open()).ReadToEnd();

        Assert.Equal(10, sheets.Count);
        Assert.Contains("盐池县2022年村党组织书记名册", sharedStrings, StringComparison.Ordinal);
        // sex (F), education (I), status (L) and the four bools (M–P) carry lists; the county column offers the county.
        Assert.Contains("sqref=\"F3:F2002\"><formula1>\"男,女\"</formula1>", secretaries, StringComparison.Ordinal);
        Assert.Contains("sqref=\"I3:I2002\"><formula1>\"研究生,大学本科,大学专科,中专,高中,初中\"</formula1>", secretaries, StringComparison.Ordinal);
        Assert.Contains("sqref=\"L3:L2002\"><formula1>\"新任,连任\"</formula1>", secretaries, StringComparison.Ordinal);
        foreach (var col in "MNOP")
        {
            Assert.Contains($"sqref=\"{col}3:{col}2002\"><formula1>\"是,否\"</formula1>", secretaries, StringComparison.Ordinal);
        }

        Assert.Contains("sqref=\"A3:A2002\"><formula1>\"盐池县\"</formula1>", secretaries, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TemplateFilledWithValidRows_Valid()
    {
        var filled = TemplateFiller.Fill("640323", 2022, ValidRows.ByForm.ToDictionary(kv => kv.Key, kv => kv.Value.Row));

        var result = TestBooks.Run(filled);

        Assert.True(result.Report.Valid);
        Assert.All(result.Report.Sheets, s => Assert.Equal(1, s.RowsAccepted));
    }
}

/// <summary>Writes the template's title and header rows with valid rows below, as a county would fill it.</summary>
internal static class TemplateFiller
{
    public static MemoryStream Fill(string county, int period, IReadOnlyDictionary<string, object?[]> rows)
    {
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            foreach (var form in FormCatalog.Default.Forms)
            {
                w.StartSheet(TemplateWriter.SheetName(form.TitleZh));
                w.WriteRow([$"{AreaCatalog.Default.Find(county)!.NameZh}{period}年{form.TitleZh}"]);
                w.WriteRow(form.Fields.Select(f => (object?)f.HeaderZh).ToList());
                w.WriteRow(rows[form.Id]);
            }
        }

        ms.Position = 0;
        return ms;
    }
}
