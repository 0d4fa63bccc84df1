using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Intake.Readers;
using CadrePipeline.Core.Intake.Text;

namespace CadrePipeline.Core.Intake;

/// <summary>Where a form's field was found: its column (or -1) and the header as written.</summary>
internal sealed record FieldBinding(FieldDefinition Field, int Column, string Header, decimal Multiplier);

/// <summary>A header row (or two-row header) matched to a form.</summary>
internal sealed record HeaderMatch(FormDefinition Form, int HeaderIndex, int HeaderRow, FieldBinding[] Bindings, int RequiredMatched, int Matched)
{
    public IEnumerable<FieldDefinition> MissingRequired => Bindings.Where(b => b.Column < 0 && b.Field.Required).Select(b => b.Field);

    /// <summary>The header row's names by column, as written (the lower row, else the upper one).</summary>
    public string[] Names { get; init; } = [];
}

/// <summary>
/// Recognises a form by the signature of its header: the required fields' headers, aliases and the catalogue's header
/// synonyms, matched after folding, Traditional → Simplified, and dropping spaces, line breaks, bracketed units and
/// required-marks (<c>*</c>, <c>:</c>). Sheet and file names play no part.
/// </summary>
internal sealed class HeaderMatcher
{
    private readonly List<(FormDefinition Form, Dictionary<string, FieldDefinition> ByKey, int Required)> _forms = [];

    public HeaderMatcher(FormCatalog catalog)
    {
        foreach (var form in catalog.Forms)
        {
            var byKey = new Dictionary<string, FieldDefinition>(StringComparer.Ordinal);
            foreach (var field in form.Fields)
            {
                foreach (var header in field.AllHeaders)
                {
                    byKey.TryAdd(TextFold.HeaderKey(header), field);
                }
            }

            _forms.Add((form, byKey, form.RequiredFields.Count()));
        }
    }

    /// <summary>The best header among the first rows of a sheet: single rows, and pairs of adjacent rows (lower names the column, else upper).</summary>
    public HeaderMatch? Find(IReadOnlyList<SheetRow> head)
    {
        HeaderMatch? best = null;
        for (var i = 0; i < head.Count; i++)
        {
            best = Better(best, Match(Names(head[i], null), i, head[i].RowNumber));
            if (i + 1 < head.Count && head[i + 1].RowNumber == head[i].RowNumber + 1)
            {
                best = Better(best, Match(Names(head[i + 1], head[i]), i + 1, head[i + 1].RowNumber));
            }
        }

        return best;
    }

    private static HeaderMatch? Better(HeaderMatch? a, HeaderMatch? b)
    {
        if (b is null)
        {
            return a;
        }

        if (a is null)
        {
            return b;
        }

        var ka = (a.MissingRequired.Any() ? 0 : 1, a.RequiredMatched, a.Matched);
        var kb = (b.MissingRequired.Any() ? 0 : 1, b.RequiredMatched, b.Matched);
        return kb.CompareTo(ka) > 0 ? b : a;
    }

    private static string[] Names(SheetRow lower, SheetRow? upper)
    {
        var width = Math.Max(lower.Cells.Length, upper?.Cells.Length ?? 0);
        var names = new string[width];
        for (var c = 0; c < width; c++)
        {
            var l = lower[c];
            names[c] = !l.IsBlank || upper is null ? ValueParsers.Text(l) : ValueParsers.Text(upper[c]);
        }

        return names;
    }

    private HeaderMatch? Match(string[] names, int index, int rowNumber)
    {
        var keys = names.Select(TextFold.HeaderKey).ToArray();
        HeaderMatch? best = null;
        foreach (var (form, byKey, required) in _forms)
        {
            var columns = new Dictionary<FieldDefinition, int>();
            for (var c = 0; c < keys.Length; c++)
            {
                if (keys[c].Length > 0 && byKey.TryGetValue(keys[c], out var field))
                {
                    columns.TryAdd(field, c);
                }
            }

            var requiredMatched = columns.Keys.Count(f => f.Required);
            var missing = required - requiredMatched;
            // A form with a few required columns missing is still recognised: at least four found and no more than a
            // third missing; or, so that one unknown wording of a required header does not hide a small form, one
            // missing and two found when some header cell is close to the missing one (checked below).
            var accepted = missing == 0 || (requiredMatched >= 4 && missing * 3 <= required);
            var onlyIfClose = !accepted && missing == 1 && requiredMatched >= 2;
            if (!accepted && !onlyIfClose)
            {
                continue;
            }

            var bindings = form.Fields
                .Select(f => columns.TryGetValue(f, out var c)
                    ? new FieldBinding(f, c, names[c], TextFold.HeaderMultiplier(names[c]))
                    : new FieldBinding(f, -1, f.HeaderZh, 1m))
                .ToArray();
            var match = new HeaderMatch(form, index, rowNumber, bindings, requiredMatched, columns.Count) { Names = names };
            if (onlyIfClose && Suggestions(match).Count == 0)
            {
                continue;
            }

            best = Better(best, match);
        }

        return best;
    }

    /// <summary>
    /// For each required field the header lacks, the header cell (not bound to any field) whose folded key is closest
    /// to one of the field's wordings by edit distance, when it is close enough to be a misspelling: at most a third of
    /// the longer key's characters (and at least one) differ, or one key contains the other. Each cell is suggested once.
    /// </summary>
    public static List<(FieldDefinition Field, int Column, string Known)> Suggestions(HeaderMatch match)
    {
        var bound = match.Bindings.Where(b => b.Column >= 0).Select(b => b.Column).ToHashSet();
        var unknown = new List<(int Column, string Key)>();
        for (var c = 0; c < match.Names.Length; c++)
        {
            var key = TextFold.HeaderKey(match.Names[c]);
            if (key.Length > 0 && !bound.Contains(c))
            {
                unknown.Add((c, key));
            }
        }

        var candidates = new List<(int Distance, FieldDefinition Field, int Column, string Known)>();
        foreach (var field in match.MissingRequired)
        {
            foreach (var (column, key) in unknown)
            {
                foreach (var header in field.AllHeaders)
                {
                    var known = TextFold.HeaderKey(header);
                    var contains = Math.Min(key.Length, known.Length) >= 2 && (known.Contains(key, StringComparison.Ordinal) || key.Contains(known, StringComparison.Ordinal));
                    var d = contains ? 0 : EditDistance(key, known);
                    if (d <= Math.Max(1, Math.Max(key.Length, known.Length) / 3))
                    {
                        candidates.Add((d, field, column, header));
                    }
                }
            }
        }

        var result = new List<(FieldDefinition, int, string)>();
        var usedFields = new HashSet<FieldDefinition>();
        var usedColumns = new HashSet<int>();
        foreach (var (_, field, column, known) in candidates.OrderBy(x => x.Distance).ThenBy(x => x.Column))
        {
            if (!usedFields.Contains(field) && !usedColumns.Contains(column))
            {
                usedFields.Add(field);
                usedColumns.Add(column);
                result.Add((field, column, known));
            }
        }

        return result;
    }

    /// <summary>Levenshtein distance (insert, delete, substitute: 1 each).</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
