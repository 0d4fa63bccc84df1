using System.Text.RegularExpressions;

namespace CadrePipeline.Core.Publishing;

/// <summary>
/// The last guard before publication: free text that a county chose (a file name) must not carry a resident ID
/// number into the published tables. Names cannot be recognised reliably in free text; ID numbers can.
/// </summary>
public static partial class PersonalDataMask
{
    /// <summary>What replaces an ID number.</summary>
    public const string Mask = "******";

    /// <summary>
    /// Replaces every standalone run of 18 characters (17 digits then a digit or X) or of 15 digits — the two lengths
    /// of a resident ID number — with <see cref="Mask"/>. Area codes (6, 9, 12 digits) and years are left alone.
    /// </summary>
    public static string IdNumbers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IdNumberPattern().Replace(text, Mask);
    }

    [GeneratedRegex(@"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex IdNumberPattern();
}
