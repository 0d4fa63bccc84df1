using System.Globalization;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Intake.Readers;
using CadrePipeline.Core.Intake.Text;
using CadrePipeline.Core.Records;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Core.Intake;

/// <summary>Parses, checks and normalizes the rows of one recognised sheet against its form definition.</summary>
internal sealed class RowValidator
{
    private readonly IntakeSession _session;
    private readonly FormDefinition _form;
    private readonly FieldBinding[] _bindings;
    private readonly Dictionary<string, int> _index;
    private readonly string _sheet;
    private readonly Dictionary<string, Dictionary<string, string>> _enums;
    private readonly int _idIndex;

    public RowValidator(IntakeSession session, HeaderMatch match, string sheet, Dictionary<string, Dictionary<string, string>> enums)
    {
        _session = session;
        _form = match.Form;
        _bindings = match.Bindings;
        _sheet = sheet;
        _enums = enums;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _bindings.Length; i++)
        {
            _index[_bindings[i].Field.Id] = i;
        }

        _idIndex = Array.FindIndex(_bindings, b => b.Field.Type == FieldType.IdCard);
        _townshipIdx = Array.FindIndex(_bindings, b => b.Field is { Type: FieldType.Area, Level: AreaFieldLevel.Township });
        _villageIdx = Array.FindIndex(_bindings, b => b.Field is { Type: FieldType.Area, Level: AreaFieldLevel.Village });

