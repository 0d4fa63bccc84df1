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
}

/// <summary>
/// Recognises a form by the signature of its header: the required fields' headers or aliases, matched after folding,
/// Traditional → Simplified, and dropping spaces, line breaks and bracketed units. Sheet and file names play no part.
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
            var accepted = missing == 0 || (requiredMatched >= 4 && missing * 3 <= required);
            if (!accepted)
            {
                continue;
            }

            var bindings = form.Fields
                .Select(f => columns.TryGetValue(f, out var c)
                    ? new FieldBinding(f, c, names[c], TextFold.HeaderMultiplier(names[c]))
                    : new FieldBinding(f, -1, f.HeaderZh, 1m))
                .ToArray();
            best = Better(best, new HeaderMatch(form, index, rowNumber, bindings, requiredMatched, columns.Count));
        }

        return best;
    }
}
