using System.Globalization;
using CadrePipeline.Core.Records;

namespace CadrePipeline.Core.Forms;

/// <summary>
/// The supersession key of a form's records: the form id, and the values of the fields the form declares as its
/// <see cref="FormDefinition.SupersessionKey"/> (forms.json <c>supersessionKey</c>; for village secretaries the term, so
/// that a file holding only the 2018 term replaces the 2018 roster and leaves the 2021 roster alone).
/// </summary>
public static class SupersessionKeys
{
    /// <summary>The key's values in this record, or null when the form declares no key or one of its values is blank.</summary>
    public static IReadOnlyList<string>? PartsOf(FormDefinition? form, NormalizedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (form is null || form.SupersessionKey.Count == 0)
        {
            return null;
        }

        var parts = new string[form.SupersessionKey.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var value = record[form.SupersessionKey[i]];
            if (value is null || (value is string s && s.Length == 0))
            {
                return null;
            }

            parts[i] = value switch
            {
                decimal d => d.ToString(CultureInfo.InvariantCulture),
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            };
        }

        return parts;
    }

    /// <summary>The term a ledger entry records: the key's value when the key is one whole number (a year), else null.</summary>
    public static int? TermOf(IReadOnlyList<string>? parts) =>
        parts is [var only] && int.TryParse(only, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;

    /// <summary><c>form</c>, or <c>form@part@part</c>; with a one-field key this is the <c>village-secretaries@2021</c> of earlier versions.</summary>
    public static string For(string form, IReadOnlyList<string>? parts) => parts is null or { Count: 0 } ? form : form + "@" + string.Join('@', parts);

    /// <summary>The form id of a key made by <see cref="For"/>.</summary>
    public static string FormOf(string formKey)
    {
        ArgumentNullException.ThrowIfNull(formKey);
        var at = formKey.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? formKey : formKey[..at];
    }
}
