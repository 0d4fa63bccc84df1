using System.Buffers.Text;
using System.Text.Json;
using CadrePipeline.Azure.Cosmos;

namespace CadrePipeline.Azure.Ingest;

/// <summary>Where one person (by keyed hash) appears in a county's current records: one line of a persons file.</summary>
public sealed record PersonEntry(string SubmissionId, string FileName, string Sheet, string Cell, int Row, string? Masked)
{
    /// <summary>The person's keyed hash.</summary>
    public string Key { get; init; } = "";
}

/// <summary>One current form key's persons file.</summary>
public sealed record PersonFile(string SubmissionId, string FileName, string Path);

/// <summary>
/// A county's current persons files per form key, stored beside its curated records as
/// <c>curated/{county}/{period}/persons-index.json</c> (the former <c>persons.json</c>, which held every person, is no
/// longer read). Each names a JSON Lines file of <see cref="PersonEntry"/>s (the first
/// place of each person in that submission's form key), so the index stays a few hundred bytes however many people a
/// county reports, and the cross-county check streams the files. Only keyed hashes and masked values, never an ID number.
/// </summary>
public sealed class PersonIndex
{
    public Dictionary<string, PersonFile> Forms { get; set; } = [];

    public static string PathFor(string county, int period) => $"{county}/{period}/persons-index.json";

    /// <summary>The persons file beside a curated records blob.</summary>
    public static string FileFor(string curatedPath) => Path.ChangeExtension(curatedPath, ".persons.jsonl");

    /// <summary>A person key as 128 bits (the first half of its MAC): what sets of people hold, 16 bytes each.</summary>
    public static UInt128 Digest(string personKey)
    {
        Span<byte> mac = stackalloc byte[64];
        if (Base64Url.TryDecodeFromChars(personKey, mac, out var n) && n >= 16)
        {
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(mac);
        }

        Span<byte> sha = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(personKey), sha);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(sha);
    }

    public static void WriteLine(Stream stream, PersonEntry entry)
    {
        JsonSerializer.Serialize(stream, entry, CosmosJson.Options);
        stream.WriteByte((byte)'\n');
    }

    public static IEnumerable<PersonEntry> ReadLines(Stream stream)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0 && JsonSerializer.Deserialize<PersonEntry>(line, CosmosJson.Options) is { } e)
            {
                yield return e;
            }
        }
    }
}
