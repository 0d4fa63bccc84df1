using System.Globalization;

namespace CadrePipeline.SampleData;

internal enum DateFmt
{
    Serial,
    Iso,
    Slash,
    DotMonth,
    DotMonthShort,
    CnMonth,
    CnDay,
    YyyyMm,
}

internal enum BoolFmt
{
    ShiFou,
    Check,
    YesNoLetter,
    YouWu,
}

internal enum CountyFmt
{
    Code,
    Name,
    Short,
    Traditional,
}

/// <summary>How one county writes its cells: script, aliases, date and bool conventions.</summary>
internal sealed record Style
{
    public bool Traditional { get; init; }

    public bool Aliases { get; init; }

    public DateFmt BirthDates { get; init; } = DateFmt.Iso;

    public DateFmt Dates { get; init; } = DateFmt.Iso;

    public BoolFmt Bools { get; init; } = BoolFmt.ShiFou;

    public int EnumVariant { get; init; }

    public CountyFmt County { get; init; } = CountyFmt.Name;

    public bool TermSuffix { get; init; }

    /// <summary>Every n-th ID number is written with full-width digits (0 = never).</summary>
    public int FullWidthIdEvery { get; init; }

    public Style With(Func<Style, Style> f) => f(this);
}

/// <summary>A sheet (or CSV file) to build from rows of one form.</summary>
internal sealed class SheetSpec(string name, FormDef form, IReadOnlyList<Rec> rows, Style style)
{
    public string Name { get; } = name;

    public FormDef Form { get; } = form;

    public IReadOnlyList<Rec> Rows { get; } = rows;

    public Style Style { get; } = style;

    public string? Title { get; init; }

    public string? UnitLine { get; init; }

    public bool SerialColumn { get; init; }

    public bool RemarkColumn { get; init; }

    /// <summary>Two-row header: group label over these fields; other fields are merged down.</summary>
    public IReadOnlyList<(string Label, string[] Fields)>? Groups { get; init; }

    public bool TotalRow { get; init; }

