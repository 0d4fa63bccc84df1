using System.Globalization;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;

namespace CadrePipeline.Core.Templates;

/// <summary>
/// Writes the blank template workbook of a county and period from the form definitions: one sheet per form named by
/// its title, a title row ("盐池县2022年村党组织书记名册"), the header row, and drop-down lists for every enum and bool.
/// </summary>
public static class TemplateWriter
{
    /// <summary>Rows below the header that carry the drop-down lists.</summary>
    public const int ListRows = 2000;

    /// <summary>The header row of every template sheet (the title is row 1).</summary>
    public const int HeaderRow = 2;

    public static void Write(Stream output, FormCatalog forms, AreaCatalog areas, string countyCode, int period)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(forms);
        ArgumentNullException.ThrowIfNull(areas);
        var county = areas.Find(countyCode) ?? throw new ArgumentException($"unknown county {countyCode}", nameof(countyCode));
        using var writer = new XlsxWriter(output);
        foreach (var form in forms.Forms)
        {
            var columns = form.Fields.Select(f => new XlsxColumn(Math.Max(10, f.HeaderZh.Length * 2.2), f.Type is FieldType.IdCard or FieldType.Text)).ToList();
            writer.StartSheet(SheetName(form.TitleZh), columns);
            var title = string.Create(CultureInfo.InvariantCulture, $"{county.NameZh}{period}年{form.TitleZh}");
            writer.WriteRow([title], title: true);
            writer.AddMerge($"A1:{XlsxWriter.ColumnName(form.Fields.Count - 1)}1");
            writer.WriteRow(form.Fields.Select(f => (object?)f.HeaderZh).ToList(), bold: true);
            for (var i = 0; i < form.Fields.Count; i++)
            {
                var field = form.Fields[i];
                var items = field.Type switch
                {
                    FieldType.Enum => field.Values.Select(v => v.Names.FirstOrDefault() ?? v.Code).ToList(),
                    FieldType.Bool => ["是", "否"],
                    FieldType.Area when field.Level == AreaFieldLevel.County => [county.NameZh],
                    _ => null,
                };
                if (items is not null)
                {
                    var col = XlsxWriter.ColumnName(i);
                    writer.AddListValidation($"{col}{HeaderRow + 1}:{col}{HeaderRow + ListRows}", items);
                }
            }
        }
    }

    /// <summary>Excel sheet names have at most 31 characters and none of []:*?/\.</summary>
    public static string SheetName(string title)
    {
        var clean = new string(title.Where(c => "[]:*?/\\".IndexOf(c, StringComparison.Ordinal) < 0).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
    }
}
