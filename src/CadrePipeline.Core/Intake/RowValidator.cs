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
    }

    /// <summary>Validates one data row; returns its record when no error was found.</summary>
    public NormalizedRecord? Validate(SheetRow row, FindingList findings)
    {
        var n = _bindings.Length;
        var values = new object?[n];
        var monthOnly = new bool[n];
        var failed = new bool[n];
        var written = new string?[n];
        var error = false;
        var r = row.RowNumber;

        void Add(Finding f)
        {
            findings.Add(f);
            error |= f.Severity == Severity.Error;
        }

        string? id = null;
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
                Add(Findings.CellError(_sheet, r, b.Column, f.Id, cell.Text ?? "#N/A", f.Required));
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
                    Add(Findings.RequiredMissing(_sheet, r, b.Column, f.Id, b.Header.Trim()));
                    failed[i] = true;
                }

                values[i] = f.Type == FieldType.Bool ? false : null;
                continue;
            }

            var text = ValueParsers.Text(cell);
            written[i] = text;
            switch (f.Type)
            {
                case FieldType.Text:
                {
                    var folded = TextFold.Fold(text);
                    values[i] = f.Synonyms.Count > 0 && f.Synonyms.TryGetValue(TextFold.ToSimplified(folded), out var canonical) ? canonical : folded;
                    break;
                }

                case FieldType.Bool:
                    if (ValueParsers.TryBool(cell, out var flag))
                    {
                        values[i] = flag;
                    }
                    else
                    {
                        Add(Findings.BoolInvalid(_sheet, r, b.Column, f.Id, text));
                        failed[i] = true;
                    }

                    break;
                case FieldType.Int or FieldType.Decimal:
                    if (ValueParsers.TryNumber(cell, b.Multiplier, out var number) && (f.Type == FieldType.Decimal || number == decimal.Truncate(number)))
                    {
                        values[i] = f.Type == FieldType.Int ? decimal.Truncate(number) : number;
                    }
                    else
                    {
                        Add(Findings.NumberInvalid(_sheet, r, b.Column, f.Id, text, f.Type == FieldType.Int));
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
                        Add(Findings.DateUnparsed(_sheet, r, b.Column, f.Id, text));
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
                        Add(Findings.EnumUnknown(_sheet, r, b.Column, f.Id, text, f.Values.Select(v => v.Names.FirstOrDefault() ?? v.Code)));
                        failed[i] = true;
                    }

                    break;
                case FieldType.Area:
                    if (f.Level == AreaFieldLevel.County)
                    {
                        var county = _session.ResolveCounty(text);
                        if (county is null)
                        {
                            Add(Findings.AreaUnknown(_sheet, r, b.Column, f.Id, text, Severity.Error));
                            failed[i] = true;
                        }
                        else
                        {
                            values[i] = county;
                            if (county != _session.CountyCode)
                            {
                                Add(Findings.CountyMismatch(_sheet, r, b.Column, text, _session.CountyCode));
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
                    if (!IdNumber.HasValidShape(candidate))
                    {
                        Add(Findings.IdFormat(_sheet, r, b.Column, candidate));
                        failed[i] = true;
                    }
                    else if (!IdNumber.HasValidCheckDigit(candidate))
                    {
                        Add(Findings.IdChecksum(_sheet, r, b.Column, candidate));
                        failed[i] = true;
                    }
                    else
                    {
                        id = candidate;
                    }

                    break;
                }
            }
        }

        var idBirth = id is null ? (DateOnly?)null : IdNumber.BirthDate(id);

        // Townships and villages resolve within the county's register when one is given.
        string? townshipCode = null;
        string? villageCode = null;
        var townshipIdx = Array.FindIndex(_bindings, b => b.Field is { Type: FieldType.Area, Level: AreaFieldLevel.Township });
        var villageIdx = Array.FindIndex(_bindings, b => b.Field is { Type: FieldType.Area, Level: AreaFieldLevel.Village });
        if (townshipIdx >= 0 && values[townshipIdx] is string township)
        {
            townshipCode = _session.ResolveTownship(township);
            if (townshipCode is null && _session.Register is not null)
            {
                Add(Findings.AreaUnknown(_sheet, r, _bindings[townshipIdx].Column, "township", township, Severity.Warning));
            }
        }

        if (villageIdx >= 0 && values[villageIdx] is string village)
        {
            villageCode = _session.ResolveVillage(townshipCode ?? (townshipIdx >= 0 ? values[townshipIdx] as string : null), village);
            if (villageCode is null && _session.Register is not null)
            {
                Add(Findings.AreaUnknown(_sheet, r, _bindings[villageIdx].Column, "village", village, Severity.Warning));
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (failed[i])
            {
                continue;
            }

            foreach (var rule in _bindings[i].Field.Rules)
            {
                var finding = Check(rule, i, values, monthOnly, written, r, id, idBirth);
                if (finding is not null)
                {
                    Add(finding);
                }
            }
        }

        if (error)
        {
            return null;
        }

        var personKey = id is null ? null : _session.Hasher.Hash(id);
        var duplicate = _session.CheckUnique(_form, _sheet, r, field => KeyPart(field, values, personKey, townshipCode, villageCode, townshipIdx));
        if (duplicate is { } d)
        {
            var firstField = d.Rule.Fields[0];
            var col = _index.TryGetValue(firstField, out var fi) ? _bindings[fi].Column : -1;
            var shown = fi >= 0 && fi < n && _bindings[fi].Field.Type == FieldType.IdCard ? Findings.Mask(id) : (fi >= 0 && fi < n ? written[fi] : null);
            findings.Add(Findings.Duplicate(d.Rule.Code, _sheet, r, col, firstField, shown, d.Row));
            return null;
        }

        var fields = new Dictionary<string, object?>(n + 4, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var f = _bindings[i].Field;
            if (!f.IsPersonal)
            {
                fields[f.Id] = values[i];
            }
        }

        if (townshipIdx >= 0)
        {
            fields["townshipCode"] = townshipCode;
        }

        if (villageIdx >= 0)
        {
            fields["villageCode"] = villageCode;
        }

        if (id is not null)
        {
            if (fields.GetValueOrDefault("birthDate") is null)
            {
                fields["birthDate"] = idBirth;
            }

            // Ages are computed from the birth date in the ID number (forms.md): the full date, where the birth-date
            // column is often month-only (the two were checked to agree).
            fields["idBirthDate"] = idBirth;

            if (fields.GetValueOrDefault("sex") is null)
            {
                fields["sex"] = IdNumber.Sex(id);
            }
        }

        return new NormalizedRecord
        {
            Form = _form.Id,
            CountyCode = _session.CountyCode,
            Sheet = _sheet,
            Row = r,
            PersonKey = personKey,
            Fields = fields,
        };
    }

    private string? KeyPart(string field, object?[] values, string? personKey, string? townshipCode, string? villageCode, int townshipIdx)
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
            _ => values[i] switch
            {
                null => null,
                string s => TextFold.ValueKey(s),
                var o => IntakeSession.Invariant(o),
            },
        };
    }

    private Finding? Check(FieldRule rule, int i, object?[] values, bool[] monthOnly, string?[] written, int r, string? id, DateOnly? idBirth)
    {
        var b = _bindings[i];
        var f = b.Field;
        var value = values[i];
        var shown = written[i] ?? "";
        var col = b.Column;
        object? Other(string? fieldId) => fieldId is not null && _index.TryGetValue(fieldId, out var j) ? values[j] : null;
        string OtherHeader(string? fieldId) => fieldId is not null && _index.TryGetValue(fieldId, out var j) ? _bindings[j].Header.Trim() : fieldId ?? "";

        switch (rule.Kind)
        {
            case "range" when value is decimal d:
                var low = rule.Min is { } min && (rule.MinExclusive ? d <= min : d < min);
                var high = rule.Max is { } max && (rule.MaxExclusive ? d >= max : d > max);
                return low || high ? Findings.OutOfRange(_sheet, r, col, f.Id, shown, RangeText(rule), rule.Severity) : null;

            case "notAfterPeriod" when value is DateOnly date:
                return date > _session.PeriodEnd ? Findings.DateAfterPeriod(_sheet, r, col, f.Id, shown, _session.Period) : null;

            case "year" when value is decimal year:
                return year is < 1900 or > 2100 ? Findings.YearInvalid(_sheet, r, col, f.Id, shown) : null;

            case "code" when value is string code:
                if (rule.Length is { } length && (code.Length != length || !code.All(char.IsAsciiDigit)))
                {
                    return Findings.CodeLength(_sheet, r, col, f.Id, shown, length);
                }

                var prefix = rule.PrefixFields.Select(p => Other(p) as string).FirstOrDefault(p => !string.IsNullOrEmpty(p));
                return prefix is not null && !code.StartsWith(prefix, StringComparison.Ordinal) ? Findings.CodePrefix(_sheet, r, col, f.Id, shown, prefix) : null;

            case "agreesWithId" when id is not null && idBirth is { } birth && value is DateOnly stated:
                var agrees = monthOnly[i] ? stated.Year == birth.Year && stated.Month == birth.Month : stated == birth;
                return agrees ? null : Findings.BirthDateMismatch(_sheet, r, col, f.Id, shown);

            case "agreesWithId" when id is not null && value is string sex:
                return sex == IdNumber.Sex(id) ? null : Findings.SexMismatch(_sheet, r, col, f.Id, shown);

            case "ageRange":
            {
                var born = idBirth ?? value as DateOnly?;
                if (born is not { } bd)
                {
                    return null;
                }

                var refYear = Other(rule.ReferenceYearField) is decimal ry && ry is >= 1900 and <= 2100 ? (int)ry : _session.Period;
                var age = refYear - bd.Year - (bd.Month == 1 && bd.Day == 1 ? 0 : 1);
                if ((rule.Min is { } amin && age < amin) || (rule.Max is { } amax && age > amax))
                {
                    var where = col >= 0 ? col : (_idIndex >= 0 ? _bindings[_idIndex].Column : -1);
                    return Findings.AgeOutOfRange(_sheet, r, where, f.Id, col >= 0 ? shown : bd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), age, (int)(rule.Min ?? 0), (int)(rule.Max ?? 200), rule.Severity);
                }

                return null;
            }

            case "afterAge" when value is DateOnly joined:
            {
                var born = idBirth ?? Other("birthDate") as DateOnly?;
                if (born is not { } bd)
                {
                    return null;
                }

                var latest = monthOnly[i] ? joined.AddMonths(1).AddDays(-1) : joined;
                return latest < bd.AddYears(rule.Years ?? 18) ? Findings.JoinedBeforeAge(_sheet, r, col, f.Id, shown, rule.Years ?? 18, rule.Severity) : null;
            }

            case "notAboveField" when value is decimal part && Other(rule.Field) is decimal whole:
                return part > whole ? Findings.ExceedsField(_sheet, r, col, f.Id, shown, OtherHeader(rule.Field)) : null;

            case "afterField" when value is DateOnly end && Other(rule.Field) is DateOnly start:
                return end > start ? null : Findings.DateOrder(_sheet, r, col, f.Id, shown, OtherHeader(rule.Field));

            case "implies" when value is true:
                return Other(rule.Field) is true ? null : Findings.ImpliedMissing(_sheet, r, col, f.Id, b.Header.Trim(), OtherHeader(rule.Field), rule.Severity);

            default:
                return null;
        }
    }

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
