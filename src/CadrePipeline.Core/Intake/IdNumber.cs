using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CadrePipeline.Core.Intake;

/// <summary>Resident ID numbers (GB 11643-1999): 17 digits and a check character.</summary>
public static class IdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>The check character of the first 17 digits.</summary>
    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckChars[sum % 11];
    }

    /// <summary>Folds an ID as written (full-width, spaces, lower-case x) into its 18-char upper-case form.</summary>
    public static string Normalize(string written)
    {
        var sb = new StringBuilder(18);
        foreach (var c in written)
        {
            var h = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            if (!char.IsWhiteSpace(h) && h != '\u3000')
            {
                sb.Append(char.ToUpperInvariant(h));
            }
        }

        return sb.ToString();
    }

    /// <summary>True when the shape (17 digits + digit or X) and the embedded birth date are valid.</summary>
    public static bool HasValidShape(string id) =>
        id.Length == 18 && id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') is false
        && (char.IsAsciiDigit(id[17]) || id[17] == 'X') && BirthDate(id) is not null;

    public static bool HasValidCheckDigit(string id) => id.Length == 18 && CheckDigit(id.AsSpan(0, 17)) == id[17];

    /// <summary>The birth date at characters 7–14, or null when it is not a date.</summary>
    public static DateOnly? BirthDate(string id) =>
        id.Length >= 14 && DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary><c>male</c> when the 17th character is odd, else <c>female</c>.</summary>
    public static string Sex(string id) => (id[16] - '0') % 2 == 1 ? "male" : "female";
}

/// <summary>Turns a validated ID number into the person key that is stored instead of it.</summary>
public interface IIdHasher
{
    /// <summary>Input: the validated 18-char upper-case ID number.</summary>
    string Hash(string idNumber);
}

/// <summary>HMAC-SHA256 of the ID number under a secret key (from configuration, never from code); base64url output.</summary>
public sealed class HmacIdHasher : IIdHasher
{
    private readonly byte[] _key;

    public HmacIdHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("the hash key must have at least 16 bytes", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    /// <summary>A hasher with a random key, for offline validation where no record is stored.</summary>
    public static HmacIdHasher CreateRandom() => new(RandomNumberGenerator.GetBytes(32));

    public string Hash(string idNumber)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(idNumber), mac);
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