    public string? Note { get; init; }

    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, Func<Rec, object?>> Values { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Where an expected finding lands in a written file.</summary>
internal sealed record Placed(string File, string Sheet, string Cell, int Row, Expectation Expect, string Form);

internal static class Render
{
    public static SheetData Build(SheetSpec spec, string fileName, bool csv, List<Placed> placed)
    {
        var st = spec.Style;
        var sheet = new SheetData(spec.Name);
        var cols = spec.Form.Columns;
        var width = cols.Count + (spec.SerialColumn ? 1 : 0) + (spec.RemarkColumn ? 1 : 0);
        var offset = spec.SerialColumn ? 1 : 0;
        string Tr(string s) => st.Traditional ? Traditional.Convert(s) : s;
        var lastCol = SheetData.ColumnLetter(width - 1);

        if (spec.Title is not null)
        {
            sheet.Rows.Add(new SheetRow(RowKind.Title, Pad([Tr(spec.Title)], width)));
            sheet.Merges.Add($"A{sheet.Rows.Count}:{lastCol}{sheet.Rows.Count}");
        }

        if (spec.UnitLine is not null)
        {
            sheet.Rows.Add(new SheetRow(RowKind.Unit, Pad([Tr(spec.UnitLine)], width)));
            sheet.Merges.Add($"A{sheet.Rows.Count}:{lastCol}{sheet.Rows.Count}");
        }

        var headers = new object?[width];
        if (spec.SerialColumn)
        {
            headers[0] = Tr("序号");
        }

        for (var i = 0; i < cols.Count; i++)
        {
            var c = cols[i];
            headers[i + offset] = spec.Headers.TryGetValue(c.Field, out var h) ? h : Tr(st.Aliases && c.Alias is not null ? c.Alias : c.Header);
        }

        if (spec.RemarkColumn)
        {
            headers[width - 1] = Tr("备注");
        }

        if (spec.Groups is null)
        {
            sheet.Rows.Add(new SheetRow(RowKind.Header, headers));
        }
        else
        {
            var upper = new object?[width];
            var lower = new object?[width];
            var top = sheet.Rows.Count + 1;
            var grouped = spec.Groups.SelectMany(g => g.Fields).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < width; i++)
            {
                var field = i >= offset && i - offset < cols.Count ? cols[i - offset].Field : null;
                if (field is not null && grouped.Contains(field))
                {
                    lower[i] = headers[i];
                }
                else
                {
                    upper[i] = headers[i];
                    var letter = SheetData.ColumnLetter(i);
                    sheet.Merges.Add($"{letter}{top}:{letter}{top + 1}");
                }
            }

            foreach (var (label, fields) in spec.Groups)
            {
                var idx = fields.Select(f => cols.ToList().FindIndex(c => c.Field == f) + offset).ToList();
                upper[idx.Min()] = Tr(label);
                sheet.Merges.Add($"{SheetData.ColumnLetter(idx.Min())}{top}:{SheetData.ColumnLetter(idx.Max())}{top}");
            }

            sheet.Rows.Add(new SheetRow(RowKind.Header, upper));
            sheet.Rows.Add(new SheetRow(RowKind.Header, lower));
        }

        var n = 0;
        foreach (var rec in spec.Rows)
        {
            n++;
            var cells = new object?[width];
            if (spec.SerialColumn)
            {
                cells[0] = (decimal)n;
            }

            for (var i = 0; i < cols.Count; i++)
            {
                var c = cols[i];
                cells[i + offset] = spec.Values.TryGetValue(c.Field, out var f) ? f(rec) : Cell(rec, c, st, csv, n);
            }

            sheet.Rows.Add(new SheetRow(RowKind.Data, cells));
            if (rec.Expect is { } e)
            {
                var col = cols.ToList().FindIndex(c => c.Field == e.Field) + offset;
                var row = sheet.Rows.Count;
                placed.Add(new Placed(fileName, spec.Name, SheetData.ColumnLetter(col) + row.ToString(CultureInfo.InvariantCulture), row, e, spec.Form.Id));
            }
        }

        if (spec.TotalRow)
        {
            var cells = new object?[width];
            cells[0] = Tr("合计");
            var nameIdx = cols.ToList().FindIndex(c => c.Field == "name");
            if (nameIdx >= 0)
            {
                cells[nameIdx + offset] = spec.Rows.Count.ToString(CultureInfo.InvariantCulture) + "人";
            }

            for (var i = 0; i < cols.Count; i++)
            {
                if (cols[i].Type == ColType.Int && cols[i].Field is not ("year" or "term" or "recruitedYear" or "villageMonths"))
                {
                    cells[i + offset] = spec.Rows.Sum(r => r[cols[i].Field] is int v ? v : 0);
                }
            }

            var firstData = sheet.Rows.FindIndex(r => r.Kind == RowKind.Data) + 1;
            var lastData = sheet.Rows.Count;
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i] is int iv)
                {
                    var letter = SheetData.ColumnLetter(i);
                    cells[i] = new FormulaCell($"SUM({letter}{firstData}:{letter}{lastData})", iv);
                }
            }