        // One shared layout per sheet: the form's non-personal fields, then the resolved codes and the fields derived from the ID.
        var keys = _bindings.Where(b => !b.Field.IsPersonal).Select(b => b.Field.Id).ToList();
        void Extra(bool wanted, string key)
        {
            if (wanted && !keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        Extra(_townshipIdx >= 0, "townshipCode");
        Extra(_villageIdx >= 0, "villageCode");
        Extra(_idIndex >= 0, "birthDate");
        Extra(_idIndex >= 0, "sex");
        _layout = new FieldLayout(keys);
        _slot = _bindings.Select(b => b.Field.IsPersonal ? -1 : _layout.IndexOf(b.Field.Id)).ToArray();
        _townshipCodeSlot = _townshipIdx >= 0 ? _layout.IndexOf("townshipCode") : -1;
        _villageCodeSlot = _villageIdx >= 0 ? _layout.IndexOf("villageCode") : -1;
        _birthSlot = _idIndex >= 0 ? _layout.IndexOf("birthDate") : -1;
        _sexSlot = _idIndex >= 0 ? _layout.IndexOf("sex") : -1;
        _values = new object?[_bindings.Length];
        _monthOnly = new bool[_bindings.Length];
        _failed = new bool[_bindings.Length];
        _written = new string?[_bindings.Length];
        _seen = Enumerable.Range(0, _form.Unique.Count).Select(u => session.Seen(_form, u)).ToArray();
    }

    private readonly Dictionary<UniqueKey, (string Sheet, int Row)>[] _seen;

    private readonly int _townshipIdx;
    private readonly int _villageIdx;
    private readonly FieldLayout _layout;

    // Scratch space reused row after row (a validator serves one sheet, on one thread).
    private readonly object?[] _values;
    private readonly bool[] _monthOnly;
    private readonly bool[] _failed;
    private readonly string?[] _written;
    private SheetRow? _row;
    private readonly int[] _slot;
    private readonly int _townshipCodeSlot;
    private readonly int _villageCodeSlot;
    private readonly int _birthSlot;
    private readonly int _sexSlot;
    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>Validates one data row; returns its record when no error was found.</summary>
    public NormalizedRecord? Validate(SheetRow row, FindingList findings)
    {
        var n = _bindings.Length;
        var values = _values;
        var monthOnly = _monthOnly;
        var failed = _failed;
        var written = _written;
        Array.Clear(values);
        Array.Clear(monthOnly);
        Array.Clear(failed);
        Array.Clear(written);
        var error = false;
        var r = row.RowNumber;
        _row = row;

        string? id = null;
        var idColumn = -1;
        for (var i = 0; i < n; i++)
        {
            var b = _bindings[i];
            var f = b.Field;
            if (b.Column < 0)
            {
                continue;
            }

            var cell = row[b.Column];
            if (cell.Kind == CellKind.Error)
            {
                error |= Add(findings, Findings.CellError(_sheet, r, b.Column, f.Id, cell.Text ?? "#N/A", f.Required));
                failed[i] = true;
                if (f.Required)
                {
                    continue;
                }

                cell = Cell.Empty;
            }

            if (cell.IsBlank)
            {
                if (f.Required && !failed[i])
                {
                    error |= Add(findings, Findings.RequiredMissing(_sheet, r, b.Column, f.Id, b.Header.Trim()));
                    failed[i] = true;
                }

                values[i] = f.Type == FieldType.Bool ? False : null;
                continue;
            }

            // A number typed into a numeric column needs no text unless a finding shows it.
            var text = cell.Kind == CellKind.Number && f.Type is FieldType.Int or FieldType.Decimal ? "" : ValueParsers.Text(cell);
            written[i] = text.Length == 0 ? null : text;
            switch (f.Type)
            {
                case FieldType.Text:
                {
                    var folded = TextFold.Fold(text);
                    values[i] = f.Synonyms.Count > 0
                        && (f.Synonyms.TryGetValue(folded, out var canonical) || f.Synonyms.TryGetValue(TextFold.ToSimplified(folded), out canonical))
                        ? canonical
                        : folded;
                    break;
                }

                case FieldType.Bool:
                    if (ValueParsers.TryBool(cell, out var flag))
                    {
                        values[i] = flag ? True : False;
                    }
                    else
                    {
                        error |= Add(findings, Findings.BoolInvalid(_sheet, r, b.Column, f.Id, text));
                        failed[i] = true;
                    }

                    break;
                case FieldType.Int or FieldType.Decimal:
                    if (ValueParsers.TryNumber(cell, b.Multiplier, out var number) && (f.Type == FieldType.Decimal || number == decimal.Truncate(number)))
                    {
                        values[i] = Box(f.Type == FieldType.Int ? decimal.Truncate(number) : number);
                    }
                    else
                    {
                        written[i] = ValueParsers.Text(cell);
                        error |= Add(findings, Findings.NumberInvalid(_sheet, r, b.Column, f.Id, written[i]!, f.Type == FieldType.Int));
                        failed[i] = true;
                    }

                    break;
                case FieldType.Date:
                    if (ValueParsers.TryDate(cell, out var date))
                    {
                        values[i] = date.Date;
                        monthOnly[i] = date.MonthOnly;
                        written[i] = cell.Kind == CellKind.Date ? date.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : text;
                    }
                    else
                    {
                        error |= Add(findings, Findings.DateUnparsed(_sheet, r, b.Column, f.Id, text));
                        failed[i] = true;
                    }

                    break;
                case FieldType.Enum:
                    if (_enums.TryGetValue(f.Id, out var map) && map.TryGetValue(TextFold.ValueKey(text), out var code))
                    {
                        values[i] = code;
                    }
                    else
                    {
                        error |= Add(findings, Findings.EnumUnknown(_sheet, r, b.Column, f.Id, text, f.Values.Select(v => v.Names.FirstOrDefault() ?? v.Code)));
                        failed[i] = true;
                    }

                    break;
                case FieldType.Area:
                    if (f.Level == AreaFieldLevel.County)
                    {
                        var county = _session.ResolveCounty(text);
                        if (county is null)
                        {
                            error |= Add(findings, Findings.AreaUnknown(_sheet, r, b.Column, f.Id, text, Severity.Error));
                            failed[i] = true;
                        }
                        else
                        {
                            values[i] = county;
                            if (county != _session.CountyCode)
                            {
                                error |= Add(findings, Findings.CountyMismatch(_sheet, r, b.Column, text, _session.CountyCode));
                                failed[i] = true;
                            }
                        }
                    }
                    else
                    {
                        values[i] = TextFold.Fold(text);
                    }

                    break;
                case FieldType.IdCard:
                {
                    var candidate = IdNumber.Normalize(text);
                    if (IdNumber.LooksStoredAsNumber(cell, candidate))
                    {
                        error |= Add(findings, Findings.IdStoredAsNumber(_sheet, r, b.Column, candidate));
                        failed[i] = true;
                    }
                    else if (!IdNumber.HasValidShape(candidate))
                    {
                        error |= Add(findings, Findings.IdFormat(_sheet, r, b.Column, candidate));
                        failed[i] = true;
                    }
                    else if (!IdNumber.HasValidCheckDigit(candidate))
                    {
                        error |= Add(findings, Findings.IdChecksum(_sheet, r, b.Column, candidate));
                        failed[i] = true;
                    }
                    else
                    {
                        id = candidate;
                        idColumn = b.Column;
                    }

                    break;
                }
            }
        }

        var idBirth = id is null ? (DateOnly?)null : IdNumber.BirthDate(id);

        // Townships and villages resolve within the county's register when one is given.
        string? townshipCode = null;
        string? villageCode = null;
        var townshipIdx = _townshipIdx;
        var villageIdx = _villageIdx;
        if (townshipIdx >= 0 && values[townshipIdx] is string township)
        {
            townshipCode = _session.ResolveTownship(township);
            if (townshipCode is null && _session.Register is not null)
            {
                error |= Add(findings, Findings.AreaUnknown(_sheet, r, _bindings[townshipIdx].Column, "township", township, Severity.Warning));
            }
        }

        if (villageIdx >= 0 && values[villageIdx] is string village)
        {
            villageCode = _session.ResolveVillage(townshipCode ?? (townshipIdx >= 0 ? values[townshipIdx] as string : null), village);
            if (villageCode is null && _session.Register is not null)
            {
                error |= Add(findings, Findings.AreaUnknown(_sheet, r, _bindings[villageIdx].Column, "village", village, Severity.Warning));
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (failed[i])
            {
                continue;
            }

            var rules = _bindings[i].Field.Rules;
            for (var k = 0; k < rules.Count; k++)
            {
                var finding = Check(rules[k], i, values, monthOnly, written, r, id, idBirth);
                if (finding is not null)
                {
                    error |= Add(findings, finding);
                }
            }
        }

        if (error)
        {
            return null;
        }

        var personKey = id is null ? null : _session.Hasher.Hash(id);
        for (var u = 0; u < _form.Unique.Count; u++)
        {
            var rule = _form.Unique[u];
            var parts = new object?[rule.Fields.Count];
            var complete = true;
            for (var k = 0; k < parts.Length && complete; k++)
            {
                parts[k] = KeyPart(rule.Fields[k], values, personKey, townshipCode, villageCode, townshipIdx);
                complete = parts[k] is not null;
            }

            if (!complete)
            {
                continue;
            }

            var key = UniqueKey.Of(parts);

            if (_seen[u].TryGetValue(key, out var d))
            {
                var fi = _index.GetValueOrDefault(rule.Fields[0], -1);
                var col = fi >= 0 ? _bindings[fi].Column : -1;
                var shown = fi < 0 ? null : _bindings[fi].Field.Type == FieldType.IdCard ? Findings.Mask(id) : written[fi];
                findings.Add(Findings.Duplicate(rule.Code, _sheet, r, col, rule.Fields[0], shown, d.Sheet, d.Row));
                return null;
            }

            _seen[u][key] = (_sheet, r);
        }

        var stored = new object?[_layout.Keys.Count];
        for (var i = 0; i < n; i++)
        {
            if (_slot[i] >= 0)
            {
                stored[_slot[i]] = values[i];
            }
        }

        if (_townshipCodeSlot >= 0)
        {
            stored[_townshipCodeSlot] = townshipCode;
        }

        if (_villageCodeSlot >= 0)
        {
            stored[_villageCodeSlot] = villageCode;
        }

        if (id is not null)
        {
            // Ages are computed from the birth date in the ID number (forms.md): it is the full date, where the
            // birth-date column is often month-only, and the two were checked to agree.
            stored[_birthSlot] = idBirth ?? stored[_birthSlot];
            stored[_sexSlot] ??= IdNumber.Sex(id);
        }

        var fields = new FieldValues(_layout, stored);

        return new NormalizedRecord
        {
            Form = _form.Id,
            CountyCode = _session.CountyCode,
            Sheet = _sheet,
            Row = r,
            PersonKey = personKey,
            PersonCell = id is null ? null : Readers.CellRef.ColumnName(idColumn) + r.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PersonMasked = id is null ? null : Findings.Mask(id),
            Fields = fields,
        };
    }

    private object? KeyPart(string field, object?[] values, string? personKey, string? townshipCode, string? villageCode, int townshipIdx)
    {
        if (!_index.TryGetValue(field, out var i))
        {
            return null;
        }

        var f = _bindings[i].Field;
        return f switch
        {
            { Type: FieldType.IdCard } => personKey,
            { Type: FieldType.Area, Level: AreaFieldLevel.Township } => townshipCode ?? (values[i] is string t ? TextFold.ValueKey(t) : null),
            { Type: FieldType.Area, Level: AreaFieldLevel.Village } => villageCode
                ?? (values[i] is string v ? (townshipIdx >= 0 && values[townshipIdx] is string tw ? TextFold.ValueKey(tw) : "") + "/" + TextFold.ValueKey(v) : null),
            _ => values[i] is string s ? TextFold.ValueKey(s) : values[i],
        };
    }

    private Finding? Check(FieldRule rule, int i, object?[] values, bool[] monthOnly, string?[] written, int r, string? id, DateOnly? idBirth)
    {
        var b = _bindings[i];
        var f = b.Field;
        var value = values[i];
        var col = b.Column;

        // The cell as written, only when a finding shows it: most rows pass every rule.
        string Shown() => written[i] ?? (col >= 0 && _row is not null ? ValueParsers.Text(_row[col]) : "");

        switch (rule.Kind)
        {
            case "range" when value is decimal d:
                var low = rule.Min is { } min && (rule.MinExclusive ? d <= min : d < min);
                var high = rule.Max is { } max && (rule.MaxExclusive ? d >= max : d > max);
                return low || high ? Findings.OutOfRange(_sheet, r, col, f.Id, Shown(), RangeText(rule), rule.Severity) : null;

            case "notAfterPeriod" when value is DateOnly date:
                return date > _session.PeriodEnd ? Findings.DateAfterPeriod(_sheet, r, col, f.Id, Shown(), _session.Period) : null;

            case "year" when value is decimal year:
                return year is < 1900 or > 2100 ? Findings.YearInvalid(_sheet, r, col, f.Id, Shown()) : null;

            case "code" when value is string code:
                if (rule.Length is { } length && (code.Length != length || !code.All(char.IsAsciiDigit)))
                {
                    return Findings.CodeLength(_sheet, r, col, f.Id, Shown(), length);
                }

                var prefix = rule.PrefixFields.Select(p => Other(values, p) as string).FirstOrDefault(p => !string.IsNullOrEmpty(p));
                return prefix is not null && !code.StartsWith(prefix, StringComparison.Ordinal) ? Findings.CodePrefix(_sheet, r, col, f.Id, Shown(), prefix) : null;

            case "agreesWithId" when id is not null && idBirth is { } birth && value is DateOnly stated:
                var agrees = monthOnly[i] ? stated.Year == birth.Year && stated.Month == birth.Month : stated == birth;
                return agrees ? null : Findings.BirthDateMismatch(_sheet, r, col, f.Id, Shown());

            case "agreesWithId" when id is not null && value is string sex:
                return sex == IdNumber.Sex(id) ? null : Findings.SexMismatch(_sheet, r, col, f.Id, Shown());

            case "ageRange":
            {
                var born = idBirth ?? value as DateOnly?;
                if (born is not { } bd)
                {
                    return null;
                }

                var refYear = Other(values, rule.ReferenceYearField) is decimal ry && ry is >= 1900 and <= 2100 ? (int)ry : _session.Period;
                var age = refYear - bd.Year - (bd.Month == 1 && bd.Day == 1 ? 0 : 1);
                if ((rule.Min is { } amin && age < amin) || (rule.Max is { } amax && age > amax))
                {
                    var where = col >= 0 ? col : (_idIndex >= 0 ? _bindings[_idIndex].Column : -1);
                    return Findings.AgeOutOfRange(_sheet, r, where, f.Id, col >= 0 ? Shown() : bd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), age, (int)(rule.Min ?? 0), (int)(rule.Max ?? 200), rule.Severity);
                }

                return null;
            }

            case "afterAge" when value is DateOnly joined:
            {
                var born = idBirth ?? Other(values, "birthDate") as DateOnly?;
                if (born is not { } bd)
                {
                    return null;
                }

                var latest = monthOnly[i] ? joined.AddMonths(1).AddDays(-1) : joined;
                return latest < bd.AddYears(rule.Years ?? 18) ? Findings.JoinedBeforeAge(_sheet, r, col, f.Id, Shown(), rule.Years ?? 18, rule.Severity) : null;
            }

            case "notAboveField" when value is decimal part && Other(values, rule.Field) is decimal whole:
                return part > whole ? Findings.ExceedsField(_sheet, r, col, f.Id, Shown(), OtherHeader(rule.Field)) : null;

            case "afterField" when value is DateOnly end && Other(values, rule.Field) is DateOnly start:
                return end > start ? null : Findings.DateOrder(_sheet, r, col, f.Id, Shown(), OtherHeader(rule.Field));

            case "implies" when value is true:
                return Other(values, rule.Field) is true ? null : Findings.ImpliedMissing(_sheet, r, col, f.Id, b.Header.Trim(), OtherHeader(rule.Field), rule.Severity);

            default:
                return null;
        }
    }

    // Whole numbers up to 2100 (counts, months, years) share their boxes: most numbers in a roster are such.
    private static readonly object[] SmallNumbers = Enumerable.Range(0, 2101).Select(i => (object)(decimal)i).ToArray();

    private static object Box(decimal value) =>
        value >= 0 && value <= 2100 && value == decimal.Truncate(value) && value.Scale == 0 ? SmallNumbers[(int)value] : value;

    private static bool Add(FindingList findings, Finding finding)
    {
        findings.Add(finding);
        return finding.Severity == Severity.Error;
    }

    private object? Other(object?[] values, string? fieldId) => fieldId is not null && _index.TryGetValue(fieldId, out var j) ? values[j] : null;

    private string OtherHeader(string? fieldId) => fieldId is not null && _index.TryGetValue(fieldId, out var j) ? _bindings[j].Header.Trim() : fieldId ?? "";

    private static string RangeText(FieldRule rule)
    {
        var inv = CultureInfo.InvariantCulture;
        if (rule.Min is { } min && rule.Max is { } max)
        {
            return string.Create(inv, $"{min}–{max}");
        }

        if (rule.Min is { } lo)
        {
            return string.Create(inv, $"{(rule.MinExclusive ? ">" : "≥")} {lo}");
        }

        return rule.Max is { } hi ? string.Create(inv, $"{(rule.MaxExclusive ? "<" : "≤")} {hi}") : "";
    }
}
