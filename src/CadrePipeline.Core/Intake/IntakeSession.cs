using System.Globalization;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Intake.Readers;
using CadrePipeline.Core.Intake.Text;
using CadrePipeline.Core.Records;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Core.Intake;

/// <summary>The state of one upload: the sheets read so far and the keys seen, for the cross-row rules.</summary>
internal sealed class IntakeSession(
    FormCatalog forms,
    AreaCatalog areas,
    IIdHasher hasher,
    IntakeOptions options,
    string countyCode,
    int period,
    VillageRegister? register)
{
    private readonly Dictionary<(string Form, int Rule), Dictionary<string, (string Sheet, int Row)>> _seen = [];
    private readonly Dictionary<FormDefinition, Dictionary<string, Dictionary<string, string>>> _enumLookups = [];
    private readonly DateOnly _periodEnd = new(period, 12, 31);

    public FormCatalog Forms => forms;

    public (SheetReport Report, FormBatch? Batch, bool HadRows) ReadSheet(SheetSource sheet, HeaderMatcher matcher)
    {
        using var rows = sheet.Rows().GetEnumerator();
        var head = new List<SheetRow>();
        while (head.Count < options.HeaderSearchRows && rows.MoveNext())
        {
            if (!rows.Current.IsBlank)
            {
                head.Add(rows.Current);
            }
        }

        if (head.Count == 0)
        {
            return (new SheetReport { Sheet = sheet.Name }, null, false);
        }

        var match = matcher.Find(head);
        if (match is null)
        {
            return (new SheetReport { Sheet = sheet.Name, Findings = [Findings.SheetUnrecognised(sheet.Name)] }, null, true);
        }

        var findings = new FindingList(sheet.Name, options.MaxFindingsPerSheet);
        var missing = match.MissingRequired.ToList();
        foreach (var f in missing)
        {
            findings.Add(Findings.ColumnMissing(sheet.Name, match.HeaderRow, f.Id, f.HeaderZh));
        }

        var validator = new RowValidator(this, match, sheet.Name, EnumLookup(match.Form));
        var records = new List<NormalizedRecord>();
        var read = 0;
        var accepted = 0;
        foreach (var row in head.Skip(match.HeaderIndex + 1).Concat(Rest(rows)))
        {
            if (IsSkipped(row))
            {
                continue;
            }

            read++;
            if (missing.Count > 0)
            {
                continue;
            }

            var record = validator.Validate(row, findings);
            if (record is not null)
            {
                accepted++;
                records.Add(record);
            }
        }

        var report = new SheetReport
        {
            Sheet = sheet.Name,
            Form = match.Form.Id,
            HeaderRow = match.HeaderRow,
            RowsRead = read,
            RowsAccepted = accepted,
            Findings = findings.Complete(),
        };
        return (report, new FormBatch { Form = match.Form.Id, Sheet = sheet.Name, Records = records }, true);
    }

    private static IEnumerable<SheetRow> Rest(IEnumerator<SheetRow> rows)
    {
        while (rows.MoveNext())
        {
            yield return rows.Current;
        }
    }

    /// <summary>Blank rows, totals rows (合计/小计/总计 in the first non-empty cells) and note rows (填表说明, 注:) are not records.</summary>
    internal static bool IsSkipped(SheetRow row)
    {
        var seen = 0;
        foreach (var cell in row.Cells)
        {
            if (cell.IsBlank)
            {
                continue;
            }

            var key = TextFold.ValueKey(ValueParsers.Text(cell));
            if (key.StartsWith("合计", StringComparison.Ordinal) || key.StartsWith("小计", StringComparison.Ordinal) || key.StartsWith("总计", StringComparison.Ordinal))
            {
                return true;
            }

            if (seen == 0 && (key.StartsWith("填表说明", StringComparison.Ordinal) || key.StartsWith("填报说明", StringComparison.Ordinal)
                || key.StartsWith("注:", StringComparison.Ordinal) || key.StartsWith("说明:", StringComparison.Ordinal) || key.StartsWith("备注:", StringComparison.Ordinal)))
            {
                return true;
            }

            if (++seen == 2)
            {
                return false;
            }
        }

        return seen == 0;
    }

    private Dictionary<string, Dictionary<string, string>> EnumLookup(FormDefinition form)
    {
        if (_enumLookups.TryGetValue(form, out var lookup))
        {
            return lookup;
        }

        lookup = [];
        foreach (var field in form.Fields.Where(f => f.Type == FieldType.Enum))
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var v in field.Values)
            {
                map.TryAdd(TextFold.ValueKey(v.Code), v.Code);
                foreach (var name in v.Names)
                {
                    map.TryAdd(TextFold.ValueKey(name), v.Code);
                }
            }

            lookup[field.Id] = map;
        }

        _enumLookups[form] = lookup;
        return lookup;
    }

    public string CountyCode => countyCode;

    public int Period => period;

    public DateOnly PeriodEnd => _periodEnd;

    public IIdHasher Hasher => hasher;

    /// <summary>A county written as code or name (either script, with or without suffix), or null.</summary>
    public string? ResolveCounty(string written)
    {
        var folded = TextFold.Fold(written).Replace(" ", "", StringComparison.Ordinal);
        var code = areas.ResolveCode(folded) ?? areas.ResolveCode(TextFold.ToSimplified(folded));
        return code is not null && areas.IsCounty(code) ? code : null;
    }

    public VillageRegister? Register => register is { IsEmpty: false } ? register : null;

    public string? ResolveTownship(string written)
    {
        if (Register is null)
        {
            return written.Length == 9 && written.All(char.IsAsciiDigit) && written.StartsWith(countyCode, StringComparison.Ordinal) ? written : null;
        }

        foreach (var candidate in Candidates(written, "镇", "乡"))
        {
            var code = Register.ResolveTownship(candidate);
            if (code is not null)
            {
                return code;
            }
        }

        return null;
    }

    public string? ResolveVillage(string? township, string written)
    {
        if (Register is null)
        {
            return written.Length == 12 && written.All(char.IsAsciiDigit) && written.StartsWith(countyCode, StringComparison.Ordinal) ? written : null;
        }

        foreach (var candidate in Candidates(written, "村"))
        {
            var code = Register.ResolveVillage(township, candidate);
            if (code is not null)
            {
                return code;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string written, params string[] suffixes)
    {
        var simplified = TextFold.ToSimplified(written.Replace(" ", "", StringComparison.Ordinal));
        yield return written;
        yield return simplified;
        foreach (var s in suffixes)
        {
            if (simplified.EndsWith(s, StringComparison.Ordinal))
            {
                yield return simplified[..^s.Length];
            }
            else
            {
                yield return simplified + s;
            }
        }
    }

    /// <summary>
    /// Applies the unique rules of a form across this upload. Returns the first duplicate found (the rule's code, the
    /// first row's place), or null after remembering this row's keys.
    /// </summary>
    public (UniqueRule Rule, string Sheet, int Row)? CheckUnique(FormDefinition form, string sheet, int row, Func<string, string?> keyPart)
    {
        var keys = new List<(int Index, string Key)>();
        for (var i = 0; i < form.Unique.Count; i++)
        {
            var rule = form.Unique[i];
            var parts = rule.Fields.Select(keyPart).ToList();
            if (parts.Any(p => p is null))
            {
                continue;
            }

            var key = string.Join('\u001F', parts);
            if (_seen.TryGetValue((form.Id, i), out var seen) && seen.TryGetValue(key, out var first))
            {
                return (rule, first.Sheet, first.Row);
            }

            keys.Add((i, key));
        }

        foreach (var (index, key) in keys)
        {
            if (!_seen.TryGetValue((form.Id, index), out var seen))
            {
                _seen[(form.Id, index)] = seen = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
            }

            seen[key] = (sheet, row);
        }

        return null;
    }

    public static string Invariant(object value) => value switch
    {
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>A sheet's findings, listed up to a cap; the rest are counted.</summary>
internal sealed class FindingList(string sheet, int cap)
{
    private readonly List<Finding> _list = [];
    private int _dropped;
    private bool _droppedError;

    public void Add(Finding finding)
    {
        if (_list.Count < cap)
        {
            _list.Add(finding);
        }
        else
        {
            _dropped++;
            _droppedError |= finding.Severity == Severity.Error;
        }
    }

    public List<Finding> Complete()
    {
        if (_dropped > 0)
        {
            _list.Add(Findings.FindingsTruncated(sheet, _dropped, _droppedError));
        }

        return _list;
    }
}