            sheet.Rows.Add(new SheetRow(RowKind.Total, cells));
        }

        if (spec.Note is not null)
        {
            sheet.Rows.Add(new SheetRow(RowKind.Note, Pad([Tr(spec.Note)], width)));
            if (!csv)
            {
                sheet.Merges.Add($"A{sheet.Rows.Count}:{lastCol}{sheet.Rows.Count}");
            }
        }

        return sheet;
    }

    private static object?[] Pad(object?[] cells, int width)
    {
        var a = new object?[width];
        Array.Copy(cells, a, Math.Min(cells.Length, width));
        return a;
    }

    public static object? Cell(Rec rec, ColDef col, Style st, bool csv, int n)
    {
        var v = rec.F.TryGetValue(col.Field, out var x) ? x : null;
        if (v is Raw raw)
        {
            return raw.Text.Length == 0 ? null : raw.Text;
        }

        switch (col.Type)
        {
            case ColType.Name:
                return rec.P!.Name;
            case ColType.Id:
                var id = rec.P!.IdNumber;
                return st.FullWidthIdEvery > 0 && n % st.FullWidthIdEvery == 0 ? IdCard.ToFullWidth(id) : id;
            case ColType.Sex:
                var sex = v as string ?? (rec.P!.Sex == Sex.Male ? "male" : "female");
                return sex == "male" ? "男" : "女";
            case ColType.BirthDate:
                return Date(v as DateOnly? ?? rec.P!.BirthDate, st.BirthDates, csv, st.Traditional);
        }

        if (v is null)
        {
            return col.Type == ColType.Bool && st.Bools != BoolFmt.Check ? Bool(false, st) : null;
        }

        switch (col.Type)
        {
            case ColType.Area:
                return v switch
                {
                    string code => CountyText(code, st),
                    Township t => t.Name,
                    Village vi => vi.Name,
                    _ => throw new InvalidOperationException("area value"),
                };
            case ColType.Text:
                return v is Township tt ? tt.Name : v is Village vv ? vv.Name : (string)v;
            case ColType.Bool:
                return Bool((bool)v, st);
            case ColType.Int:
                var i = Convert.ToDecimal(v, CultureInfo.InvariantCulture);
                if (col.Field == "term" && st.TermSuffix)
                {
                    return i.ToString(CultureInfo.InvariantCulture) + (st.Traditional ? "屆" : "届");
                }

                return i;
            case ColType.Money:
                return (decimal)v;
            case ColType.Date:
                return Date((DateOnly)v, st.Dates, csv, st.Traditional);
            case ColType.Enum:
                var labels = Forms.EnumLabels[col.Field][(string)v];
                var label = labels[Math.Min(st.EnumVariant, labels.Length - 1)];
                if (label.Contains("{x}", StringComparison.Ordinal))
                {
                    label = label.Replace("{x}", ((Township)rec["township"]!).IsTown ? "镇" : "乡", StringComparison.Ordinal);
                }

                return st.Traditional ? Traditional.Convert(label) : label;
            default:
                throw new InvalidOperationException(col.Type.ToString());
        }
    }

    public static string CountyText(string code, Style st)
    {
        var info = CountyNames[code];
        return st.County switch
        {
            CountyFmt.Code => code,
            CountyFmt.Short => info.Short,
            CountyFmt.Traditional => info.Traditional ?? Traditional.Convert(info.Name),
            _ => info.Name,
        };
    }

    private static readonly Dictionary<string, (string Name, string Short, string? Traditional)> CountyNames = new(StringComparer.Ordinal)
    {
        ["640302"] = ("利通区", "利通", null),
        ["640303"] = ("红寺堡区", "红寺堡", null),
        ["640323"] = ("盐池县", "盐池", null),
        ["640324"] = ("同心县", "同心", null),
        ["640381"] = ("青铜峡市", "青铜峡", null),
    };

    /// <summary>Adds a county of another scenario (the province) with its own Traditional name.</summary>
    public static void AddCounty(string code, string name, string shortName, string traditional) =>
        CountyNames[code] = (name, shortName, traditional);

    private static object? Bool(bool b, Style st) => st.Bools switch
    {
        BoolFmt.Check => b ? "√" : null,
        BoolFmt.YesNoLetter => b ? "Y" : "N",
        BoolFmt.YouWu => b ? "有" : st.Traditional ? "無" : "无",
        _ => b ? "是" : "否",
    };

    public static object Date(DateOnly d, DateFmt fmt, bool csv, bool traditional)
    {
        _ = traditional;
        var ci = CultureInfo.InvariantCulture;
        return fmt switch
        {
            DateFmt.Serial when !csv => d,
            DateFmt.Serial or DateFmt.Iso => d.ToString("yyyy-MM-dd", ci),
            DateFmt.Slash => $"{d.Year}/{d.Month}/{d.Day}",
            DateFmt.DotMonth => d.ToString("yyyy.MM", ci),
            DateFmt.DotMonthShort => $"{d.Year}.{d.Month}",
            DateFmt.CnMonth => $"{d.Year}年{d.Month}月",
            DateFmt.CnDay => $"{d.Year}年{d.Month}月{d.Day}日",
            DateFmt.YyyyMm => d.ToString("yyyyMM", ci),
            _ => throw new InvalidOperationException(fmt.ToString()),
        };
    }
}
