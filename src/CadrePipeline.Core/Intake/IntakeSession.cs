using System.Buffers;
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
    VillageRegister? register,
    IAcceptedRecordSink? sink = null)
{
    private readonly Dictionary<(string Form, int Rule), Dictionary<UniqueKey, (string Sheet, int Row)>> _seen = [];
    private readonly Dictionary<FormDefinition, Dictionary<string, Dictionary<string, string>>> _enumLookups = [];
    private readonly DateOnly _periodEnd = new(period, 12, 31);

    public FormCatalog Forms => forms;

    public (SheetReport Report, FormBatch? Batch, bool HadRows) ReadSheet(SheetSource sheet, HeaderMatcher matcher, CancellationToken cancellationToken = default)
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
        var suggestions = missing.Count > 0 ? HeaderMatcher.Suggestions(match) : [];
        foreach (var f in missing)
        {
            var s = suggestions.FindIndex(x => x.Field == f);
            findings.Add(s >= 0
                ? Findings.HeaderUnknown(sheet.Name, match.HeaderRow, suggestions[s].Column, f.Id, match.Names[suggestions[s].Column].Trim(), f.HeaderZh, suggestions[s].Known)
                : Findings.ColumnMissing(sheet.Name, match.HeaderRow, f.Id, f.HeaderZh));
        }

        var validator = new RowValidator(this, match, sheet.Name, EnumLookup(match.Form));
        var records = new List<NormalizedRecord>();
        var read = 0;
        var accepted = 0;
        var first = true;
        // Asked once the sheet is recognised and before the prefetcher takes the rows to another thread: an xlsx
        // declares its merges after the rows, so they are read from a second pass over the part.
        var fill = new MergeFill(sheet.Merges(), match.HeaderRow, options.MaxColumns);
        var dataRows = head.Skip(match.HeaderIndex + 1).Concat(RowPrefetcher.Prefetch(rows, 1024, cancellationToken));
        foreach (var row in fill.Apply(dataRows))
        {
            // Government forms often number their columns (1, 2, 3, …) in the row under the header.
            var columnNumbers = first && row.RowNumber == match.HeaderRow + 1 && IsColumnNumberRow(row);
            first = false;
            if (columnNumbers || IsSkipped(row))
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
                if (sink is not null)
                {
                    sink.Add(match.Form.Id, sheet.Name, record);
                }
                else if (options.KeepAcceptedRecords)
                {
                    records.Add(record);
                }
            }
        }

        if (fill.CellsFilled > 0)
        {
            var filled = fill.Filled;
            findings.Add(Findings.MergedCellsFilled(sheet.Name, CellRef.A1(filled[0].FirstColumn, filled[0].FirstRow), filled[0].FirstRow, filled.Select(r => r.ToString()).ToList(), fill.CellsFilled));
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

            // Only text can start a totals or note row; look closer only when its first character could.
            if (cell.Kind != CellKind.Text || !MaySkip(cell.Text!))
            {
                if (++seen == 2)
                {
                    return false;
                }

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

    /// <summary>A row of at least three cells numbered 1, 2, 3, … in order (as text or numbers).</summary>
    internal static bool IsColumnNumberRow(SheetRow row)
    {
        var expected = 1;
        foreach (var cell in row.Cells)
        {
            if (cell.IsBlank)
            {
                continue;
            }

            var text = ValueParsers.Text(cell).Trim();
            if (text != expected.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return false;
            }

            expected++;
        }

        return expected > 3;
    }

    private static bool MaySkip(string text)
    {
        var t = text.AsSpan().TrimStart();
        return t.Length > 0 && "合小总總填注註说說备備".Contains(t[0]);
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

    /// <summary>The township's code, resolved by the register (<see cref="VillageRegister.ResolveTownship"/>); without one, a 9-digit code of this county.</summary>
    public string? ResolveTownship(string written) => Register is null
        ? VillageRegister.AsCode(written, 9) is { } code && code.StartsWith(countyCode, StringComparison.Ordinal) ? code : null
        : Register.ResolveTownship(written);

    /// <summary>The village's code, resolved by the register (<see cref="VillageRegister.ResolveVillage"/>); without one, a 12-digit code of this county.</summary>
    public string? ResolveVillage(string? township, string written) => Register is null
        ? VillageRegister.AsCode(written, 12) is { } code && code.StartsWith(countyCode, StringComparison.Ordinal) ? code : null
        : Register.ResolveVillage(township, written);

    /// <summary>
    /// The rows kept so far under the form's unique rule <paramref name="rule"/>, by key, across the sheets of this
    /// upload. Only accepted rows are remembered, so the first kept row wins.
    /// </summary>
    public Dictionary<UniqueKey, (string Sheet, int Row)> Seen(FormDefinition form, int rule)
    {
        if (!_seen.TryGetValue((form.Id, rule), out var seen))
        {
            _seen[(form.Id, rule)] = seen = [];
        }

        return seen;
    }
}

/// <summary>
/// The values of a unique rule's fields (any number), compared by value: strings ordinally, numbers and dates by value.
/// Kept as a 128-bit digest (XxHash128 of a canonical encoding) rather than the values themselves, because one key is
/// remembered per accepted row: 16 bytes instead of a few hundred (the keyed hash of an ID number is a 43-character
/// string), so memory stays small on a roster of a million rows. Two different keys share a digest with a chance of
/// about n² / 2¹²⁹ — none in practice. The hash is not cryptographic (SHA-256 cost four times as much per row): a
/// county that crafted two keys sharing a digest would only get a false duplicate finding on its own row, never hide a
/// duplicate; and keys with a person in them are unknowable without the ID-hash key.
/// </summary>
internal readonly record struct UniqueKey(ulong High, ulong Low)
{
    private const int StackBytes = 512;

    public static UniqueKey Of(object?[] parts)
    {
        var encoded = new (byte Tag, string? Text)[parts.Length];
        var length = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            encoded[i] = Canonical(parts[i]);
            length += encoded[i].Text is { } t ? 5 + (t.Length * 2) : 1;
        }

        // Most keys are one or two short values: encoded on the stack.
        byte[]? rented = null;
        var buffer = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var at = 0;
            foreach (var (tag, text) in encoded)
            {
                buffer[at++] = tag;
                if (text is null)
                {
                    continue;
                }

                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], text.Length);
                at += 4;
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(buffer[at..]);
                at += text.Length * 2;
            }

            var digest = System.IO.Hashing.XxHash128.HashToUInt128(buffer[..at]);
            return new UniqueKey((ulong)(digest >> 64), (ulong)digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>A type tag, then (unless null) the length and the UTF-16 text: no two sequences of parts encode alike.</summary>
    private static (byte Tag, string? Text) Canonical(object? part) => part switch
    {
        null => (0, null),
        string text => (1, text),
        // 1.0 and 1.00 are the same value: trailing zeros of the fraction do not count.
        decimal number => (2, DecimalText(number)),
        DateOnly date => (3, date.DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => (4, part.GetType().Name + ":" + Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static string DecimalText(decimal number)
    {
        var written = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return written.Contains('.', StringComparison.Ordinal) ? written.TrimEnd('0').TrimEnd('.') : written;
    }
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
